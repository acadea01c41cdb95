// The files of an export package, sealed for its recipients when the transfer seals
// (`transfer --seal-to`; DESIGN.md §12, "Sealed packages"), and the signed manifest.
//
// A sealed file is written clear in the staging folder, sealed in place into "<name>.age" in the
// age v1 format (seal/seal_file.h) and the clear file removed; the package records the sealed
// file, so its digest is of the bytes on disk. Clear data exists only in the staging folder,
// which crash recovery removes unless the ledger recorded the package (package_recovery.h), and
// by then every file is sealed.
#ifndef XBORDER_TRANSFER_PACKAGE_SEAL_H_
#define XBORDER_TRANSFER_PACKAGE_SEAL_H_

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"
#include "ledger/signing_key.h"
#include "seal/age_keys.h"
#include "transfer/package_builder.h"

namespace xb::transfer {

// Writes `contents` as `name` in the package, sealed into "<name>.age" when `recipients` is not
// empty. Returns the name recorded. Errors: as PackageBuilder::AddFile, and SealInPlace's.
Result<std::string> AddPackageFile(PackageBuilder& package, std::string_view name,
                                   std::string_view contents,
                                   std::span<const seal::AgeRecipient> recipients);

// Records a file another stage wrote at package.StagingPath(name), sealing it first when
// `recipients` is not empty. Returns the name recorded. Errors: as RecordFile and SealInPlace.
Result<std::string> RecordPackageFile(PackageBuilder& package, std::string_view name,
                                      std::span<const seal::AgeRecipient> recipients);

// The recipients' fingerprints (seal::AgeRecipientFingerprint), as the manifest and the ledger
// entry list them.
nlohmann::json SealedToJson(std::span<const seal::AgeRecipient> recipients);

// The trusted comment of a package file's signature: "xborder-package file:<name>
// ledger_index:<N> timestamp:<unix time>". A signature whose comment has another form (`xborder
// sign`, minisign's default) was not made by a transfer, and verify-package says so.
inline constexpr std::string_view kPackageCommentPrefix = "xborder-package ";
std::string PackageTrustedComment(std::string_view name, uint64_t ledger_index);

// Signs the package file at `path` (named `name` in the package) into "<path>.minisig" in
// minisign's format with the exporter's checkpoint key (docs/keys.md), with
// PackageTrustedComment. Errors: kIo reading or writing.
Status SignPackageFile(const std::string& path, std::string_view name, uint64_t ledger_index,
                       const ledger::SigningKey& key);

// Writes `manifest_text` at `path` (atomically, replacing an earlier version) and signs it
// (SignPackageFile) for the entry at `ledger_index`. Returns the manifest's SHA-256 (lowercase
// hex). Errors: kIo writing.
Result<std::string> WriteSignedManifest(const std::string& path, const std::string& manifest_text,
                                        uint64_t ledger_index, const ledger::SigningKey& key);

}  // namespace xb::transfer

#endif  // XBORDER_TRANSFER_PACKAGE_SEAL_H_
