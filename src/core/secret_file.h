// Files that hold secrets (the HMAC key, the checkpoint signing key, age identities): created
// with mode 0600 and refused when group or others may read them. Optionally wrapped under a
// passphrase (core/key_passphrase.h), transparently to the caller.
#ifndef XBORDER_CORE_SECRET_FILE_H_
#define XBORDER_CORE_SECRET_FILE_H_

#include <string>
#include <string_view>

#include "core/status.h"

namespace xb {

// OK if `path` exists and neither group nor others have any access to it (as ssh requires of
// private keys). Errors naming `path`: kNotFound; kIo; kInvalidArgument when group or others
// may access it, with the chmod that fixes it.
Status CheckPrivate(const std::string& path);

// Reads a secret file, unwrapping it if it is passphrase-protected.
// Errors naming `path`: kNotFound; kIo; kInvalidArgument when it is readable by group or
// others (with the chmod that fixes it), or protected and no passphrase is available;
// kInvalidArgument when the passphrase is wrong or the protected form is malformed.
Result<std::string> ReadSecretFile(const std::string& path);

enum class SecretCreation {
  kCreated,        // this call wrote the file
  kAlreadyExists,  // another file was there first (maybe written by a racing process)
};

enum class NewSecretWrapping {
  kAsConfigured,  // under $XBORDER_KEY_PASSPHRASE when it is set (xborder's own keys)
  kNever,         // always plain (files other tools read, such as age identities)
};

// Creates `path` (and its parent folder) holding `contents`, mode 0600, without ever replacing
// an existing file (AtomicFile::CommitIfAbsent: the kernel refuses a name that exists).
// Errors: kIo.
Result<SecretCreation> CreateSecretFile(
    const std::string& path, std::string_view contents,
    NewSecretWrapping wrapping = NewSecretWrapping::kAsConfigured);

enum class SecretProtection { kPlain, kPassphrase };

// Rewrites an existing secret file atomically (mode 0600): plain, or wrapped under
// `passphrase` (REQUIRES: non-empty for kPassphrase). Errors: kIo.
Status ReplaceSecretFile(const std::string& path, std::string_view contents,
                         SecretProtection protection, std::string_view passphrase = {});

// True if `text` (a secret file's contents) is in the passphrase-protected form.
bool IsPassphraseProtected(std::string_view text);

// True if the file at `path` is in the passphrase-protected form (only its first bytes are
// read). Errors naming `path`: kIo.
Result<bool> IsProtectedFile(const std::string& path);

// Keeps a key created beside a protected one protected: when `model` is passphrase-protected
// and `path` is plain, rewrites `path` (atomically, 0600) wrapped under the passphrase `model`
// is read with (PassphraseFor: $XBORDER_KEY_PASSPHRASE or the answer already given at the
// prompt). Otherwise changes nothing. Errors: as IsProtectedFile, ReadSecretFile and
// PassphraseFor; kIo.
Status ProtectLike(const std::string& model, const std::string& path);

}  // namespace xb

#endif  // XBORDER_CORE_SECRET_FILE_H_
