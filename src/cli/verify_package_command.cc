// `xborder verify-package DIR [--public-key KEY.pub] [--ledger]`: checks an export package
// (transfer/package_verify.h): the manifest's minisign signature, every file's SHA-256, no
// unlisted file, and with --ledger that the ledger entry the manifest names records its hash.
//
// The public key: --public-key (minisign's format, from `xborder keys export --minisign`), else
// the exporter's own signing key (beside --key-file), or the retired key the signature names
// when the package was signed before a `keys rotate --signing`.
//
// Exit codes: 0 the package verifies; 1 a mismatch (each named on stdout, with its file); 2 bad
// input (no manifest or signature, a malformed one, no key).
#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/command.h"
#include "cli/output.h"
#include "core/atomic_file.h"
#include "ledger/open_ledger.h"
#include "ledger/signing_key.h"
#include "seal/minisign.h"
#include "transfer/package_verify.h"

namespace xb::cli {
namespace {

struct VerifyPackageArgs {
  std::string dir;
  std::string public_key;
  bool ledger = false;
};

Result<seal::MinisignPublicKey> PublicKeyFor(const GlobalOptions& global,
                                             const VerifyPackageArgs& args) {
  if (!args.public_key.empty()) {
    XB_ASSIGN_OR_RETURN(std::string text, ReadFile(args.public_key));
    auto key = seal::ParseMinisignPublicKey(text);
    if (!key.ok()) return Error{key.error().code, key.error().message, {args.public_key}};
    return *key;
  }
  // Load only: a key made on the spot would verify nothing.
  const std::string path = ledger::SigningKeyPathFor(global.ResolvedKeyFile());
  XB_ASSIGN_OR_RETURN(ledger::SigningKey signing, ledger::LoadSigningKey(path));
  const seal::MinisignPublicKey current{seal::MinisignKeyIdFor(signing.public_key()),
                                        signing.public_key()};
  // A package signed before a `keys rotate --signing`: the retired key its signature names.
  auto signature = ReadFile(args.dir + "/manifest.json.minisig");
  if (!signature.ok()) return current;  // VerifyPackage reports the missing signature
  auto parsed = seal::ParseMinisignSignature(*signature);
  if (!parsed.ok() || parsed->key_id == current.key_id) return current;
  XB_ASSIGN_OR_RETURN(std::vector<ledger::PublicKey> retired,
                      ledger::ReadRetiredKeys(ledger::RetiredKeysPathFor(path)));
  for (const ledger::PublicKey& key : retired) {
    if (seal::MinisignKeyIdFor(key) == parsed->key_id) {
      return seal::MinisignPublicKey{parsed->key_id, key};
    }
  }
  return current;
}

std::string ToText(const transfer::PackageVerification& v) {
  std::string t = v.ok() ? "package verifies" : "package does NOT verify";
  t += ": " + std::to_string(v.files_checked) + " file(s) match the signed manifest";
  if (!v.sealed_to.empty())
    t += ", sealed for " + std::to_string(v.sealed_to.size()) + " recipient(s)";
  if (v.ledger_index) t += "; ledger entry " + std::to_string(*v.ledger_index) + " checked";
  t += "\n";
  for (const std::string& m : v.mismatches) t += "  mismatch: " + m + "\n";
  return t;
}

std::string ToJson(const transfer::PackageVerification& v) {
  nlohmann::json j = {{"ok", v.ok()},
                      {"manifest_sha256", v.manifest_sha256},
                      {"trusted_comment", v.trusted_comment},
                      {"files_checked", v.files_checked},
                      {"sealed_to", v.sealed_to},
                      {"mismatches", v.mismatches}};
  if (v.ledger_index) j["ledger_index"] = *v.ledger_index;
  return j.dump() + "\n";
}

int RunVerifyPackage(const GlobalOptions& global, const VerifyPackageArgs& args) {
  auto key = PublicKeyFor(global, args);
  if (!key.ok()) return ReportError(key.error());
  std::unique_ptr<ledger::Ledger> ledger;
  if (args.ledger) {
    auto opened =
        ledger::OpenLedgerFile(global.db, global.ResolvedKeyFile(), ledger::LedgerAccess::kRead);
    if (!opened.ok()) return ReportError(opened.error());
    ledger = std::move(opened).value();
  }
  auto verified = transfer::VerifyPackage(args.dir, *key, ledger.get());
  if (!verified.ok()) return ReportError(verified.error());
  const std::string text =
      global.ResolvedFormat() == OutputFormat::kJson ? ToJson(*verified) : ToText(*verified);
  int code = EmitResult(global, text);
  if (code != kExitOk) return code;
  return verified->ok() ? kExitOk : kExitNonCompliant;
}

CommandRunner MakeVerifyPackageCommand(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<VerifyPackageArgs>();
  CLI::App* cmd = app.add_subcommand(
      "verify-package", "Check an export package: signed manifest, file digests, ledger entry");
  cmd->add_option("DIR", args->dir, "The package folder")->required();
  cmd->add_option("-p,--public-key", args->public_key,
                  "The exporter's minisign public key (default: the key beside --key-file)");
  cmd->add_flag("--ledger", args->ledger,
                "Also check that the ledger entry the manifest names records its hash");
  cmd->fallthrough();
  return [&global, args] { return RunVerifyPackage(global, *args); };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND("verify-package", xb::cli::MakeVerifyPackageCommand);
