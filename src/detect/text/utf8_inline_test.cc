#include "detect/text/utf8_inline.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace xb::text {
namespace {

void ExpectSame(const std::string& s) {
  const utf8::Decoded a = utf8::DecodeOne(s);
  const utf8::Decoded b = DecodeAt(reinterpret_cast<const unsigned char*>(s.data()), s.size());
  ASSERT_EQ(a.code_point, b.code_point) << s.size();
  ASSERT_EQ(a.length, b.length);
  ASSERT_EQ(a.valid, b.valid);
}

TEST(Utf8Inline, SameAsDecodeOneOnEveryShortSequence) {
  for (int a = 0; a < 256; ++a) {
    ExpectSame(std::string(1, static_cast<char>(a)));
    for (int b = 0; b < 256; ++b) {
      ExpectSame({static_cast<char>(a), static_cast<char>(b)});
      if (a < 0xE0) continue;  // only 3- and 4-byte leads look further
      for (int c = 0; c < 256; ++c) {
        ExpectSame({static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)});
      }
    }
  }
}

TEST(Utf8Inline, SameAsDecodeOneOnRandomFourByteSequences) {
  std::mt19937 rng(7);
  for (int i = 0; i < 200000; ++i) {
    std::string s(4, '\0');
    s[0] = static_cast<char>(0xF0 + rng() % 16);
    for (int k = 1; k < 4; ++k) s[k] = static_cast<char>(rng() % 2 ? 0x80 + rng() % 64 : rng());
    ExpectSame(s);
  }
}

}  // namespace
}  // namespace xb::text
