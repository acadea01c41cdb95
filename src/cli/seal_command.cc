// `xborder seal FILE -r age1... [-r ...] [-o OUT]`: encrypts a file in the age v1 format for
// one or more X25519 recipients (DESIGN.md §12, docs/keys.md); `age -d -i KEY OUT` opens it.
#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/output.h"
#include "seal/age_keys.h"
#include "seal/seal_file.h"

namespace xb::cli {
namespace {

struct SealArgs {
  std::string file;
  std::vector<std::string> recipients;
  std::string output;
};

int RunSeal(const GlobalOptions& global, const SealArgs& args) {
  std::vector<seal::AgeRecipient> recipients;
  for (size_t i = 0; i < args.recipients.size(); ++i) {
    auto r = seal::ParseAgeRecipient(args.recipients[i]);
    if (!r.ok()) {
      Error e = std::move(r).error();
      e.where.field = "-r #" + std::to_string(i + 1);
      return ReportError(e);
    }
    recipients.push_back(*r);
  }
  std::string output = args.output.empty() ? args.file + ".age" : args.output;
  if (Status fresh = seal::RefuseExistingOutput(output); !fresh.ok()) {
    return ReportError(fresh.error());
  }
  auto sealed = seal::SealFile(args.file, output, recipients);
  if (!sealed.ok()) return ReportError(sealed.error());
  if (global.ResolvedFormat() == OutputFormat::kTable) {
    return EmitResult(global, "sealed " + args.file + " -> " + output + " (" +
                                  std::to_string(sealed->output_bytes) + " bytes, " +
                                  std::to_string(recipients.size()) + " recipient" +
                                  (recipients.size() == 1 ? "" : "s") + ")\n");
  }
  nlohmann::json j = {{"input", args.file},
                      {"output", output},
                      {"input_bytes", sealed->input_bytes},
                      {"output_bytes", sealed->output_bytes},
                      {"recipients", recipients.size()}};
  return EmitResult(global, j.dump() + "\n");
}

CommandRunner MakeSealCommand(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<SealArgs>();
  CLI::App* cmd =
      app.add_subcommand("seal", "Encrypt a file for age X25519 recipients (age v1, binary)");
  cmd->add_option("FILE", args->file, "File to seal")->required();
  cmd->add_option("-r,--recipient", args->recipients, "Recipient public key, age1... (repeatable)")
      ->required();
  cmd->add_option("-o,--output", args->output, "Sealed file (default: FILE.age; never replaced)");
  cmd->fallthrough();
  return [&global, args] { return RunSeal(global, *args); };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND("seal", xb::cli::MakeSealCommand);
