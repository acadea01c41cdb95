#include "transfer/package_verify.h"

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "core/crypto.h"
#include "transfer/package_builder.h"
#include "transfer/package_seal.h"

namespace xb::transfer {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr char kManifest[] = "manifest.json";
constexpr char kSignature[] = "manifest.json.minisig";
constexpr char kSummary[] = "SUMMARY.txt";
constexpr char kSealedSummary[] = "SUMMARY.txt.age";

// Files a package holds beside those its manifest lists: the manifest, the summary (it names
// the ledger's root after the entry, so it cannot be in the manifest), and their signatures.
// Which summary belongs is CheckSummary's to say.
bool IsUnlistedByDesign(const std::string& name) {
  for (const std::string signed_file : {kManifest, kSummary, kSealedSummary}) {
    if (name == signed_file || name == signed_file + ".minisig") return true;
  }
  return false;
}

// A signature made by a transfer names the file it signs (package_seal.h): one made by `xborder
// sign` or minisign itself for an edited file does not. Empty when it does.
std::string NotATransferSignature(const std::string& comment, const std::string& name) {
  if (comment.starts_with(kPackageCommentPrefix) &&
      comment.find(" file:" + name + " ") != std::string::npos) {
    return "";
  }
  return name + ".minisig: not signed by a transfer (the trusted comment names no package file "
         "of this name)";
}

// The value of "key:value" in a package signature's trusted comment; "" when absent.
std::string CommentField(const std::string& comment, const std::string& key) {
  const size_t at = comment.find(" " + key + ":");
  if (at == std::string::npos) return "";
  const size_t from = at + key.size() + 2;
  return comment.substr(from, comment.find(' ', from) - from);
}

// The summary the package should hold (sealed when its files are) is there and signed by the
// key, by a transfer; a summary of the other kind (say a clear one beside sealed files) is not.
void CheckSummary(const std::string& dir, const seal::MinisignPublicKey& key,
                  PackageVerification& v) {
  const std::string expected = v.sealed_to.empty() ? kSummary : kSealedSummary;
  const std::string other = v.sealed_to.empty() ? kSealedSummary : kSummary;
  std::error_code ec;
  if (fs::exists(fs::symlink_status(fs::path(dir) / other, ec))) {
    v.mismatches.push_back(other + ": does not belong in a package " +
                           (v.sealed_to.empty() ? "in clear" : "sealed for its recipients"));
  }
  const std::string path = (fs::path(dir) / expected).string();
  if (!fs::is_regular_file(fs::symlink_status(path, ec))) {
    v.mismatches.push_back(expected + ": missing (or not a file)");
    return;
  }
  auto signature = ReadFile(path + ".minisig");
  if (!signature.ok()) {
    v.mismatches.push_back(expected + ": not signed (" + expected + ".minisig cannot be read)");
    return;
  }
  auto verified = seal::VerifyFileMinisign(path, *signature, key);
  if (!verified.ok()) {
    v.mismatches.push_back(expected + ".minisig: " + verified.error().message);
    return;
  }
  const std::string not_ours = NotATransferSignature(verified->trusted_comment, expected);
  if (!not_ours.empty()) {
    v.mismatches.push_back(not_ours);
  } else if (!v.trusted_comment.empty() &&  // the manifest's signature verified
             CommentField(verified->trusted_comment, "ledger_index") !=
                 CommentField(v.trusted_comment, "ledger_index")) {
    v.mismatches.push_back(expected + ": signed for another ledger entry than the manifest "
                           "(the summary of another package)");
  }
}

bool LeavesPackage(const std::string& name) {
  fs::path p(name);
  if (name.empty() || p.is_absolute()) return true;
  for (const fs::path& part : p) {
    if (part == "..") return true;
  }
  return false;
}

// The manifest's "files": name → SHA-256, names checked. Errors: kParse.
Result<std::map<std::string, std::string>> ListedFiles(const json& manifest,
                                                       const std::string& path) {
  const json files = manifest.value("files", json());
  if (!files.is_object())
    return ParseError("the manifest has no \"files\" object", {path, 0, "files"});
  std::map<std::string, std::string> listed;
  for (const auto& [name, sha] : files.items()) {
    if (LeavesPackage(name) || !sha.is_string()) {
      return ParseError(
          "a listed file name is absolute or leaves the package, or its digest is "
          "not a string",
          {path, 0, "files"});
    }
    listed[name] = sha.get<std::string>();
  }
  return listed;
}

void CheckListedFiles(const std::string& dir, const std::map<std::string, std::string>& listed,
                      PackageVerification& v) {
  for (const auto& [name, sha] : listed) {
    const std::string path = (fs::path(dir) / name).string();
    std::error_code ec;
    if (!fs::is_regular_file(fs::symlink_status(path, ec))) {
      v.mismatches.push_back(name + ": listed in the manifest but missing (or not a file)");
      continue;
    }
    auto actual = Sha256OfFile(path);
    if (!actual.ok()) {
      v.mismatches.push_back(name + ": cannot be read (" + actual.error().message + ")");
    } else if (*actual != sha) {
      v.mismatches.push_back(name + ": SHA-256 differs from the manifest");
    } else {
      ++v.files_checked;
    }
  }
}

void CheckUnlistedFiles(const std::string& dir, const std::map<std::string, std::string>& listed,
                        PackageVerification& v) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    // Named as found (a symbolic link is not followed): a link is never part of a package.
    const std::string name = it->path().lexically_relative(dir).generic_string();
    if (it->is_symlink(ec)) {
      v.mismatches.push_back(name + ": a symbolic link (a package holds files and folders only)");
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_directory(ec)) continue;
    if (!IsUnlistedByDesign(name) && listed.count(name) == 0) {
      v.mismatches.push_back(name + ": in the package but not listed in the manifest");
    }
  }
  if (ec) v.mismatches.push_back(".: the package folder cannot be listed (" + ec.message() + ")");
}

