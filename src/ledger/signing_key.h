// The Ed25519 key that signs the ledger's checkpoints. It lives in its own file beside the
// HMAC key (core/key_file.h), so that the identity of the log and the secret that names
// individuals can be rotated and guarded separately.
//
// File format: 64 lowercase hex digits (the 32-byte Ed25519 seed) and a newline, mode 0600,
// optionally wrapped under a passphrase like the HMAC key (core/secret_file.h).
#ifndef XBORDER_LEDGER_SIGNING_KEY_H_
#define XBORDER_LEDGER_SIGNING_KEY_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace xb::ledger {

using PublicKey = std::array<uint8_t, 32>;
using Signature = std::array<uint8_t, 64>;

// Not copyable: it holds secret key material, wiped on destruction. Movable.
class SigningKey {
 public:
  static SigningKey FromSeed(const std::array<uint8_t, 32>& seed);
  SigningKey(SigningKey&& other) noexcept;
  SigningKey& operator=(SigningKey&& other) noexcept;
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;
  ~SigningKey();

  const PublicKey& public_key() const { return public_key_; }
  Signature Sign(std::string_view message) const;

 private:
  SigningKey() = default;
  std::array<uint8_t, 64> secret_{};  // libsodium's seed || public key
  PublicKey public_key_{};
};

bool VerifySignature(const PublicKey& key, std::string_view message,
                     std::span<const uint8_t> signature);

// The signing key path that goes with an HMAC key file: "<key_file>.ed25519".
std::string SigningKeyPathFor(const std::string& key_file);

// Reads the key at `path`, or creates it (mode 0600, atomically: two racing processes end up
// with the same key) if it does not exist.
// Errors: kInvalidArgument if malformed or the passphrase is wrong; kFailedPrecondition if
// readable by group or others, or protected and no passphrase is available; kIo if it cannot be
// read or created.
Result<SigningKey> LoadOrCreateSigningKey(const std::string& path);

// Reads an existing key. Errors as above, and kNotFound if there is none.
Result<SigningKey> LoadSigningKey(const std::string& path);

// Where `keys rotate --signing` creates the new key before the ledger hands over to it:
// "<key>.next". Present only while a rotation is unfinished.
std::string NextSigningKeyPathFor(const std::string& signing_key_path);

// The public keys that signed before each `keys rotate --signing`, kept beside the signing key
// ("<key>.retired": one key a line, 64 hex digits; public, mode 0644), so that packages signed
// before a rotation still verify with the key beside --key-file (verify-package picks by the
// signature's key id).
std::string RetiredKeysPathFor(const std::string& signing_key_path);

// The retired keys, oldest first; empty when the file is absent. Errors: kIo; kInvalidArgument
// naming the file and line of a malformed key.
Result<std::vector<PublicKey>> ReadRetiredKeys(const std::string& path);

// Adds `key` unless it is already listed, rewriting the file atomically. Errors: as
// ReadRetiredKeys; kIo writing.
Status AddRetiredKey(const std::string& path, const PublicKey& key);

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_SIGNING_KEY_H_
