#include "ledger/signing_key.h"

#include <sodium.h>

#include <cstring>

#include "core/atomic_file.h"
#include "core/crypto.h"
#include "core/key_file.h"

namespace xb::ledger {

SigningKey SigningKey::FromSeed(const std::array<uint8_t, 32>& seed) {
  (void)EnsureSodium();  // deterministic: correct either way (core/crypto.h)
  SigningKey key;
  crypto_sign_seed_keypair(key.public_key_.data(), key.secret_.data(), seed.data());
  return key;
}

SigningKey::SigningKey(SigningKey&& other) noexcept
    : secret_(other.secret_), public_key_(other.public_key_) {
  sodium_memzero(other.secret_.data(), other.secret_.size());
}

SigningKey& SigningKey::operator=(SigningKey&& other) noexcept {
  if (this != &other) {
    secret_ = other.secret_;
    public_key_ = other.public_key_;
    sodium_memzero(other.secret_.data(), other.secret_.size());
  }
  return *this;
}

SigningKey::~SigningKey() { sodium_memzero(secret_.data(), secret_.size()); }

Signature SigningKey::Sign(std::string_view message) const {
  Signature sig;
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), secret_.data());
  return sig;
}

bool VerifySignature(const PublicKey& key, std::string_view message,
                     std::span<const uint8_t> signature) {
  (void)EnsureSodium();  // deterministic: correct either way (core/crypto.h)
  if (signature.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(signature.data(),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), key.data()) == 0;
}

std::string SigningKeyPathFor(const std::string& key_file) { return key_file + ".ed25519"; }

Result<SigningKey> LoadSigningKey(const std::string& path) {
  XB_ASSIGN_OR_RETURN(auto seed, ReadKeyBytes(path, "signing key file"));
  return SigningKey::FromSeed(*seed);
}

Result<SigningKey> LoadOrCreateSigningKey(const std::string& path) {
  auto existing = LoadSigningKey(path);
  if (existing.ok() || existing.error().code != ErrorCode::kNotFound) return existing;
  XB_RETURN_IF_ERROR(CreateRandomKeyFile(path));
  return LoadSigningKey(path);
}

std::string NextSigningKeyPathFor(const std::string& signing_key_path) {
  return signing_key_path + ".next";
}

std::string RetiredKeysPathFor(const std::string& signing_key_path) {
  return signing_key_path + ".retired";
}

Result<std::vector<PublicKey>> ReadRetiredKeys(const std::string& path) {
  std::vector<PublicKey> keys;
  auto text = ReadFile(path);
  if (!text.ok() && text.error().code == ErrorCode::kNotFound) return keys;
  if (!text.ok()) return std::move(text).error();
  std::string_view rest = *text;
  for (int line = 1; !rest.empty(); ++line) {
    const size_t end = rest.find('\n');
    std::string_view hex = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    if (hex.empty()) continue;
    auto raw = FromHex(hex);
    if (!raw.ok() || raw->size() != 32) {
      return InvalidArgument("a retired signing key must be 64 hex digits", {path, line});
    }
    PublicKey key;
    std::memcpy(key.data(), raw->data(), key.size());
    keys.push_back(key);
  }
  return keys;
}

Status AddRetiredKey(const std::string& path, const PublicKey& key) {
  XB_ASSIGN_OR_RETURN(std::vector<PublicKey> keys, ReadRetiredKeys(path));
  for (const PublicKey& k : keys) {
    if (k == key) return Status::Ok();
  }
  keys.push_back(key);
  std::string text;
  for (const PublicKey& k : keys) text += ToHex(k) + "\n";
  return WriteFileAtomically(path, text, FilePermissions::kPublic);
}

}  // namespace xb::ledger
