#include "protect/ff1.h"

#include <openssl/bn.h>
#include <openssl/evp.h>

#include <array>
#include <cstring>

namespace xb::protect {
namespace {

using Block = std::array<uint8_t, 16>;

struct BnDeleter {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
struct CtxDeleter {
  void operator()(BN_CTX* c) const { BN_CTX_free(c); }
};
using Bn = std::unique_ptr<BIGNUM, BnDeleter>;
Bn NewBn() { return Bn(BN_new()); }

void AppendBigEndian(uint64_t value, size_t bytes, std::vector<uint8_t>* out) {
  for (size_t i = bytes; i-- > 0;) out->push_back(static_cast<uint8_t>(value >> (8 * i)));
}

// NUM_radix(X): the number the numerals denote, most significant first.
void NumRadix(const uint32_t* x, size_t len, uint32_t radix, BIGNUM* out) {
  BN_zero(out);
  for (size_t i = 0; i < len; ++i) {
    BN_mul_word(out, radix);
    BN_add_word(out, x[i]);
  }
}

// STR^m_radix(x): m numerals. Destroys x.
void StrRadix(BIGNUM* x, size_t m, uint32_t radix, uint32_t* out) {
  for (size_t i = m; i-- > 0;) out[i] = static_cast<uint32_t>(BN_div_word(x, radix));
}

}  // namespace

struct Ff1::Impl {
  EVP_CIPHER_CTX* ctx = nullptr;
  ~Impl() { EVP_CIPHER_CTX_free(ctx); }
  // CIPH_K(block) in place.
  bool Cipher(Block* block) const {
    int len = 0;
    return EVP_EncryptUpdate(ctx, block->data(), &len, block->data(), 16) == 1 && len == 16;
  }
};

Ff1::Ff1(std::unique_ptr<Impl> impl, uint32_t radix) : impl_(std::move(impl)), radix_(radix) {}
Ff1::~Ff1() = default;

Result<std::unique_ptr<Ff1>> Ff1::Create(std::span<const uint8_t> key, uint32_t radix) {
  const EVP_CIPHER* cipher = nullptr;
  switch (key.size()) {
    case 16:
      cipher = EVP_aes_128_ecb();
      break;
    case 24:
      cipher = EVP_aes_192_ecb();
      break;
    case 32:
      cipher = EVP_aes_256_ecb();
      break;
    default:
      return InvalidArgument("FF1 key must be 16, 24 or 32 bytes");
  }
  if (radix < 2 || radix > 65536) return InvalidArgument("FF1 radix must be 2..65536");
  auto impl = std::make_unique<Impl>();
  impl->ctx = EVP_CIPHER_CTX_new();
  if (impl->ctx == nullptr ||
      EVP_EncryptInit_ex(impl->ctx, cipher, nullptr, key.data(), nullptr) != 1 ||
      EVP_CIPHER_CTX_set_padding(impl->ctx, 0) != 1) {
    return Internal("OpenSSL could not set up AES");
  }
  return std::unique_ptr<Ff1>(new Ff1(std::move(impl), radix));
}

Result<std::vector<uint32_t>> Ff1::Encrypt(const std::vector<uint32_t>& numerals,
                                           std::span<const uint8_t> tweak) const {
  return Run(numerals, tweak, true);
}

Result<std::vector<uint32_t>> Ff1::Decrypt(const std::vector<uint32_t>& numerals,
                                           std::span<const uint8_t> tweak) const {
  return Run(numerals, tweak, false);
}

Result<std::vector<uint32_t>> Ff1::Run(const std::vector<uint32_t>& x,
                                       std::span<const uint8_t> tweak, bool encrypt) const {
  const size_t n = x.size();
  if (n < 2 || n > 65536) return InvalidArgument("FF1 input must have 2..65536 numerals");
  for (uint32_t v : x) {
    if (v >= radix_) return InvalidArgument("FF1 numeral out of range for the radix");
  }
  std::unique_ptr<BN_CTX, CtxDeleter> bn_ctx(BN_CTX_new());
  Bn domain = NewBn(), radix_bn = NewBn(), exponent = NewBn();
  BN_set_word(radix_bn.get(), radix_);
  BN_set_word(exponent.get(), n);
  BN_exp(domain.get(), radix_bn.get(), exponent.get(), bn_ctx.get());
  Bn million = NewBn();
  BN_set_word(million.get(), 1000000);
  if (BN_cmp(domain.get(), million.get()) < 0) {
    return InvalidArgument("FF1 domain too small: radix^length must be at least 1,000,000");
  }
  const size_t u = n / 2, v = n - u;
  // b = ceil(ceil(v * log2(radix)) / 8) = bytes of (radix^v - 1).
  Bn pow_u = NewBn(), pow_v = NewBn();
  BN_set_word(exponent.get(), u);
  BN_exp(pow_u.get(), radix_bn.get(), exponent.get(), bn_ctx.get());
  BN_set_word(exponent.get(), v);
  BN_exp(pow_v.get(), radix_bn.get(), exponent.get(), bn_ctx.get());
  Bn tmp = NewBn();
  BN_copy(tmp.get(), pow_v.get());
  BN_sub_word(tmp.get(), 1);
  const size_t b = (static_cast<size_t>(BN_num_bits(tmp.get())) + 7) / 8;
  const size_t d = 4 * ((b + 3) / 4) + 4;
  const size_t t = tweak.size();

  std::vector<uint8_t> p = {1, 2, 1};
  AppendBigEndian(radix_, 3, &p);
  p.push_back(10);
  p.push_back(static_cast<uint8_t>(u % 256));
  AppendBigEndian(n, 4, &p);
  AppendBigEndian(t, 4, &p);

  std::vector<uint32_t> a(x.begin(), x.begin() + u), bv(x.begin() + u, x.end());
  std::vector<uint8_t> q;
  std::vector<uint8_t> num_bytes(b);
  std::vector<uint8_t> s;
  Bn num = NewBn(), y = NewBn(), c = NewBn();
  for (int step = 0; step < 10; ++step) {
    const int i = encrypt ? step : 9 - step;
    // Q = T || 0^((-t-b-1) mod 16) || [i]^1 || [NUM_radix(B or A)]^b.
    const std::vector<uint32_t>& source = encrypt ? bv : a;
    q.assign(tweak.begin(), tweak.end());
    const size_t zeros = (16 - ((t + b + 1) % 16)) % 16;
    q.insert(q.end(), zeros, 0);
    q.push_back(static_cast<uint8_t>(i));
    NumRadix(source.data(), source.size(), radix_, num.get());
    if (BN_bn2binpad(num.get(), num_bytes.data(), static_cast<int>(b)) < 0) {
      return Internal("FF1 numeral overflow");
    }
    q.insert(q.end(), num_bytes.begin(), num_bytes.end());
    // R = PRF(P || Q): CBC-MAC with a zero IV.
    Block r{};
    auto absorb = [&](const std::vector<uint8_t>& data) -> bool {
      for (size_t off = 0; off < data.size(); off += 16) {
        for (size_t j = 0; j < 16; ++j) r[j] ^= data[off + j];
        if (!impl_->Cipher(&r)) return false;
      }
      return true;
    };
    if (!absorb(p) || !absorb(q)) return Internal("OpenSSL AES failed");
    // S = R || CIPH(R xor [1]^16) || CIPH(R xor [2]^16) ..., first d bytes.
    s.assign(r.begin(), r.end());
    for (uint64_t j = 1; s.size() < d; ++j) {
      Block block = r;
      for (size_t k = 0; k < 8; ++k) block[15 - k] ^= static_cast<uint8_t>(j >> (8 * k));
      if (!impl_->Cipher(&block)) return Internal("OpenSSL AES failed");
      s.insert(s.end(), block.begin(), block.end());
    }
    BN_bin2bn(s.data(), static_cast<int>(d), y.get());
    const size_t m = (i % 2 == 0) ? u : v;
    const BIGNUM* modulus = (i % 2 == 0) ? pow_u.get() : pow_v.get();
    if (encrypt) {
      NumRadix(a.data(), a.size(), radix_, num.get());
      BN_mod_add(c.get(), num.get(), y.get(), modulus, bn_ctx.get());
    } else {
      NumRadix(bv.data(), bv.size(), radix_, num.get());
      BN_mod_sub(c.get(), num.get(), y.get(), modulus, bn_ctx.get());
    }
    std::vector<uint32_t> out(m);
    StrRadix(c.get(), m, radix_, out.data());
    if (encrypt) {
      a = std::move(bv);
      bv = std::move(out);
    } else {
      bv = std::move(a);
      a = std::move(out);
    }
  }
  a.insert(a.end(), bv.begin(), bv.end());
  return a;
}

}  // namespace xb::protect
