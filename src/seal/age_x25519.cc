#include "seal/age_x25519.h"

#include <sodium.h>

#include <cstring>

#include "core/base64.h"
#include "core/crypto.h"
#include "core/wiped.h"

namespace xb::seal {
namespace {

constexpr std::string_view kStanzaType = "X25519";
constexpr std::string_view kWrapInfo = "age-encryption.org/v1/X25519";
constexpr size_t kWrappedKeyBytes = sizeof(FileKey) + crypto_aead_chacha20poly1305_ietf_ABYTES;
// Each wrap key is used once, so the stanza's AEAD nonce is zero (the specification's choice).
constexpr std::array<uint8_t, crypto_aead_chacha20poly1305_ietf_NPUBBYTES> kZeroNonce{};

using Secret32 = Wiped<std::array<uint8_t, 32>>;

std::array<uint8_t, 32> WrapKey(const X25519Key& shared, const X25519Key& share,
                                const X25519Key& recipient) {
  std::array<uint8_t, 64> salt;
  std::memcpy(salt.data(), share.data(), 32);
  std::memcpy(salt.data() + 32, recipient.data(), 32);
  return HkdfSha256(shared, salt, kWrapInfo);
}

struct ParsedX25519Stanza {
  X25519Key share;
  const std::string* body;
};

Result<ParsedX25519Stanza> ParseX25519Stanza(const Stanza& stanza) {
  if (stanza.args.size() != 2) return ParseError("age header: X25519 stanza needs 2 arguments");
  auto share = Base64Decode(stanza.args[1], Base64Padding::kUnpadded);
  if (!share.ok() || share->size() != 32) {
    return ParseError("age header: X25519 share is not canonical base64 of 32 bytes");
  }
  // Checked before any decryption, against partitioning-oracle attacks (the specification's
  // requirement): only a 32-byte body can hold a wrapped 16-byte file key.
  if (stanza.body.size() != kWrappedKeyBytes) {
    return ParseError("age header: X25519 stanza body is not 32 bytes");
  }
  ParsedX25519Stanza parsed;
  std::memcpy(parsed.share.data(), share->data(), 32);
  parsed.body = &stanza.body;
  return parsed;
}

// Returns true and fills `file_key` if `identity` opens the stanza.
Result<bool> TryIdentity(const ParsedX25519Stanza& stanza, const AgeIdentity& identity,
                         Wiped<FileKey>& file_key) {
  Secret32 shared;
  // libsodium refuses (returns -1) when the result is all zeros: a low-order share, which the
  // specification says must abort.
  if (crypto_scalarmult_curve25519(shared->data(), identity.secret().data(), stanza.share.data()) !=
      0) {
    return ParseError("age header: X25519 share is a low-order point");
  }
  Secret32 key(WrapKey(*shared, stanza.share, identity.recipient().public_key));
  unsigned long long length = 0;
  int rc = crypto_aead_chacha20poly1305_ietf_decrypt(
      file_key->data(), &length, nullptr, reinterpret_cast<const uint8_t*>(stanza.body->data()),
      stanza.body->size(), nullptr, 0, kZeroNonce.data(), key->data());
  return rc == 0 && length == file_key->size();
}

}  // namespace

Result<Stanza> WrapForX25519(const FileKey& file_key, const AgeRecipient& recipient) {
  XB_RETURN_IF_ERROR(EnsureSodium());
  Secret32 ephemeral;
  XB_RETURN_IF_ERROR(RandomBytes(*ephemeral));
  X25519Key share;
  crypto_scalarmult_curve25519_base(share.data(), ephemeral->data());
  Secret32 shared;
  // ParseAgeRecipient refuses low-order keys; this guards recipients built another way.
  if (crypto_scalarmult_curve25519(shared->data(), ephemeral->data(),
                                   recipient.public_key.data()) != 0) {
    return InvalidArgument("age recipient is a low-order point", Location({}, 0, "recipient"));
  }
  Secret32 key(WrapKey(*shared, share, recipient.public_key));
  std::string body(kWrappedKeyBytes, '\0');
  crypto_aead_chacha20poly1305_ietf_encrypt(reinterpret_cast<uint8_t*>(body.data()), nullptr,
                                            file_key.data(), file_key.size(), nullptr, 0, nullptr,
                                            kZeroNonce.data(), key->data());
  Stanza stanza;
  stanza.args = {std::string(kStanzaType), Base64Encode(share, Base64Padding::kUnpadded)};
  stanza.body = std::move(body);
  return stanza;
}

Result<Wiped<FileKey>> UnwrapWithX25519(const std::vector<Stanza>& stanzas,
                                        std::span<const AgeIdentity> identities) {
  XB_RETURN_IF_ERROR(EnsureSodium());
  for (const Stanza& s : stanzas) {
    if (!s.args.empty() && s.args[0] == "scrypt" && stanzas.size() > 1) {
      return ParseError("age header: an scrypt stanza must be the only one");
    }
  }
  bool scrypt_only =
      stanzas.size() == 1 && !stanzas[0].args.empty() && stanzas[0].args[0] == "scrypt";
  Wiped<FileKey> file_key;
  for (const Stanza& s : stanzas) {
    if (s.args.empty() || s.args[0] != kStanzaType) continue;
    XB_ASSIGN_OR_RETURN(ParsedX25519Stanza parsed, ParseX25519Stanza(s));
    for (const AgeIdentity& identity : identities) {
      XB_ASSIGN_OR_RETURN(bool opened, TryIdentity(parsed, identity, file_key));
      if (opened) return file_key;
    }
  }
  return NotFound(scrypt_only ? "the file is passphrase-encrypted (scrypt), which xborder does "
                                "not open; use age -d"
                              : "no identity matches: the file was sealed for other recipients",
                  Location({}, 0, "identity"));
}

}  // namespace xb::seal
