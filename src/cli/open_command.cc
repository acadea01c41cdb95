// `xborder open FILE.age -i IDENTITY_FILE [-i ...] [-o OUT]`: decrypts an age v1 file (binary
// or armored) sealed for an X25519 identity, such as `age -r` writes. The output appears only
// once the whole file has authenticated. Exit 1 when the file was altered or truncated, 2 for a
// malformed file or identity, or when no identity matches.
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

struct OpenArgs {
  std::string file;
  std::vector<std::string> identity_files;
  std::string output;
};

Result<std::string> OutputFor(const OpenArgs& args) {
  if (!args.output.empty()) return args.output;
  constexpr std::string_view kSuffix = ".age";
  if (args.file.size() > kSuffix.size() && args.file.ends_with(kSuffix)) {
    return args.file.substr(0, args.file.size() - kSuffix.size());
  }
  return InvalidArgument("FILE does not end in .age: name the output with -o", {args.file});
}

int RunOpen(const GlobalOptions& global, const OpenArgs& args) {
  std::vector<seal::AgeIdentity> identities;
  for (const std::string& path : args.identity_files) {
    auto ids = seal::ReadIdentityFile(path);
    if (!ids.ok()) return ReportError(ids.error());
    for (auto& id : *ids) identities.push_back(std::move(id));
  }
  auto output = OutputFor(args);
  if (!output.ok()) return ReportError(output.error());
  if (Status fresh = seal::RefuseExistingOutput(*output); !fresh.ok()) {
    return ReportError(fresh.error());
  }
  auto opened = seal::OpenSealedFile(args.file, *output, identities);
  if (!opened.ok()) return ReportError(opened.error());
  if (global.ResolvedFormat() == OutputFormat::kTable) {
    return EmitResult(global, "opened " + args.file + " -> " + *output + " (" +
                                  std::to_string(opened->output_bytes) + " bytes)\n");
  }
  nlohmann::json j = {{"input", args.file},
                      {"output", *output},
                      {"input_bytes", opened->input_bytes},
                      {"output_bytes", opened->output_bytes}};
  return EmitResult(global, j.dump() + "\n");
}

CommandRunner MakeOpenCommand(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<OpenArgs>();
  CLI::App* cmd = app.add_subcommand("open", "Decrypt an age file with an X25519 identity file");
  cmd->add_option("FILE", args->file, "The sealed file (binary or armored age)")->required();
  cmd->add_option("-i,--identity", args->identity_files,
                  "Identity file, as age-keygen writes (AGE-SECRET-KEY-1...; repeatable)")
      ->required();
  cmd->add_option("-o,--output", args->output,
                  "Decrypted file (default: FILE without .age; never replaced)");
  cmd->fallthrough();
  return [&global, args] { return RunOpen(global, *args); };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND("open", xb::cli::MakeOpenCommand);
