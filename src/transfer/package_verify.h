// `xborder verify-package DIR`: checks an export package as its recipient or an auditor would —
// the manifest's minisign signature, every file's SHA-256 against the manifest, no file the
// manifest does not list and, given the ledger, that the ledger entry the manifest names records
// this manifest's hash (DESIGN.md §12, "Sealed packages"). Sealed files are checked as they are
// on disk: no identity is needed.
//
// Reads only; thread-compatible.
#ifndef XBORDER_TRANSFER_PACKAGE_VERIFY_H_
#define XBORDER_TRANSFER_PACKAGE_VERIFY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "ledger/ledger.h"
#include "seal/minisign.h"

namespace xb::transfer {

struct PackageVerification {
  std::string manifest_sha256;           // lowercase hex
  std::string trusted_comment;           // of the signature, once it verified
  uint64_t files_checked = 0;            // listed files whose digest matched
  std::vector<std::string> sealed_to;    // recipients' fingerprints, as the manifest lists them
  std::optional<uint64_t> ledger_index;  // the entry checked, when a ledger was given
  // What does not match, each naming the file: "data/a.csv.age: SHA-256 differs from the
  // manifest". Empty: the package verifies.
  std::vector<std::string> mismatches;

  bool ok() const { return mismatches.empty(); }
};

// Verifies the package in `dir` with the exporter's public key and, when `ledger` is not null,
// against its entries. A failed check is a mismatch in the result, not an error.
// Errors (bad input, exit 2): kNotFound for a missing manifest.json or manifest.json.minisig
// (naming it); kParse for a malformed manifest or signature file (naming the field), or a
// listed file name that is absolute or leaves the package; kIo reading; ledger store errors.
Result<PackageVerification> VerifyPackage(const std::string& dir,
                                          const seal::MinisignPublicKey& key,
                                          ledger::Ledger* ledger);

}  // namespace xb::transfer

#endif  // XBORDER_TRANSFER_PACKAGE_VERIFY_H_
