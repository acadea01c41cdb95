#include "transfer/package_seal.h"

#include <ctime>

#include "core/atomic_file.h"
#include "core/crypto.h"
#include "seal/minisign.h"
#include "seal/seal_file.h"

namespace xb::transfer {

Result<std::string> AddPackageFile(PackageBuilder& package, std::string_view name,
                                   std::string_view contents,
                                   std::span<const seal::AgeRecipient> recipients) {
  if (recipients.empty()) {
    XB_RETURN_IF_ERROR(package.AddFile(name, contents));
    return std::string(name);
  }
  XB_ASSIGN_OR_RETURN(std::string staged, package.PrepareFile(name));
  XB_RETURN_IF_ERROR(WriteFileAtomically(staged, contents));
  return RecordPackageFile(package, name, recipients);
}

Result<std::string> RecordPackageFile(PackageBuilder& package, std::string_view name,
                                      std::span<const seal::AgeRecipient> recipients) {
  if (recipients.empty()) {
    XB_RETURN_IF_ERROR(package.RecordFile(name));
    return std::string(name);
  }
  const std::string sealed_name = std::string(name) + ".age";
  XB_ASSIGN_OR_RETURN(std::string staged, package.PrepareFile(sealed_name));
  XB_RETURN_IF_ERROR(seal::SealInPlace(package.StagingPath(name), recipients));
  XB_RETURN_IF_ERROR(package.RecordFile(sealed_name));
  (void)staged;  // SealInPlace writes "<name>.age", the path PrepareFile checked and claimed
  return sealed_name;
}

nlohmann::json SealedToJson(std::span<const seal::AgeRecipient> recipients) {
  nlohmann::json fingerprints = nlohmann::json::array();
  for (const seal::AgeRecipient& r : recipients) {
    fingerprints.push_back(seal::AgeRecipientFingerprint(r));
  }
  return fingerprints;
}

std::string PackageTrustedComment(std::string_view name, uint64_t ledger_index) {
  return std::string(kPackageCommentPrefix) + "file:" + std::string(name) +
         " ledger_index:" + std::to_string(ledger_index) +
         " timestamp:" + std::to_string(static_cast<int64_t>(std::time(nullptr)));
}

Status SignPackageFile(const std::string& path, std::string_view name, uint64_t ledger_index,
                       const ledger::SigningKey& key) {
  seal::MinisignSigner signer{key.public_key(),
                              [&key](std::string_view message) { return key.Sign(message); }};
  XB_ASSIGN_OR_RETURN(
      std::string signature,
      seal::SignFileMinisign(path, signer, PackageTrustedComment(name, ledger_index)));
  // A signature is public: readable like the manifest it signs.
  return WriteFileAtomically(path + ".minisig", signature, FilePermissions::kPublic);
}

Result<std::string> WriteSignedManifest(const std::string& path, const std::string& manifest_text,
                                        uint64_t ledger_index, const ledger::SigningKey& key) {
  XB_RETURN_IF_ERROR(WriteFileAtomically(path, manifest_text));
  XB_RETURN_IF_ERROR(SignPackageFile(path, "manifest.json", ledger_index, key));
  return ToHex(Sha256(manifest_text));
}

}  // namespace xb::transfer
