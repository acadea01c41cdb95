#include "seal/age_keys.h"

#include <sodium.h>

#include <cstring>

#include "core/atomic_file.h"
#include "core/crypto.h"
#include "core/secret_file.h"
#include "core/strings.h"
#include "core/wiped.h"
#include "seal/bech32.h"

namespace xb::seal {
namespace {

constexpr std::string_view kRecipientHrp = "age";
constexpr std::string_view kIdentityHrp = "age-secret-key-";

void ToUpperInPlace(std::string& text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
}

bool HasCharIn(std::string_view text, char first, char last) {
  for (char c : text) {
    if (c >= first && c <= last) return true;
  }
  return false;
}

// True for the points of order 1, 2, 4 or 8 (and their non-canonical spellings): X25519 with any
// clamped scalar, a multiple of 8, gives all zeros, which libsodium refuses. A file sealed to
// such a key has a wrap key everyone can compute.
bool IsLowOrder(const X25519Key& key) {
  static constexpr X25519Key kAnyScalar = {9};
  (void)EnsureSodium();  // deterministic: correct either way (core/crypto.h)
  Wiped<X25519Key> product;
  return crypto_scalarmult_curve25519(product->data(), kAnyScalar.data(), key.data()) != 0;
}

Error RecipientError(std::string message) {
  return InvalidArgument(std::move(message), Location({}, 0, "recipient"));
}

}  // namespace

std::string AgeRecipient::ToString() const { return Bech32Encode(kRecipientHrp, public_key); }

Result<AgeRecipient> ParseAgeRecipient(std::string_view text) {
  // age's own rule: recipients are lowercase ("AGE1..." is refused by age too).
  if (HasCharIn(text, 'A', 'Z')) {
    return RecipientError("an age X25519 recipient (age1...) is written in lowercase");
  }
  auto raw = Bech32Decode(text, kRecipientHrp);
  if (!raw.ok()) {
    return RecipientError("not an age X25519 recipient (age1...): " + raw.error().message);
  }
  if (raw->size() != 32) return RecipientError("an age X25519 recipient holds 32 bytes");
  AgeRecipient r;
  std::memcpy(r.public_key.data(), raw->data(), 32);
  if (IsLowOrder(r.public_key)) {
    return RecipientError(
        "the age recipient is a low-order X25519 point: anyone could open what is sealed to it");
  }
  return r;
}

std::string AgeRecipientFingerprint(const AgeRecipient& recipient) {
  return "sha256:" + ToHex(Sha256(recipient.ToString())).substr(0, 16);
}

AgeIdentity AgeIdentity::FromSecret(const X25519Key& secret) {
  (void)EnsureSodium();  // deterministic: correct either way (core/crypto.h)
  AgeIdentity id;
  *id.secret_ = secret;
  crypto_scalarmult_curve25519_base(id.recipient_.public_key.data(), id.secret_->data());
  return id;
}

Result<AgeIdentity> AgeIdentity::Parse(std::string_view text) {
  // age's own rule: identities are uppercase ("age-secret-key-1..." is refused by age too).
  if (HasCharIn(text, 'a', 'z')) {
    return InvalidArgument("an age X25519 identity (AGE-SECRET-KEY-1...) is written in uppercase");
  }
  auto decoded = Bech32Decode(text, kIdentityHrp);
  if (!decoded.ok()) {
    return InvalidArgument("not an age X25519 identity (AGE-SECRET-KEY-1...): " +
                           decoded.error().message);
  }
  Wiped<std::string> raw(std::move(decoded).value());
  if (raw->size() != 32) return InvalidArgument("an age X25519 identity holds 32 bytes");
  Wiped<X25519Key> secret;
  std::memcpy(secret->data(), raw->data(), 32);
  return FromSecret(*secret);
}

Result<AgeIdentity> AgeIdentity::Generate() {
  Wiped<X25519Key> secret;
  XB_RETURN_IF_ERROR(RandomBytes(*secret));
  return FromSecret(*secret);
}

std::string AgeIdentity::ToString() const {
  std::string text = Bech32Encode(kIdentityHrp, *secret_);
  ToUpperInPlace(text);
  return text;
}

Result<std::vector<AgeIdentity>> ReadIdentityFile(const std::string& path) {
  // Like ssh with private keys: an identity others can read is refused, not used.
  XB_RETURN_IF_ERROR(CheckPrivate(path));
  XB_ASSIGN_OR_RETURN(std::string read, ReadFile(path));
  Wiped<std::string> text(std::move(read));
  std::vector<AgeIdentity> out;
  int64_t line_number = 0;
  size_t start = 0;
  while (start < text->size()) {
    size_t nl = text->find('\n', start);
    if (nl == std::string::npos) nl = text->size();
    ++line_number;
    std::string_view line = TrimBlanks(std::string_view(*text).substr(start, nl - start));
    start = nl + 1;
    if (line.empty() || line.front() == '#') continue;
    auto id = AgeIdentity::Parse(line);
    if (!id.ok()) return InvalidArgument(id.error().message, {path, line_number, "identity"});
    out.push_back(std::move(id).value());
  }
  if (out.empty()) return InvalidArgument("no age identity (AGE-SECRET-KEY-1...) in file", {path});
  return out;
}

std::string FormatIdentityFile(const AgeIdentity& identity, std::string_view created) {
  return "# created: " + std::string(created) +
         "\n# public key: " + identity.recipient().ToString() + "\n" + identity.ToString() + "\n";
}

}  // namespace xb::seal
