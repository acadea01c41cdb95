#include "core/key_file.h"

#include <sodium.h>

#include <cstring>

#include "core/crypto.h"
#include "core/secret_file.h"

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
  XB_ASSIGN_OR_RETURN(std::string text, ReadSecretFile(path));
  std::string_view line = std::string_view(text).substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  auto raw = FromHex(line);
  sodium_memzero(text.data(), text.size());
  if (line.size() != 64 || !raw.ok()) {
    return InvalidArgument("key file must hold 64 hex digits", {path, 1});
  }
  std::array<uint8_t, 32> bytes;
  std::memcpy(bytes.data(), raw->data(), 32);
  sodium_memzero(raw->data(), raw->size());
  SecretKey key = KeyFromBytes(bytes);
  sodium_memzero(bytes.data(), bytes.size());
  return key;
}

Result<SecretKey> EphemeralKey() {
  std::array<uint8_t, 32> bytes;
  XB_RETURN_IF_ERROR(RandomBytes(bytes));
  return KeyFromBytes(bytes);
}

Result<SecretKey> LoadOrCreateKey(const std::string& path) {
  auto existing = LoadKey(path);
  if (existing.ok() || existing.error().code != ErrorCode::kNotFound) return existing;
  std::array<uint8_t, 32> bytes;
  XB_RETURN_IF_ERROR(RandomBytes(bytes));
  std::string text = ToHex(bytes) + "\n";
  sodium_memzero(bytes.data(), bytes.size());
  // If another process created the key first, CreateSecretFile keeps theirs and we read it.
  auto created = CreateSecretFile(path, text);
  sodium_memzero(text.data(), text.size());
  if (!created.ok()) return std::move(created).error();
  return LoadKey(path);
}

}  // namespace xb
