#include "core/utf8.h"

#include <gtest/gtest.h>

namespace xb::utf8 {
namespace {

TEST(Utf8, CountsCodePointsNotBytes) {
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  EXPECT_EQ(CountCodePoints("手机138"), 5u);
  EXPECT_EQ(CountCodePoints("😀"), 1u);
}

TEST(Utf8, RejectsOverlongsSurrogatesAndTruncation) {
  EXPECT_TRUE(IsValid("身份证 110101"));
  EXPECT_EQ(FindInvalid("ab\xC0\x80"), 2u);           // overlong NUL
  EXPECT_EQ(FindInvalid("\xED\xA0\x80"), 0u);         // UTF-16 surrogate
  EXPECT_EQ(FindInvalid("abcdefghij\xE6\x89"), 10u);  // truncated after the ASCII fast path
  EXPECT_EQ(FindInvalid("\xF4\x90\x80\x80"), 0u);     // above U+10FFFF
}

TEST(Utf8, InvalidBytesDecodeAsReplacementOneByteAtATime) {
  Decoded d = DecodeOne(
      "\xFF"
      "a");
  EXPECT_FALSE(d.valid);
  EXPECT_EQ(d.length, 1);
  EXPECT_EQ(d.code_point, kReplacement);
}

TEST(Utf8, FoldsFullWidthDigitsAndLetters) {
  EXPECT_EQ(FoldFullWidth("１３８００１３８０００"), "13800138000");
  EXPECT_EQ(FoldFullWidth("ｘ　Ａ"), "x A");
  EXPECT_EQ(FoldFullWidth("张三"), "张三");
}

TEST(Utf8, DecodeAllGivesCodePoints) {
  EXPECT_EQ(DecodeAll("张a"), std::u32string(U"张a"));
  EXPECT_EQ(DecodeAll("\xFF"), std::u32string(1, kReplacement));
}

TEST(Utf8, AppendRoundTrips) {
  std::string s;
  for (char32_t cp : {U'a', U'é', U'张', U'😀'}) Append(cp, &s);
  EXPECT_EQ(s, "aé张😀");
}

}  // namespace
}  // namespace xb::utf8
