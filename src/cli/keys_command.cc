// `xborder keys export --minisign | generate-recipient -o FILE | passphrase [--remove] |
// rotate --subject | rotate --signing`: the keys xborder holds and the ones it gives out
// (docs/keys.md). `keys passphrase` covers the key files that exist when it runs and says which
// ones it did not. `keys rotate --subject` adds a layer to the subject-key chain and re-keys
// every store that holds subject hashes; `keys rotate --signing` hands the ledger over to a new
// checkpoint key, keeping the old public key (docs/keys.md, "Rotation").
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/passphrase_prompt.h"
#include "consent/consent_store.h"
#include "core/crypto.h"
#include "core/key_file.h"
#include "core/secret_file.h"
#include "core/wiped.h"
#include "detect/subject_hasher.h"
#include "ledger/key_rotation.h"
#include "ledger/ledger.h"
#include "ledger/open_ledger.h"
#include "ledger/signing_key.h"
#include "monitor/monitor_state.h"
#include "pg/url.h"
#include "seal/age_keys.h"
#include "seal/minisign.h"

namespace xb::cli {
namespace {

struct KeysArgs {
  bool minisign = false;
  std::string identity_file;
  bool remove = false;
  bool subject = false;
  bool signing = false;
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
  XB_ASSIGN_OR_RETURN(std::string typed, AskOnTerminal("New passphrase: "));
  Wiped<std::string> first(std::move(typed));
  XB_ASSIGN_OR_RETURN(typed, AskOnTerminal("Repeat the new passphrase: "));
  Wiped<std::string> second(std::move(typed));
  if (*first != *second) return InvalidArgument("the two passphrases differ");
  if (first->empty()) return InvalidArgument("the passphrase is empty; use --remove to unprotect");
  return std::string(*first);
}

int RunPassphrase(const GlobalOptions& global, const KeysArgs& args) {
  std::string hmac_path = global.ResolvedKeyFile();
  std::vector<std::string> paths = {hmac_path, ledger::SigningKeyPathFor(hmac_path)};
  // Read every key first (with the current passphrase), so that nothing is rewritten unless
  // all of them opened.
  std::vector<std::pair<std::string, Wiped<std::string>>> keys;  // path, unwrapped text
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
    keys.emplace_back(path, Wiped<std::string>(std::move(text).value()));
  }
  if (keys.empty()) return ReportError(NotFound("no key file", {hmac_path}));
  Wiped<std::string> passphrase;
  if (!args.remove) {
    auto chosen = NewPassphrase();
    if (!chosen.ok()) return ReportError(chosen.error());
    passphrase = Wiped<std::string>(std::move(chosen).value());
  }
  for (const auto& [path, text] : keys) {
    Status s = ReplaceSecretFile(
        path, *text, args.remove ? SecretProtection::kPlain : SecretProtection::kPassphrase,
        *passphrase);
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

// Test hook: $XB_FAULT_ROTATE_AFTER names a step of the rotation after which the process
// stops dead, as if killed, so that the tests can check a rotation resumes.
void FaultPoint(std::string_view step) {
  const char* at = std::getenv("XB_FAULT_ROTATE_AFTER");
  if (at != nullptr && step == at) std::_Exit(137);
}

struct SubjectRotation {
  std::string from;
  std::string to;
  bool resumed = false;
  int64_t consent_records = 0;
  int64_t monitor_hashes = 0;
  ledger::SubjectRekeyResult ledger;
};

// Step 1: the new layer is written to the key file as pending before any store changes, so
// that an interruption leaves the layer that some stores may already use; every command
// refuses the key until the rotation finishes. A pending layer found here is resumed.
Status StartSubjectRotation(const std::string& path, KeyFileState* state, bool* resumed) {
  *resumed = state->pending_layer.has_value();
  if (*resumed) return Status::Ok();
  KeyBytes layer;
  XB_RETURN_IF_ERROR(RandomBytes(layer));
  state->pending_layer = layer;
  sodium_memzero(layer.data(), layer.size());
  return WriteKeyFileState(path, *state);
}

// Steps 2-4: each store moves from `from` to `to` in one transaction of its own, idempotently
// by key id, so that a resumed rotation redoes only what did not commit. The ledger comes last
// and records the rotation in the same transaction as its own re-keying.
Status RekeyStores(const GlobalOptions& global, const ledger::SubjectRekey& rekey,
                   SubjectRotation* r) {
  XB_ASSIGN_OR_RETURN(auto consents, consent::ConsentStore::Open(global.db));
  XB_ASSIGN_OR_RETURN(r->consent_records, consents->Rekey(r->from, r->to, rekey));
  FaultPoint("consent");
  if (!pg::IsPostgresUrl(global.db)) {  // the monitor keeps its state in SQLite only
    XB_ASSIGN_OR_RETURN(r->monitor_hashes,
                        monitor::RekeySqliteMonitorState(global.db, r->from, r->to, rekey));
  }
  FaultPoint("monitor");
  XB_ASSIGN_OR_RETURN(auto ledger, ledger::OpenLedgerFile(global.db, global.ResolvedKeyFile(),
                                                          ledger::LedgerAccess::kAppend));
  nlohmann::json entry = {{"type", "key_rotation"},
                          {"key", "subject"},
                          {"old_key_id", r->from},
                          {"new_key_id", r->to},
                          {"time", UtcNow()}};
  XB_ASSIGN_OR_RETURN(r->ledger, ledger->RekeySubjects(r->from, r->to, rekey, entry.dump()));
  FaultPoint("ledger");
  return Status::Ok();
}

Result<SubjectRotation> RotateSubjectKey(const GlobalOptions& global) {
  const std::string path = global.ResolvedKeyFile();
  XB_ASSIGN_OR_RETURN(KeyFileState state, ReadKeyFileState(path));
  SubjectRotation r;
  XB_RETURN_IF_ERROR(StartSubjectRotation(path, &state, &r.resumed));
  r.from = state.key.id;
  r.to = KeyIdOf(*state.pending_layer);
  {
    // The same step in the database, for commands that loaded the key before step 1 and never
    // read the key file again: from here on their writes are refused (ledger/key_rotation.h).
    XB_ASSIGN_OR_RETURN(auto store,
                        ledger::OpenLedgerStore(global.db, ledger::LedgerAccess::kAppend));
    XB_RETURN_IF_ERROR(ledger::MarkSubjectRotationPending(*store, r.from, r.to));
  }
  FaultPoint("pending");
  const HmacSha256 layer(*state.pending_layer);
  XB_RETURN_IF_ERROR(RekeyStores(
      global, [&layer](const Digest& h) { return SubjectHasher::Rekey(layer, h); }, &r));
  // Step 5: the layer joins the chain; from now on every hash is made under it.
  state.key.subject_layers.push_back(*state.pending_layer);
  state.pending_layer.reset();
  XB_RETURN_IF_ERROR(WriteKeyFileState(path, state));
  return r;
}

struct SigningRotation {
  ledger::PublicKey old_key{};
  ledger::PublicKey new_key{};
  bool resumed = false;
};

// The new key is created beside the old one first ("<key>.next"), so that an interruption
// leaves it for the next run; the ledger hands over to it in one transaction; then the old
// public key joins the retired keys and the new key takes the old one's file name. A ledger
// that already names the new key means an earlier run got that far (resumed).
Result<SigningRotation> RotateSigningKey(const GlobalOptions& global) {
  const std::string path = ledger::SigningKeyPathFor(global.ResolvedKeyFile());
  XB_ASSIGN_OR_RETURN(ledger::SigningKey current, ledger::LoadSigningKey(path));
  const std::string next_path = ledger::NextSigningKeyPathFor(path);
  SigningRotation r;
  r.resumed = CheckPrivate(next_path).ok();
  XB_ASSIGN_OR_RETURN(ledger::SigningKey next, ledger::LoadOrCreateSigningKey(next_path));
  // A protected key is replaced by a protected one, under the passphrase just read (also when
  // it was typed at the prompt, which new key files do not ask for). Checked on every run, so
  // an interruption before it is made good when the rotation resumes.
  XB_RETURN_IF_ERROR(ProtectLike(path, next_path));
  FaultPoint("signing-next");
  r.old_key = current.public_key();
  r.new_key = next.public_key();
  XB_ASSIGN_OR_RETURN(auto store,
                      ledger::OpenLedgerStore(global.db, ledger::LedgerAccess::kAppend));
  auto recorded = store->ReadMeta("public_key");
  if (!recorded.ok() || *recorded != ToHex(r.new_key)) {
    XB_ASSIGN_OR_RETURN(auto ledger, ledger::Ledger::Open(std::move(store), std::move(current)));
    nlohmann::json entry = {{"type", "key_rotation"}, {"key", "signing"}, {"time", UtcNow()}};
    auto rotated = ledger->RotateSigningKey(std::move(next), entry.dump());
    if (!rotated.ok()) return std::move(rotated).error();
  }
  FaultPoint("signing-ledger");
  XB_RETURN_IF_ERROR(ledger::AddRetiredKey(ledger::RetiredKeysPathFor(path), r.old_key));
  std::error_code ec;
  std::filesystem::rename(next_path, path, ec);
  if (ec) return IoError("cannot move the new signing key into place: " + ec.message(), {path});
  return r;
}

int RunRotateSigning(const GlobalOptions& global) {
  auto r = RotateSigningKey(global);
  if (!r.ok()) return ReportError(r.error());
  const std::string old_pub = seal::FormatMinisignPublicKey(r->old_key);
  const std::string new_pub = seal::FormatMinisignPublicKey(r->new_key);
  nlohmann::json j = {{"rotated", "signing"},
                      {"old_public_key", ToHex(r->old_key)},
                      {"new_public_key", ToHex(r->new_key)},
                      {"new_minisign_public_key", new_pub},
                      {"resumed", r->resumed}};
  if (global.ResolvedFormat() != OutputFormat::kTable) return EmitResult(global, j.dump() + "\n");
  return EmitResult(global, "signing key rotated; publish the new public key:\n" + new_pub +
                                "the old one (keep it published) was:\n" + old_pub);
}

int RunRotate(const GlobalOptions& global, const KeysArgs& args) {
  if (args.subject == args.signing) {
    return ReportError(InvalidArgument("name one key: keys rotate --subject or --signing"));
  }
  if (args.signing) return RunRotateSigning(global);
  auto r = RotateSubjectKey(global);
  if (!r.ok()) return ReportError(r.error());
  nlohmann::json j = {{"rotated", "subject"},
                      {"old_key_id", r->from},
                      {"new_key_id", r->to},
                      {"resumed", r->resumed},
                      {"ledger_entry", r->ledger.entry},
                      {"ledger_entries_rekeyed", r->ledger.entries_rekeyed},
                      {"consent_records_rekeyed", r->consent_records},
                      {"monitor_hashes_rekeyed", r->monitor_hashes}};
  if (global.ResolvedFormat() != OutputFormat::kTable) return EmitResult(global, j.dump() + "\n");
  return EmitResult(
      global, "subject key rotated: key id " + r->from + " -> " + r->to + "\nledger entry " +
                  std::to_string(r->ledger.entry) +
                  " records it; re-keyed: " + std::to_string(r->ledger.entries_rekeyed) +
                  " transfer entries, " + std::to_string(r->consent_records) +
                  " consent records, " + std::to_string(r->monitor_hashes) + " monitor hashes\n");
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
  CLI::App* rotate = keys->add_subcommand(
      "rotate",
      "Start a new subject key (--subject: stored hashes re-keyed, counts kept) or signing key "
      "(--signing: recorded in the ledger, old signatures still verify)");
  rotate->add_flag("--subject", args->subject,
                   "Add a layer to the subject-key chain and re-key the ledger, the consent "
                   "registry and the monitor state (resumes an interrupted rotation)");
  rotate->add_flag("--signing", args->signing,
                   "Hand the ledger over to a new checkpoint and package-signing key; the old "
                   "public key keeps verifying what it signed (resumes an interrupted rotation)");
  for (CLI::App* sub : {export_cmd, generate, passphrase, rotate}) sub->fallthrough();

  return [&global, args, export_cmd, generate, passphrase, rotate]() -> int {
    if (export_cmd->parsed()) return RunExport(global, *args);
    if (generate->parsed()) return RunGenerateRecipient(global, *args);
    if (passphrase->parsed()) return RunPassphrase(global, *args);
    if (rotate->parsed()) return RunRotate(global, *args);
    return kExitBadInput;
  };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND("keys", xb::cli::MakeKeysCommand);
