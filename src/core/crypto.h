// Hashing primitives shared by the ledger, the subject counters, tokenisation and the package
// manifest. Backed by OpenSSL's EVP interface.
#ifndef XBORDER_CORE_CRYPTO_H_
#define XBORDER_CORE_CRYPTO_H_

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"

namespace xb {

using Digest = std::array<uint8_t, 32>;

// A 128-bit keyed hash that never leaves memory (distinct counting during a scan).
struct Hash128 {
  uint64_t lo = 0;
  uint64_t hi = 0;
  friend bool operator==(const Hash128&, const Hash128&) = default;
};

// Hash-table hasher for digests: their first bytes are already uniformly distributed.
struct DigestHash {
  size_t operator()(const Digest& d) const {
    size_t h;
    std::memcpy(&h, d.data(), sizeof h);
    return h;
  }
};

Digest Sha256(std::string_view data);
Digest Sha256(std::span<const uint8_t> data);

// Incremental SHA-256 for files and streams. Not copyable: it owns an OpenSSL context.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  void Update(std::string_view data);
  void Update(std::span<const uint8_t> data);
  // Returns the digest; the hasher must not be updated afterwards.
  Digest Finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// HMAC-SHA-256 keyed hashing. Identifiers such as resident IDs have too little entropy for plain
// hashes (an 18-digit ID with a check digit is brute-forced in minutes), so individuals are only
// ever stored as HMACs under the installation's secret key (see key_file.h).
//
// Thread-safe: Mac() may be called concurrently from many threads on one object.
class HmacSha256 {
 public:
  explicit HmacSha256(std::span<const uint8_t> key);
  ~HmacSha256();
  HmacSha256(const HmacSha256&) = delete;
  HmacSha256& operator=(const HmacSha256&) = delete;

  Digest Mac(std::string_view message) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// HKDF-SHA-256 (RFC 5869): Extract with `salt` (empty means HashLen zero bytes), then Expand
// with `info` to one 32-byte block. Used for age's key schedule (seal/).
std::array<uint8_t, 32> HkdfSha256(std::span<const uint8_t> ikm, std::span<const uint8_t> salt,
                                   std::string_view info);

std::string ToHex(std::span<const uint8_t> bytes);  // lowercase
inline std::string ToHex(const Digest& d) { return ToHex(std::span<const uint8_t>(d)); }
// Parses lowercase or uppercase hex; error on odd length or a non-hex character.
Result<std::string> FromHex(std::string_view hex);
Result<Digest> DigestFromHex(std::string_view hex);

// Initialises libsodium once per process (idempotent, thread-safe) and returns the outcome,
// the same on every call. Call before any libsodium primitive: sodium_init() is what selects
// its SIMD implementations (without it ChaCha20 runs at a quarter of its speed). It fails only
// when libsodium cannot reach a random source. Code that draws randomness or derives keys from
// libsodium propagates the error; deterministic primitives (Ed25519 and X25519 arithmetic with
// given keys, AEAD with a given key) compute correct results either way, so a caller that
// cannot return an error may call it for speed alone, as (void)EnsureSodium().
// Errors: kInternal.
Status EnsureSodium();

// Fills `out` from the operating system's CSPRNG.
Status RandomBytes(std::span<uint8_t> out);

// Compares in time independent of where the inputs differ.
bool ConstantTimeEquals(std::span<const uint8_t> a, std::span<const uint8_t> b);

}  // namespace xb

#endif  // XBORDER_CORE_CRYPTO_H_
