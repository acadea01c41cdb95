// `xborder keys export --minisign | generate-recipient -o FILE | passphrase [--remove]`: the keys
// xborder holds and the ones it gives out (docs/keys.md). `keys rotate` is still to come.
// `keys passphrase` covers the key files that exist when it runs and says which ones it did not.
#include <CLI/CLI.hpp>
#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/passphrase_prompt.h"
#include "core/secret_file.h"
#include "ledger/signing_key.h"
#include "seal/age_keys.h"
#include "seal/minisign.h"

namespace xb::cli {
namespace {

struct KeysArgs {
  bool minisign = false;
  std::string identity_file;
  bool remove = false;
};

int RunExport(const GlobalOptions& global, const KeysArgs& args) {
  if (!args.minisign) {
    return ReportError(InvalidArgument("name the format: keys export --minisign"));
  }
  // The exporter's checkpoint key also signs package manifests (docs/keys.md); it is created
  // here if this installation has not signed anything yet, so it can be published first.
  auto key = ledger::LoadOrCreateSigningKey(ledger::SigningKeyPathFor(global.ResolvedKeyFile()));
  if (!key.ok()) return ReportError(key.error());
  return EmitResult(global, seal::FormatMinisignPublicKey(key->public_key()));
}

std::string UtcNow() {
  std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

int RunGenerateRecipient(const GlobalOptions& global, const KeysArgs& args) {
  auto identity = seal::AgeIdentity::Generate();
  if (!identity.ok()) return ReportError(identity.error());
  // Plain even under $XBORDER_KEY_PASSPHRASE: `age -d -i FILE` must be able to read it.
  auto created = CreateSecretFile(args.identity_file, seal::FormatIdentityFile(*identity, UtcNow()),
                                  NewSecretWrapping::kNever);
  if (!created.ok()) return ReportError(created.error());
  if (*created == SecretCreation::kAlreadyExists) {
    return ReportError(
        InvalidArgument("file exists; an identity is never replaced", {args.identity_file}));
  }
  std::string recipient = identity->recipient().ToString();
  if (global.ResolvedFormat() == OutputFormat::kTable) {
    return EmitResult(global, "Public key: " + recipient + "\n");
  }
  nlohmann::json j = {{"recipient", recipient}, {"identity_file", args.identity_file}};
  return EmitResult(global, j.dump() + "\n");
}

constexpr std::string_view kAbsentNote =
    "absent: not covered; a key created later is protected only if XBORDER_KEY_PASSPHRASE is set "
    "when it is created, else run `xborder keys passphrase` again after";

Result<std::string> NewPassphrase() {
  if (const char* env = std::getenv("XBORDER_KEY_NEW_PASSPHRASE"); env && *env) {
    return std::string(env);
  }
  XB_ASSIGN_OR_RETURN(std::string first, AskOnTerminal("New passphrase: "));
  XB_ASSIGN_OR_RETURN(std::string second, AskOnTerminal("Repeat the new passphrase: "));
  if (first != second) return InvalidArgument("the two passphrases differ");
  if (first.empty()) return InvalidArgument("the passphrase is empty; use --remove to unprotect");
  return first;
}

int RunPassphrase(const GlobalOptions& global, const KeysArgs& args) {
  std::string hmac_path = global.ResolvedKeyFile();
  std::vector<std::string> paths = {hmac_path, ledger::SigningKeyPathFor(hmac_path)};
  // Read every key first (with the current passphrase), so that nothing is rewritten unless
  // all of them opened.
  std::vector<std::pair<std::string, std::string>> keys;
  nlohmann::json report = nlohmann::json::object();
  for (const std::string& path : paths) {
    auto text = ReadSecretFile(path);
    if (!text.ok() && text.error().code == ErrorCode::kNotFound) {
      // Not created here (a key appears on first use). Said plainly, because a key created
      // later is wrapped only if XBORDER_KEY_PASSPHRASE is set at that moment.
      report[path] = kAbsentNote;
      continue;
    }
    if (!text.ok()) return ReportError(text.error());
    keys.emplace_back(path, std::move(text).value());
  }
  if (keys.empty()) return ReportError(NotFound("no key file", {hmac_path}));
  std::string passphrase;
  if (!args.remove) {
    auto chosen = NewPassphrase();
    if (!chosen.ok()) return ReportError(chosen.error());
    passphrase = std::move(chosen).value();
  }
  for (const auto& [path, text] : keys) {
    Status s = ReplaceSecretFile(
        path, text, args.remove ? SecretProtection::kPlain : SecretProtection::kPassphrase,
        passphrase);
    if (!s.ok()) return ReportError(s.error());
    report[path] = std::string(args.remove ? "plain" : "protected");
  }
  if (global.ResolvedFormat() == OutputFormat::kTable) {
    std::string text;
    for (const auto& [path, state] : report.items()) {
      text += path + ": " + state.get<std::string>() + "\n";
    }
    return EmitResult(global, text);
  }
  return EmitResult(global, report.dump() + "\n");
}

CommandRunner MakeKeysCommand(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<KeysArgs>();
  CLI::App* keys = app.add_subcommand("keys", "Keys xborder holds and publishes");
  keys->require_subcommand(1);
  keys->fallthrough();
  CLI::App* export_cmd = keys->add_subcommand("export", "Print the exporter's public key");
  export_cmd->add_flag("--minisign", args->minisign,
                       "In minisign's format, for `minisign -V -p KEY.pub -m manifest.json`");
  CLI::App* generate = keys->add_subcommand(
      "generate-recipient", "Create an age X25519 identity file (like age-keygen); prints age1...");
  generate->add_option("-o,--output", args->identity_file, "Identity file to create (mode 0600)")
      ->required();
  CLI::App* passphrase = keys->add_subcommand(
      "passphrase",
      "Protect the HMAC key and signing key files with a passphrase ($XBORDER_KEY_NEW_PASSPHRASE "
      "or asked twice), or --remove it");
  passphrase->add_flag("--remove", args->remove, "Store the key files unprotected again");
  for (CLI::App* sub : {export_cmd, generate, passphrase}) sub->fallthrough();

  return [&global, args, export_cmd, generate, passphrase]() -> int {
    if (export_cmd->parsed()) return RunExport(global, *args);
    if (generate->parsed()) return RunGenerateRecipient(global, *args);
    if (passphrase->parsed()) return RunPassphrase(global, *args);
    return kExitBadInput;
  };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND("keys", xb::cli::MakeKeysCommand);
