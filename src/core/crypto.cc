#include "core/crypto.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sodium.h>

#include <cstring>

namespace xb {

Digest Sha256(std::string_view data) {
  Digest out;
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr);
  return out;
}

Digest Sha256(std::span<const uint8_t> data) {
  return Sha256(std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
}

struct Sha256Hasher::Impl {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Impl() { EVP_MD_CTX_free(ctx); }
};

Sha256Hasher::Sha256Hasher() : impl_(std::make_unique<Impl>()) {
  EVP_DigestInit_ex(impl_->ctx, EVP_sha256(), nullptr);
}
Sha256Hasher::~Sha256Hasher() = default;

void Sha256Hasher::Update(std::string_view data) {
  EVP_DigestUpdate(impl_->ctx, data.data(), data.size());
}
void Sha256Hasher::Update(std::span<const uint8_t> data) {
  EVP_DigestUpdate(impl_->ctx, data.data(), data.size());
}
Digest Sha256Hasher::Finish() {
  Digest out;
  unsigned int len = 0;
  EVP_DigestFinal_ex(impl_->ctx, out.data(), &len);
  return out;
}

// A keyed SHA-256 state is prepared once; each Mac() copies it, which is both thread-safe and
// about three times faster than re-keying per message.
struct HmacSha256::Impl {
  EVP_MAC* mac = nullptr;
  EVP_MAC_CTX* keyed = nullptr;
  ~Impl() {
    EVP_MAC_CTX_free(keyed);
    EVP_MAC_free(mac);
  }
};

HmacSha256::HmacSha256(std::span<const uint8_t> key) : impl_(std::make_unique<Impl>()) {
  impl_->mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  impl_->keyed = EVP_MAC_CTX_new(impl_->mac);
  char digest_name[] = "SHA256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
                         OSSL_PARAM_construct_end()};
  EVP_MAC_init(impl_->keyed, key.data(), key.size(), params);
}
HmacSha256::~HmacSha256() = default;

Digest HmacSha256::Mac(std::string_view message) const {
  Digest out{};
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_dup(impl_->keyed);
  size_t len = 0;
  EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  EVP_MAC_final(ctx, out.data(), &len, out.size());
  EVP_MAC_CTX_free(ctx);
  return out;
}

std::array<uint8_t, 32> HkdfSha256(std::span<const uint8_t> ikm, std::span<const uint8_t> salt,
                                   std::string_view info) {
  // RFC 5869 §2.2: an absent salt is HashLen zeros, which is also what HMAC makes of an empty key.
  static constexpr std::array<uint8_t, 32> kZeroSalt{};
  Digest prk = HmacSha256(salt.empty() ? std::span<const uint8_t>(kZeroSalt) : salt)
                   .Mac(std::string_view(reinterpret_cast<const char*>(ikm.data()), ikm.size()));
  // One block of Expand: T(1) = HMAC(PRK, info || 0x01).
  std::string block(info);
  block.push_back('\x01');
  Digest okm = HmacSha256(prk).Mac(block);
  OPENSSL_cleanse(prk.data(), prk.size());
  return okm;
}

std::string ToHex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 15];
  }
  return out;
}

namespace {
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

Result<std::string> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return InvalidArgument("hex string has odd length");
  std::string out(hex.size() / 2, '\0');
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = HexValue(hex[2 * i]), lo = HexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0)
      return InvalidArgument("not a hex digit at offset " + std::to_string(2 * i));
    out[i] = static_cast<char>(hi * 16 + lo);
  }
  return out;
}

Result<Digest> DigestFromHex(std::string_view hex) {
  if (hex.size() != 64) return InvalidArgument("a SHA-256 hash is 64 hex digits");
  XB_ASSIGN_OR_RETURN(std::string raw, FromHex(hex));
  Digest d;
  std::memcpy(d.data(), raw.data(), d.size());
  return d;
}

Status EnsureSodium() {
  // 0: initialised now; 1: already initialised (by another library); -1: failed.
  static const int initialised = sodium_init();
  if (initialised < 0) return Internal("libsodium could not be initialised (no random source)");
  return Status::Ok();
}

Status RandomBytes(std::span<uint8_t> out) {
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
    return Internal("the system random number generator failed");
  }
  return Status::Ok();
}

bool ConstantTimeEquals(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace xb
