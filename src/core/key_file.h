// The installation's secret key for keyed hashing (HMAC-SHA-256) of individuals, tokenisation
// and format-preserving encryption. Lives in a file readable only by its owner (mode 0600).
//
// Format: 64 lowercase hex digits (32 random bytes) and a newline, optionally wrapped under a
// passphrase (core/key_passphrase.h; read transparently, see docs/keys.md). The key id, the first
// 16 hex digits of SHA-256("xborder-key-id" || key), names the counting namespace in the ledger so
// that hashes made under different keys are never compared (see docs/ledger.md, key rotation).
#ifndef XBORDER_CORE_KEY_FILE_H_
#define XBORDER_CORE_KEY_FILE_H_

#include <sodium.h>

#include <array>
#include <cstdint>
#include <string>

#include "core/status.h"
#include "core/wiped.h"

namespace xb {

// Copyable (it is passed around by value); every copy wipes its bytes when destroyed.
struct SecretKey {
  std::array<uint8_t, 32> bytes{};
  std::string id;  // 16 hex digits, safe to print and to store in the ledger

  ~SecretKey() { sodium_memzero(bytes.data(), bytes.size()); }
  SecretKey() = default;
  SecretKey(const SecretKey&) = default;
  SecretKey(SecretKey&&) = default;
  SecretKey& operator=(const SecretKey&) = default;
  SecretKey& operator=(SecretKey&&) = default;
};

// Derives a sub-key for one purpose ("subject", "token", "ff1", "date-shift") so that one
// leaked derived value never exposes another use. HMAC-SHA-256(key, "xborder/" + purpose).
std::array<uint8_t, 32> DeriveSubKey(const SecretKey& key, std::string_view purpose);

// Reads the key at `path`. If the file does not exist, creates it (with its parent folder) with
// a fresh random key and mode 0600, atomically, so two processes racing both end with one key;
// wrapped under $XBORDER_KEY_PASSPHRASE when that is set.
// Errors: kInvalidArgument if the file is malformed or the passphrase wrong; kIo if it cannot be
// read or created; kInvalidArgument if it is readable by group or others, or protected and
// no passphrase is available.
Result<SecretKey> LoadOrCreateKey(const std::string& path);

// Reads an existing key; kNotFound if there is none.
Result<SecretKey> LoadKey(const std::string& path);

// A fresh random key that is never stored, for keyed hashes that never leave the process (a
// scan's distinct counting), so that a read-only command needs no key file.
// Errors: kIo if the system's random source fails.
Result<SecretKey> EphemeralKey();

// The 32 bytes a key file holds as 64 hex digits on its first line (the HMAC key, and the
// signing key's seed in ledger/signing_key.h). Errors: ReadSecretFile's; kInvalidArgument
// naming the file and line 1, with `what` ("key file") in the message.
Result<Wiped<std::array<uint8_t, 32>>> ReadKeyBytes(const std::string& path, std::string_view what);

// Creates `path` holding 32 fresh random bytes as 64 hex digits, mode 0600 (wrapped as
// CreateSecretFile does), unless a file is there: then that one is kept (a racing process's key
// wins and everyone reads it). Errors: kIo; kInternal if the random source fails.
Status CreateRandomKeyFile(const std::string& path);

// Builds a key from raw bytes (tests and key rotation tooling).
SecretKey KeyFromBytes(const std::array<uint8_t, 32>& bytes);

}  // namespace xb

#endif  // XBORDER_CORE_KEY_FILE_H_
