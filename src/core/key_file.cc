#include "core/key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.h"

namespace xb {

SecretKey KeyFromBytes(const std::array<uint8_t, 32>& bytes) {
  SecretKey key;
  key.bytes = bytes;
  std::string material = "xborder-key-id";
  material.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  key.id = ToHex(Sha256(material)).substr(0, 16);
  return key;
}

std::array<uint8_t, 32> DeriveSubKey(const SecretKey& key, std::string_view purpose) {
  HmacSha256 mac(key.bytes);
  return mac.Mac("xborder/" + std::string(purpose));
}

Result<SecretKey> LoadKey(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return NotFound("no key file", {path});
    return IoError(std::string("cannot read key file: ") + std::strerror(errno), {path});
  }
  if (st.st_mode & (S_IRWXG | S_IRWXO)) {
    return FailedPrecondition("key file is readable by others; run: chmod 600 " + path, {path});
  }
  std::ifstream in(path);
  if (!in) return IoError("cannot open key file", {path});
  std::string text;
  std::getline(in, text);
  while (!text.empty() && (text.back() == '\r' || text.back() == ' ')) text.pop_back();
  if (text.size() != 64) return InvalidArgument("key file must hold 64 hex digits", {path, 1});
  auto raw = FromHex(text);
  if (!raw.ok()) return InvalidArgument("key file must hold 64 hex digits", {path, 1});
  std::array<uint8_t, 32> bytes;
  std::memcpy(bytes.data(), raw->data(), 32);
  return KeyFromBytes(bytes);
}

Result<SecretKey> EphemeralKey() {
  std::array<uint8_t, 32> bytes;
  XB_RETURN_IF_ERROR(RandomBytes(bytes));
  return KeyFromBytes(bytes);
}

Result<SecretKey> LoadOrCreateKey(const std::string& path) {
  auto existing = LoadKey(path);
  if (existing.ok() || existing.error().code != ErrorCode::kNotFound) return existing;

  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);

  std::array<uint8_t, 32> bytes;
  XB_RETURN_IF_ERROR(RandomBytes(bytes));
  std::string text = ToHex(bytes) + "\n";
  // Write a private temporary file, then link it into place: link() fails if another process
  // created the key first, and then we use theirs.
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return IoError(std::string("cannot create key file: ") + std::strerror(errno), {path});
  bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                 ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    ::unlink(tmp.c_str());
    return IoError("cannot write key file", {path});
  }
  int linked = ::link(tmp.c_str(), path.c_str());
  int link_errno = errno;
  ::unlink(tmp.c_str());
  if (linked != 0 && link_errno != EEXIST) {
    return IoError(std::string("cannot create key file: ") + std::strerror(link_errno), {path});
  }
  return LoadKey(path);
}

}  // namespace xb
