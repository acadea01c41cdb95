// `xborder sign FILE`: signs a file into FILE.minisig (mode 0644) with the exporter's existing
// key (exit 2 if there is none: it is never created here), in minisign's format, so that `minisign
// -V -p KEY.pub -m FILE` (KEY.pub from `xborder keys export
// --minisign`) verifies it. The trusted comment is minisign's own (timestamp and file name), so
// a file signed here never passes for a transfer's package file (transfer/package_seal.h).
#include <CLI/CLI.hpp>
#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/command.h"
#include "cli/output.h"
#include "ledger/signing_key.h"
#include "seal/minisign.h"

namespace xb::cli {
namespace {

int RunSign(const GlobalOptions& global, const std::string& file) {
  // Load only: a signature under a key made on the spot would verify against no published key.
  std::string key_path = ledger::SigningKeyPathFor(global.ResolvedKeyFile());
  auto key = ledger::LoadSigningKey(key_path);
  if (!key.ok() && key.error().code == ErrorCode::kNotFound) {
    return ReportError(NotFound(
        "no signing key: sign uses the exporter's existing checkpoint key and never creates one "
        "(check --key-file; a new installation creates it with `xborder keys export --minisign`)",
        {key_path}));
  }
  if (!key.ok()) return ReportError(key.error());
  const ledger::SigningKey& signing_key = *key;
  seal::MinisignSigner signer{signing_key.public_key(),
                              [&signing_key](std::string_view m) { return signing_key.Sign(m); }};
  auto sig_path = seal::WriteMinisignature(file, signer, static_cast<int64_t>(std::time(nullptr)));
  if (!sig_path.ok()) return ReportError(sig_path.error());
  if (global.ResolvedFormat() == OutputFormat::kTable) {
    return EmitResult(global, "signed " + file + " -> " + *sig_path + "\n");
  }
  nlohmann::json j = {{"file", file}, {"signature", *sig_path}};
  return EmitResult(global, j.dump() + "\n");
}

CommandRunner MakeSignCommand(CLI::App& app, const GlobalOptions& global) {
  auto file = std::make_shared<std::string>();
  CLI::App* cmd =
      app.add_subcommand("sign", "Sign a file into FILE.minisig with the exporter's key");
  cmd->add_option("FILE", *file, "File to sign")->required();
  cmd->fallthrough();
  return [&global, file] { return RunSign(global, *file); };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND("sign", xb::cli::MakeSignCommand);
