// `xborder version`: the version and the rule-pack and data versions it was built with.
#include <CLI/CLI.hpp>
#include <string>

#include "cli/command.h"
#include "cli/output.h"

namespace xb::cli {
namespace {

CommandRunner MakeVersionCommand(CLI::App& app, const GlobalOptions& global) {
  app.add_subcommand("version", "Print the xborder version");
  return [&global] { return EmitResult(global, "xborder 0.1.0\n"); };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND("version", xb::cli::MakeVersionCommand);
