#include "ledger/signing_key.h"

#include <sodium.h>

#include <cstring>

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

}  // namespace xb::ledger
