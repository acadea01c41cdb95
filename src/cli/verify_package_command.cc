// `xborder verify-package DIR [--public-key KEY.pub] [--ledger]`: checks an export package
// (transfer/package_verify.h): the manifest's minisign signature, every file's SHA-256, no
// unlisted file, and with --ledger that the ledger entry the manifest names records its hash.
//
// The public key: --public-key (minisign's format, from `xborder keys export --minisign`), else
// the exporter's own signing key (beside --key-file), or the retired key the signature names
// when the package was signed before a `keys rotate --signing`: only for a manifest naming a
// ledger entry before the rotation's, signed no later than the rotation, and always checked
// against that ledger entry (as --ledger does), since the manifest and its signature's date are
// the signer's own claims (docs/keys.md, "Rotation"). Without the ledger a retired key is
// refused unless -p pins it.
//
// Exit codes: 0 the package verifies; 1 a mismatch (each named on stdout, with its file); 2 bad
// input (no manifest or signature, a malformed one, no key).
#include <CLI/CLI.hpp>
#include <charconv>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/command.h"
#include "cli/output.h"
#include "core/atomic_file.h"
#include "core/timestamp.h"
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

// The rotation that retired `key` (the public key of `handover.old_key`), as recorded in the
// ledger at `db`: the index of its entry and, when the entry says, its time.
struct Retirement {
  uint64_t entry = 0;
  std::optional<Timestamp> time;
};

Result<std::optional<Retirement>> RetirementOf(const GlobalOptions& global,
                                               const ledger::PublicKey& key) {
  XB_ASSIGN_OR_RETURN(auto ledger, ledger::OpenLedgerFile(global.db, global.ResolvedKeyFile(),
                                                          ledger::LedgerAccess::kRead));
  XB_ASSIGN_OR_RETURN(std::vector<ledger::SigningHandover> handovers, ledger->SigningHandovers());
  for (const ledger::SigningHandover& h : handovers) {
    if (h.old_key != key || h.size == 0) continue;
    Retirement r{h.size - 1, std::nullopt};
    XB_ASSIGN_OR_RETURN(std::string entry, ledger->Entry(r.entry));
    auto parsed = nlohmann::json::parse(entry, nullptr, false);
    if (parsed.is_object() && parsed.value("time", nlohmann::json()).is_string()) {
      r.time = ParseTimestamp(parsed["time"].get<std::string>());
    }
    return std::optional<Retirement>(r);
  }
  return std::optional<Retirement>();
}

// The value of "key:NUMBER" in a trusted comment; nullopt when absent or not a number.
std::optional<int64_t> CommentNumber(const std::string& comment, const std::string& key) {
  const size_t at = comment.find(" " + key + ":");
  if (at == std::string::npos) return std::nullopt;
  int64_t value = 0;
  const char* from = comment.data() + at + key.size() + 2;
  auto [end, ec] = std::from_chars(from, comment.data() + comment.size(), value);
  if (ec != std::errc() || end == from) return std::nullopt;
  return value;
}

// A retired key is trusted only for what it signed before its handover: the manifest must name a
// ledger entry before the rotation's, and the signature must not be dated after it. Both are the
// signer's claims, which a leaked key can forge, so the caller also checks the manifest against
// the ledger entry it names; a refusal here says so before anything else is read.
Status CheckSignedBeforeRetirement(const GlobalOptions& global, const VerifyPackageArgs& args,
                                   const seal::MinisignSignature& signature,
                                   const ledger::PublicKey& key) {
  const std::string pass =
      "; check it against the ledger with --ledger, or name the key to trust "
      "with -p";
  auto retirement = RetirementOf(global, key);
  if (!retirement.ok() || !retirement->has_value()) {
    return FailedPrecondition(
        "the package is signed by a retired signing key whose handover the "
        "ledger does not show" +
            pass,
        {args.dir});
  }
  const Retirement& r = **retirement;
  const std::string retired =
      "the package is signed by the signing key retired at ledger entry " + std::to_string(r.entry);
  auto manifest = ReadFile(args.dir + "/manifest.json");
  if (!manifest.ok()) return Status::Ok();  // VerifyPackage reports the missing manifest
  auto parsed = nlohmann::json::parse(*manifest, nullptr, false);
  nlohmann::json index;
  if (parsed.is_object())
    index = parsed.value("ledger", nlohmann::json::object()).value("index", nlohmann::json());
  if (!index.is_number_unsigned() || index.get<uint64_t>() >= r.entry) {
    return FailedPrecondition(
        retired + ", but its manifest names " +
            (index.is_number_unsigned()
                 ? "entry " + std::to_string(index.get<uint64_t>()) + ", not before it"
                 : "no ledger entry") +
            pass,
        {args.dir});
  }
  auto timestamp = CommentNumber(signature.trusted_comment, "timestamp");
  if (timestamp.has_value() && r.time.has_value() && *timestamp / 60 > r.time->UtcMinutes()) {
    return FailedPrecondition(retired + " (" + r.time->ToUtcString() +
                                  "), but its signature is dated later (timestamp:" +
                                  std::to_string(*timestamp) + ")" + pass,
                              {args.dir});
  }
  return Status::Ok();
}

// The key to verify with; `retired` when it is a retired signing key, which the ledger must
// confirm (the manifest's hash in the entry it names).
struct VerifyingKey {
  seal::MinisignPublicKey key;
  bool retired = false;
};

Result<VerifyingKey> PublicKeyFor(const GlobalOptions& global, const VerifyPackageArgs& args) {
  if (!args.public_key.empty()) {
    XB_ASSIGN_OR_RETURN(seal::MinisignPublicKey pinned,
                        seal::ReadMinisignPublicKeyFile(args.public_key));
    return VerifyingKey{pinned};
  }
  // Load only: a key made on the spot would verify nothing.
  const std::string path = ledger::SigningKeyPathFor(global.ResolvedKeyFile());
  XB_ASSIGN_OR_RETURN(ledger::SigningKey signing, ledger::LoadSigningKey(path));
  const seal::MinisignPublicKey current{seal::MinisignKeyIdFor(signing.public_key()),
                                        signing.public_key()};
  // A package signed before a `keys rotate --signing`: the retired key its signature names.
  auto signature = ReadFile(args.dir + "/manifest.json.minisig");
  if (!signature.ok()) return VerifyingKey{current};  // VerifyPackage reports it missing
  auto parsed = seal::ParseMinisignSignature(*signature);
  if (!parsed.ok() || parsed->key_id == current.key_id) return VerifyingKey{current};
  XB_ASSIGN_OR_RETURN(std::vector<ledger::PublicKey> retired,
                      ledger::ReadRetiredKeys(ledger::RetiredKeysPathFor(path)));
  for (const ledger::PublicKey& key : retired) {
    if (seal::MinisignKeyIdFor(key) != parsed->key_id) continue;
    // With --ledger the entry's record of the manifest's hash decides.
    if (!args.ledger) XB_RETURN_IF_ERROR(CheckSignedBeforeRetirement(global, args, *parsed, key));
    return VerifyingKey{seal::MinisignPublicKey{parsed->key_id, key}, /*retired=*/true};
  }
  return VerifyingKey{current};
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
  if (args.ledger || key->retired) {
    auto opened =
        ledger::OpenLedgerFile(global.db, global.ResolvedKeyFile(), ledger::LedgerAccess::kRead);
    if (!opened.ok()) return ReportError(opened.error());
    ledger = std::move(opened).value();
  }
  auto verified = transfer::VerifyPackage(args.dir, key->key, ledger.get());
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
