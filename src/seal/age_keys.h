// age X25519 keys (c2sp.org/age, "The X25519 recipient type"): a recipient is a public key,
// "age1..." in Bech32; an identity is the matching 32-byte secret, "AGE-SECRET-KEY-1..." in
// uppercase Bech32. Identity files are age-keygen's format: one identity per line, '#' comments
// and blank lines ignored.
#ifndef XBORDER_SEAL_AGE_KEYS_H_
#define XBORDER_SEAL_AGE_KEYS_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/wiped.h"

namespace xb::seal {

using X25519Key = std::array<uint8_t, 32>;

struct AgeRecipient {
  X25519Key public_key{};

  std::string ToString() const;  // "age1..."
  bool operator==(const AgeRecipient&) const = default;
};

// Errors (kInvalidArgument, naming the field "recipient"; the text itself is not quoted): an
// uppercase letter (age writes and accepts recipients in lowercase only), not Bech32, a prefix
// other than "age", not 32 bytes, a low-order point (every sender would derive the same,
// public, wrap key).
Result<AgeRecipient> ParseAgeRecipient(std::string_view text);

// How packages and the ledger name a recipient: "sha256:" and the first 16 hex digits of
// SHA-256 of its "age1..." text. Anyone holding the recipient can recompute it; it names the
// public key, never an identity.
std::string AgeRecipientFingerprint(const AgeRecipient& recipient);

// Not copyable: holds a secret key, wiped on destruction and when moved from. Movable.
class AgeIdentity {
 public:
  // Errors (kInvalidArgument): a lowercase letter (age writes and accepts identities in
  // uppercase only), not Bech32, a prefix other than "AGE-SECRET-KEY-", not 32 bytes. The
  // message never contains the key.
  static Result<AgeIdentity> Parse(std::string_view text);
  // A fresh identity from the system CSPRNG. Errors: kInternal if it fails.
  static Result<AgeIdentity> Generate();
  static AgeIdentity FromSecret(const X25519Key& secret);

  AgeIdentity(AgeIdentity&& other) noexcept = default;
  AgeIdentity& operator=(AgeIdentity&& other) noexcept = default;

  std::string ToString() const;  // "AGE-SECRET-KEY-1..."
  const AgeRecipient& recipient() const { return recipient_; }
  const X25519Key& secret() const { return *secret_; }

 private:
  AgeIdentity() = default;
  Wiped<X25519Key> secret_;
  AgeRecipient recipient_;
};

// Reads every identity in an age-keygen style file. Errors naming the file and line:
// kNotFound / kIo; kInvalidArgument when group or others may read the file (as ssh refuses
// such private keys; the message gives the chmod); kInvalidArgument for a line that is neither
// a comment nor an X25519 identity, or a file with no identity at all.
Result<std::vector<AgeIdentity>> ReadIdentityFile(const std::string& path);

// age-keygen's layout: "# created: <created>\n# public key: age1...\nAGE-SECRET-KEY-1...\n".
std::string FormatIdentityFile(const AgeIdentity& identity, std::string_view created);

}  // namespace xb::seal

#endif  // XBORDER_SEAL_AGE_KEYS_H_
