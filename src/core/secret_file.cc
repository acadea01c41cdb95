#include "core/secret_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/atomic_file.h"
#include "core/key_passphrase.h"

namespace xb {
namespace {

Error IoFailure(const std::string& what, const std::string& path) {
  return IoError(what + ": " + std::strerror(errno), {path});
}

// Writes a private temporary beside `path`; returns its name.
Result<std::string> WritePrivateTemporary(const std::string& path, std::string_view contents) {
  std::string tmp = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(tmp.data());  // mode 0600
  if (fd < 0) return IoFailure("cannot create key file", path);
  bool written =
      ::write(fd, contents.data(), contents.size()) == static_cast<ssize_t>(contents.size()) &&
      ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    ::unlink(tmp.c_str());
    return IoError("cannot write key file", {path});
  }
  return tmp;
}

Result<std::string> Protect(std::string_view contents, SecretProtection protection,
                            std::string_view passphrase) {
  if (protection == SecretProtection::kPlain) return std::string(contents);
  return WrapWithPassphrase(contents, passphrase);
}

}  // namespace

bool IsPassphraseProtected(std::string_view text) { return text.starts_with(kProtectedKeyMagic); }

Result<std::string> ReadSecretFile(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return NotFound("no such key file", {path});
    return IoFailure("cannot read key file", path);
  }
  if (st.st_mode & (S_IRWXG | S_IRWXO)) {
    return FailedPrecondition("key file is readable by others; run: chmod 600 " + path, {path});
  }
  XB_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  if (!IsPassphraseProtected(text)) return text;
  XB_ASSIGN_OR_RETURN(std::string passphrase, PassphraseFor(path));
  auto plain = UnwrapWithPassphrase(text, passphrase);
  sodium_memzero(passphrase.data(), passphrase.size());
  if (!plain.ok()) {
    Error e = std::move(plain).error();
    e.where = Location(path);
    return e;
  }
  return plain;
}

Result<SecretCreation> CreateSecretFile(const std::string& path, std::string_view contents,
                                        NewSecretWrapping wrapping) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  std::string passphrase =
      wrapping == NewSecretWrapping::kAsConfigured ? PassphraseForNewKeys() : std::string();
  auto stored = Protect(
      contents, passphrase.empty() ? SecretProtection::kPlain : SecretProtection::kPassphrase,
      passphrase);
  sodium_memzero(passphrase.data(), passphrase.size());
  if (!stored.ok()) return std::move(stored).error();
  auto tmp = WritePrivateTemporary(path, *stored);
  sodium_memzero(stored->data(), stored->size());
  if (!tmp.ok()) return std::move(tmp).error();
  // link() never replaces: if another process created the file first, keep theirs.
  int linked = ::link(tmp->c_str(), path.c_str());
  int link_errno = errno;
  ::unlink(tmp->c_str());
  if (linked == 0) return SecretCreation::kCreated;
  if (link_errno == EEXIST) return SecretCreation::kAlreadyExists;
  errno = link_errno;
  return IoFailure("cannot create key file", path);
}

Status ReplaceSecretFile(const std::string& path, std::string_view contents,
                         SecretProtection protection, std::string_view passphrase) {
  XB_ASSIGN_OR_RETURN(std::string stored, Protect(contents, protection, passphrase));
  auto tmp = WritePrivateTemporary(path, stored);
  sodium_memzero(stored.data(), stored.size());
  if (!tmp.ok()) return std::move(tmp).error();
  if (std::rename(tmp->c_str(), path.c_str()) != 0) {
    Error e = IoFailure("cannot replace key file", path);
    ::unlink(tmp->c_str());
    return e;
  }
  return Status::Ok();
}

}  // namespace xb
