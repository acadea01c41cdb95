#include "core/secret_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/atomic_file.h"
#include "core/key_passphrase.h"
#include "core/wiped.h"

namespace xb {
namespace {

Error IoFailure(const std::string& what, const std::string& path) {
  return IoError(what + ": " + std::strerror(errno), {path});
}

Result<Wiped<std::string>> Protect(std::string_view contents, SecretProtection protection,
                                   std::string_view passphrase) {
  if (protection == SecretProtection::kPlain) return Wiped<std::string>(std::string(contents));
  XB_ASSIGN_OR_RETURN(std::string wrapped, WrapWithPassphrase(contents, passphrase));
  return Wiped<std::string>(std::move(wrapped));
}

// A private (0600) temporary holding `stored`, ready to be put in place.
Result<AtomicFile> WritePrivateTemporary(const std::string& path, std::string_view stored) {
  XB_ASSIGN_OR_RETURN(AtomicFile file, AtomicFile::Create(path, FilePermissions::kPrivate));
  XB_RETURN_IF_ERROR(file.Write(stored));
  return file;
}

}  // namespace

bool IsPassphraseProtected(std::string_view text) { return text.starts_with(kProtectedKeyMagic); }

Result<bool> IsProtectedFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoFailure("cannot read the key file", path);
  std::string head(kProtectedKeyMagic.size(), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  return IsPassphraseProtected(head);
}

Status ProtectLike(const std::string& model, const std::string& path) {
  XB_ASSIGN_OR_RETURN(bool model_protected, IsProtectedFile(model));
  if (!model_protected) return Status::Ok();
  XB_ASSIGN_OR_RETURN(bool already, IsProtectedFile(path));
  if (already) return Status::Ok();
  XB_ASSIGN_OR_RETURN(std::string read, ReadSecretFile(path));
  Wiped<std::string> contents(std::move(read));
  XB_ASSIGN_OR_RETURN(std::string entered, PassphraseFor(model));
  Wiped<std::string> passphrase(std::move(entered));
  return ReplaceSecretFile(path, *contents, SecretProtection::kPassphrase, *passphrase);
}

Status CheckPrivate(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return NotFound("no such key file", {path});
    return IoFailure("cannot read key file", path);
  }
  if (st.st_mode & (S_IRWXG | S_IRWXO)) {
    // Bad input (exit 2), like a malformed key: the set-up is wrong, nothing failed a check.
    return InvalidArgument("key file is readable by others; run: chmod 600 " + path, {path});
  }
  return Status::Ok();
}

Result<std::string> ReadSecretFile(const std::string& path) {
  XB_RETURN_IF_ERROR(CheckPrivate(path));
  XB_ASSIGN_OR_RETURN(std::string read, ReadFile(path));
  Wiped<std::string> text(std::move(read));
  if (!IsPassphraseProtected(*text)) return std::string(*text);
  XB_ASSIGN_OR_RETURN(std::string entered, PassphraseFor(path));
  Wiped<std::string> passphrase(std::move(entered));
  auto plain = UnwrapWithPassphrase(*text, *passphrase);
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
  Wiped<std::string> passphrase(
      wrapping == NewSecretWrapping::kAsConfigured ? PassphraseForNewKeys() : std::string());
  XB_ASSIGN_OR_RETURN(
      Wiped<std::string> stored,
      Protect(contents,
              passphrase->empty() ? SecretProtection::kPlain : SecretProtection::kPassphrase,
              *passphrase));
  XB_ASSIGN_OR_RETURN(AtomicFile file, WritePrivateTemporary(path, *stored));
  // Never replaces: if another process created the file first, keep theirs.
  XB_ASSIGN_OR_RETURN(bool created, file.CommitIfAbsent());
  return created ? SecretCreation::kCreated : SecretCreation::kAlreadyExists;
}

Status ReplaceSecretFile(const std::string& path, std::string_view contents,
                         SecretProtection protection, std::string_view passphrase) {
  XB_ASSIGN_OR_RETURN(Wiped<std::string> stored, Protect(contents, protection, passphrase));
  XB_ASSIGN_OR_RETURN(AtomicFile file, WritePrivateTemporary(path, *stored));
  return file.Commit();
}

}  // namespace xb