// The entry the manifest names must be a transfer that records this manifest's hash.
Status CheckLedger(const json& manifest, const std::string& path, ledger::Ledger& ledger,
                   PackageVerification& v) {
  const json index = manifest.value("ledger", json::object()).value("index", json());
  if (!index.is_number_unsigned()) {
    return ParseError("the manifest names no ledger index", {path, 0, "ledger.index"});
  }
  v.ledger_index = index.get<uint64_t>();
  const std::string entry_name = "ledger entry " + std::to_string(*v.ledger_index);
  XB_ASSIGN_OR_RETURN(ledger::TreeHead head, ledger.Head());
  if (*v.ledger_index >= head.size) {
    v.mismatches.push_back(std::string(kManifest) + ": names " + entry_name +
                           ", which this ledger does not hold (size " + std::to_string(head.size) +
                           ")");
    return Status::Ok();
  }
  XB_ASSIGN_OR_RETURN(std::string entry_text, ledger.Entry(*v.ledger_index));
  const json entry = json::parse(entry_text, nullptr, false);
  const std::string recorded =
      entry.is_object() ? entry.value("manifest_sha256", std::string()) : std::string();
  if (recorded.empty()) {
    v.mismatches.push_back(std::string(kManifest) + ": " + entry_name +
                           " records no manifest hash (not a signed package's entry)");
  } else if (recorded != v.manifest_sha256) {
    v.mismatches.push_back(std::string(kManifest) + ": SHA-256 differs from the one " + entry_name +
                           " records");
  }
  return Status::Ok();
}

}  // namespace

Result<PackageVerification> VerifyPackage(const std::string& dir,
                                          const seal::MinisignPublicKey& key,
                                          ledger::Ledger* ledger) {
  const std::string manifest_path = (fs::path(dir) / kManifest).string();
  const std::string signature_path = (fs::path(dir) / kSignature).string();
  XB_ASSIGN_OR_RETURN(std::string manifest_text, ReadFile(manifest_path));
  XB_ASSIGN_OR_RETURN(std::string signature_text, ReadFile(signature_path));
  PackageVerification v;
  v.manifest_sha256 = ToHex(Sha256(manifest_text));

  auto verified = seal::VerifyFileMinisign(manifest_path, signature_text, key);
  if (verified.ok()) {
    v.trusted_comment = verified->trusted_comment;
    const std::string not_ours = NotATransferSignature(v.trusted_comment, kManifest);
    if (!not_ours.empty()) v.mismatches.push_back(not_ours);
  } else if (verified.error().code == ErrorCode::kCorruption) {
    v.mismatches.push_back(std::string(kSignature) + ": " + verified.error().message);
  } else {
    Error e = std::move(verified).error();
    if (e.where.file.empty()) e.where.file = signature_path;
    return e;
  }

  const json manifest = json::parse(manifest_text, nullptr, false);
  if (!manifest.is_object())
    return ParseError("manifest.json is not a JSON object", {manifest_path});
  XB_ASSIGN_OR_RETURN(auto listed, ListedFiles(manifest, manifest_path));
  for (const json& fp : manifest.value("sealed_to", json::array())) {
    if (fp.is_string()) v.sealed_to.push_back(fp.get<std::string>());
  }
  CheckListedFiles(dir, listed, v);
  CheckUnlistedFiles(dir, listed, v);
  CheckSummary(dir, key, v);
  if (ledger != nullptr) XB_RETURN_IF_ERROR(CheckLedger(manifest, manifest_path, *ledger, v));
  return v;
}

}  // namespace xb::transfer
