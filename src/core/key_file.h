// The installation's secret key for keyed hashing (HMAC-SHA-256) of individuals, tokenisation
// and format-preserving encryption. Lives in a file readable only by its owner (mode 0600).
//
// Format: 64 lowercase hex digits (32 random bytes) and a newline, optionally wrapped under a
// passphrase (core/key_passphrase.h; read transparently, see docs/keys.md). The key id, the first
// 16 hex digits of SHA-256("xborder-key-id" || key), names the counting namespace in the ledger so
// that hashes made under different keys are never compared (see docs/ledger.md, key rotation).
//
// After `keys rotate --subject` the file also holds the subject-key chain, one line per rotation,
// oldest first: "subject-layer <64 hex digits>". Each layer R re-keys the stored subject hashes,
// h' = HMAC-SHA-256(R, h), and the counting namespace is then named by the last layer's id
// (computed as for the key). While a rotation is under way its layer is written first as
// "subject-layer-pending <64 hex digits>" (last line); such a file is refused by LoadKey until the
// rotation finishes (docs/keys.md, "Rotation").
#ifndef XBORDER_CORE_KEY_FILE_H_
#define XBORDER_CORE_KEY_FILE_H_

#include <sodium.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/wiped.h"

namespace xb {

using KeyBytes = std::array<uint8_t, 32>;

// Copyable (it is passed around by value); every copy wipes its bytes when destroyed.
struct SecretKey {
  std::array<uint8_t, 32> bytes{};  // the installation key: every sub-key derives from it
  // The subject-key chain's layers, oldest first (empty before the first rotation). They apply
  // to the "subject" hashes only (detect/subject_hasher.h); tokens, FF1 and date shifts keep
  // deriving from `bytes`.
  std::vector<KeyBytes> subject_layers;
  // 16 hex digits, safe to print and to store in the ledger: the counting namespace, i.e. the
  // id of the last subject layer, or of `bytes` when there is none.
  std::string id;

  ~SecretKey() {
    sodium_memzero(bytes.data(), bytes.size());
    for (KeyBytes& layer : subject_layers) sodium_memzero(layer.data(), layer.size());
  }
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

// Reads an existing key; kNotFound if there is none. Errors as LoadOrCreateKey, and
// kInvalidArgument while a subject-key rotation is unfinished (a pending layer).
Result<SecretKey> LoadKey(const std::string& path);

// The key file as `keys rotate --subject` sees it: the key with its committed chain, and the
// layer of a rotation under way (nullopt: none). Wipes the pending layer when destroyed.
struct KeyFileState {
  SecretKey key;
  std::optional<KeyBytes> pending_layer;

  ~KeyFileState() {
    if (pending_layer) sodium_memzero(pending_layer->data(), pending_layer->size());
  }
  KeyFileState() = default;
  KeyFileState(const KeyFileState&) = default;
  KeyFileState(KeyFileState&&) = default;
  KeyFileState& operator=(const KeyFileState&) = default;
  KeyFileState& operator=(KeyFileState&&) = default;
};

// Reads the key file with its chain and any pending layer. Errors as LoadKey (kNotFound when
// absent), with kInvalidArgument naming the file and line for a malformed layer line.
Result<KeyFileState> ReadKeyFileState(const std::string& path);

// Rewrites an existing key file atomically (mode 0600) with `state`, keeping its passphrase
// protection (the passphrase it was read with). Errors: kIo; those of reading the passphrase.
Status WriteKeyFileState(const std::string& path, const KeyFileState& state);

// The id a key or a subject layer is named by: 16 hex digits of SHA-256("xborder-key-id" || k).
std::string KeyIdOf(const KeyBytes& bytes);

// The counting-namespace ids of the chain, oldest first: the installation key's own id, then
// each layer's (the last is key.id).
std::vector<std::string> SubjectKeyIds(const SecretKey& key);

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

// Builds a key from raw bytes, without a subject chain (tests and key rotation tooling).
SecretKey KeyFromBytes(const std::array<uint8_t, 32>& bytes);

}  // namespace xb

#endif  // XBORDER_CORE_KEY_FILE_H_
