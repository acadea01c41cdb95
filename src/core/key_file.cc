#include "core/key_file.h"

#include <sodium.h>

#include <cstring>

#include "core/crypto.h"
#include "core/secret_file.h"
#include "core/wiped.h"

namespace xb {

SecretKey KeyFromBytes(const std::array<uint8_t, 32>& bytes) {
  SecretKey key;
  key.bytes = bytes;
  Sha256Hasher id;  // streamed: no copy of the key in a temporary string
  id.Update("xborder-key-id");
  id.Update(bytes);
  key.id = ToHex(id.Finish()).substr(0, 16);
  return key;
}

std::array<uint8_t, 32> DeriveSubKey(const SecretKey& key, std::string_view purpose) {
  HmacSha256 mac(key.bytes);
  return mac.Mac("xborder/" + std::string(purpose));
}

Result<Wiped<std::array<uint8_t, 32>>> ReadKeyBytes(const std::string& path,
                                                    std::string_view what) {
  XB_ASSIGN_OR_RETURN(std::string read, ReadSecretFile(path));
  Wiped<std::string> text(std::move(read));
  std::string_view line = std::string_view(*text).substr(0, text->find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  auto decoded = FromHex(line);
  if (line.size() != 64 || !decoded.ok()) {
    return InvalidArgument(std::string(what) + " must hold 64 hex digits", {path, 1});
  }
  Wiped<std::string> raw(std::move(decoded).value());
  Wiped<std::array<uint8_t, 32>> bytes;
  std::memcpy(bytes->data(), raw->data(), 32);
  return bytes;
}

Status CreateRandomKeyFile(const std::string& path) {
  Wiped<std::array<uint8_t, 32>> bytes;
  XB_RETURN_IF_ERROR(RandomBytes(*bytes));
  Wiped<std::string> text(ToHex(*bytes) + "\n");
  auto created = CreateSecretFile(path, *text);
  if (!created.ok()) return std::move(created).error();
  return Status::Ok();
}

Result<SecretKey> LoadKey(const std::string& path) {
  XB_ASSIGN_OR_RETURN(auto bytes, ReadKeyBytes(path, "key file"));
  return KeyFromBytes(*bytes);
}

Result<SecretKey> EphemeralKey() {
  Wiped<std::array<uint8_t, 32>> bytes;
  XB_RETURN_IF_ERROR(RandomBytes(*bytes));
  return KeyFromBytes(*bytes);
}

Result<SecretKey> LoadOrCreateKey(const std::string& path) {
  auto existing = LoadKey(path);
  if (existing.ok() || existing.error().code != ErrorCode::kNotFound) return existing;
  XB_RETURN_IF_ERROR(CreateRandomKeyFile(path));
  return LoadKey(path);
}

}  // namespace xb
