// Sealing and opening whole files in the age v1 format: the entry points for the CLI
// (`xborder seal`, `xborder open`) and for sealed export packages.
//
// Output is all or nothing and never replaces a file: it is written to a private (mode 0600)
// temporary that has no name where the file system allows (core/atomic_file.h), and linked
// under the target's name only when complete; when opening, only after the final chunk has
// authenticated, so no plaintext is ever visible before, and an interrupted run leaves none.
#ifndef XBORDER_SEAL_SEAL_FILE_H_
#define XBORDER_SEAL_SEAL_FILE_H_

#include <cstdint>
#include <span>
#include <string>

#include "core/status.h"
#include "seal/age_keys.h"

namespace xb::seal {

struct SealedFile {
  std::string path;  // the file written
  uint64_t input_bytes = 0;
  uint64_t output_bytes = 0;
};

// An early, friendlier refusal before any work (the commit checks again, atomically).
// Errors naming `path`: kInvalidArgument when something has the name (a dangling symbolic link
// too); kIo when that cannot be told (a name too long, a folder that cannot be searched).
Status RefuseExistingOutput(const std::string& path);

// Seals the file at `in_path` for every recipient into `out_path`. Errors name the file:
// kNotFound / kIo reading or writing; kInvalidArgument for no recipient, or when `out_path`
// exists (checked as the output is put in place, so a racing writer is never overwritten).
Result<SealedFile> SealFile(const std::string& in_path, const std::string& out_path,
                            std::span<const AgeRecipient> recipients);

// Seals a finished file into "<path>.age" beside it and then removes the clear file, so that
// nothing readable is left in its place (an export package's data files and reports).
// On error the clear file stays and no .age file is left. Errors as SealFile.
Result<SealedFile> SealInPlace(const std::string& path, std::span<const AgeRecipient> recipients);

// Opens the age file at `in_path` (binary or armored) with the identities into `out_path`.
// Errors name `in_path` and are those of DecryptAge (seal/age.h): kParse, kNotFound (no
// identity matches), kCorruption (altered or truncated: exit 1 at the CLI); kIo writing;
// kInvalidArgument when `out_path` exists (never replaced).
Result<SealedFile> OpenSealedFile(const std::string& in_path, const std::string& out_path,
                                  std::span<const AgeIdentity> identities);

}  // namespace xb::seal

#endif  // XBORDER_SEAL_SEAL_FILE_H_
