#include "core/crypto.h"

#include <gtest/gtest.h>

namespace xb {
namespace {

TEST(Crypto, Sha256KnownAnswers) {
  EXPECT_EQ(ToHex(Sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(ToHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, IncrementalMatchesOneShot) {
  Sha256Hasher h;
  h.Update("a");
  h.Update("bc");
  EXPECT_EQ(h.Finish(), Sha256("abc"));
}

TEST(Crypto, HmacRfc4231Case2) {
  std::string key = "Jefe";
  HmacSha256 mac(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(key.data()), key.size()));
  EXPECT_EQ(ToHex(mac.Mac("what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // The keyed state is reused: a second call gives the same answer.
  EXPECT_EQ(mac.Mac("x"), mac.Mac("x"));
  EXPECT_NE(mac.Mac("x"), mac.Mac("y"));
}

// RFC 5869 Appendix A, test cases 1 and 3 (the first 32 bytes of their OKM).
TEST(Crypto, HkdfRfc5869) {
  std::array<uint8_t, 22> ikm;
  ikm.fill(0x0b);
  std::array<uint8_t, 13> salt;
  for (size_t i = 0; i < salt.size(); ++i) salt[i] = static_cast<uint8_t>(i);
  EXPECT_EQ(ToHex(HkdfSha256(ikm, salt, "\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9")),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf");
  EXPECT_EQ(ToHex(HkdfSha256(ikm, {}, "")),
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d");
}

TEST(Crypto, HexRoundTripAndErrors) {
  auto raw = FromHex("00ff10");
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->size(), 3u);
  EXPECT_EQ(ToHex(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(raw->data()), 3)),
            "00ff10");
  EXPECT_FALSE(FromHex("abc").ok());
  EXPECT_FALSE(FromHex("zz").ok());
  EXPECT_FALSE(DigestFromHex("00").ok());
}

}  // namespace
}  // namespace xb
