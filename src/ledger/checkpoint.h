// Signed checkpoints in the C2SP formats (c2sp.org/tlog-checkpoint over c2sp.org/signed-note):
//
//   <origin>\n<tree size in decimal>\n<base64 root hash>\n
//   \n
//   — <key name> <base64(key hash (4 bytes) || Ed25519 signature (64 bytes))>\n
//
// The signature covers the three body lines including the last newline. The key name is the
// origin; the key hash is the first 4 bytes of SHA-256(key name || 0x0A || 0x01 || public key),
// 0x01 being the Ed25519 signature type. A verifier key is shared as the text
// "<key name>+<8 hex digits of the key hash>+<base64(0x01 || public key)>".
#ifndef XBORDER_LEDGER_CHECKPOINT_H_
#define XBORDER_LEDGER_CHECKPOINT_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/base64.h"
#include "core/crypto.h"
#include "core/status.h"
#include "ledger/signing_key.h"

namespace xb::ledger {

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Digest root{};
};

// True if `name` can be a note key name and checkpoint origin: non-empty UTF-8 with no spaces,
// no '+', no control characters.
bool IsValidKeyName(std::string_view name);

std::array<uint8_t, 4> NoteKeyHash(std::string_view key_name, const PublicKey& key);
std::string VerifierKey(std::string_view key_name, const PublicKey& key);

std::string CheckpointBody(const Checkpoint& checkpoint);

// The whole signed note. REQUIRES: IsValidKeyName(checkpoint.origin).
std::string SignCheckpoint(const Checkpoint& checkpoint, const SigningKey& key);

// Parses a signed note, checks the signature line of `key` named by the origin, and returns the
// checkpoint. Signature lines of other keys are ignored (witness cosignatures).
// Errors: kParse if the note is malformed; kCorruption if no signature by `key` is found or it
// does not verify.
Result<Checkpoint> OpenCheckpoint(std::string_view note, const PublicKey& key);

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_CHECKPOINT_H_
