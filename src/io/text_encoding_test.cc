#include "io/text_encoding.h"

#include <gtest/gtest.h>

namespace xb::io {
namespace {

// "张三,北京" in GB18030 (GBK range) and in UTF-8.
constexpr std::string_view kGbText = "\xD5\xC5\xC8\xFD,\xB1\xB1\xBE\xA9\n";
constexpr std::string_view kUtf8Text = "张三,北京\n";

TEST(DetectEncoding, AsciiAndUtf8AreUtf8) {
  EXPECT_EQ(*DetectEncoding("a,b\n1,2\n", true, "f.csv"), TextEncoding::kUtf8);
  EXPECT_EQ(*DetectEncoding(kUtf8Text, true, "f.csv"), TextEncoding::kUtf8);
}

TEST(DetectEncoding, GbkBytesAreGb18030) {
  EXPECT_EQ(*DetectEncoding(kGbText, true, "f.csv"), TextEncoding::kGb18030);
}

TEST(DetectEncoding, SequenceCutByTheSampleEndIsAccepted) {
  std::string cut(kUtf8Text.substr(0, 4));  // "张" and one byte of "三"
  EXPECT_EQ(*DetectEncoding(cut, false, "f.csv"), TextEncoding::kUtf8);
  EXPECT_FALSE(FindInvalidUtf8(cut, false) == std::string_view::npos);
}

TEST(DetectEncoding, NeitherEncodingNamesFileAndLine) {
  auto r = DetectEncoding("ok\n\x80\xFF\x80\n", true, "bad.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where.file, "bad.csv");
  EXPECT_EQ(r.error().where.line, 2);
}

TEST(FindInvalidGb18030, FourByteSequences) {
  EXPECT_EQ(FindInvalidGb18030("\x81\x30\x81\x30", false), std::string_view::npos);
  EXPECT_EQ(FindInvalidGb18030("\x81\x30\x20\x30", false), 0u);
  EXPECT_EQ(FindInvalidGb18030("a\xFF", false), 1u);
}

TEST(FindBinaryByte, ControlBytesButNotWhitespace) {
  EXPECT_EQ(FindBinaryByte("a\tb\r\n"), std::string_view::npos);
  EXPECT_EQ(FindBinaryByte(std::string_view("ab\0c", 4)), 2u);
}

TEST(Gb18030Decoder, ConvertsAndKeepsACutSequence) {
  auto decoder = Gb18030Decoder::Create();
  ASSERT_TRUE(decoder.ok());
  std::string out;
  // Feed the text cut in the middle of a two-byte character.
  auto used = (*decoder)->Convert(kGbText.substr(0, 3), false, &out);
  ASSERT_TRUE(used.ok());
  EXPECT_EQ(*used, 2u);
  std::string rest(kGbText.substr(2));
  auto used2 = (*decoder)->Convert(rest, true, &out);
  ASSERT_TRUE(used2.ok());
  EXPECT_EQ(out, kUtf8Text);
}

TEST(Gb18030Decoder, InvalidSequenceIsAParseError) {
  auto decoder = Gb18030Decoder::Create();
  ASSERT_TRUE(decoder.ok());
  std::string out;
  auto r = (*decoder)->Convert("ab\xFF\xFF", true, &out);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kParse);
}

}  // namespace
}  // namespace xb::io
