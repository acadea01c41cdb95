#include "detect/text/normalized_text.h"

#include <gtest/gtest.h>

namespace xb::text {
namespace {

TEST(NormalizedText, AsciiIsUnchanged) {
  NormalizedText n;
  n.Reset("call 138-0013-8000");
  EXPECT_EQ(n.text(), "call 138-0013-8000");
  EXPECT_EQ(n.ToOriginal(5), 5u);
}

TEST(NormalizedText, FoldsFullWidthAndMapsBack) {
  NormalizedText n;
  const std::string original = "手机１３８";  // 手机 = 6 bytes, each full-width digit 3 bytes
  n.Reset(original);
  EXPECT_EQ(n.text(), "手机138");
  EXPECT_EQ(n.ToOriginal(6), 6u);
  EXPECT_EQ(n.ToOriginal(7), 9u);
  EXPECT_EQ(n.ToOriginal(9), original.size());
}

TEST(NormalizedText, FoldsIdeographicSpaceAndDashes) {
  NormalizedText n;
  n.Reset(
      "138\xE2\x80\x94"
      "0013\xE3\x80\x80"
      "8000");  // em dash, ideographic space
  EXPECT_EQ(n.text(), "138-0013 8000");
}

TEST(NormalizedText, InvalidBytesAreKept) {
  NormalizedText n;
  const std::string original = "\xFF\xEF\xBC\x91";  // invalid byte, then full-width 1
  n.Reset(original);
  EXPECT_EQ(n.text(),
            "\xFF"
            "1");
  EXPECT_EQ(n.ToOriginal(1), 1u);
}

}  // namespace
}  // namespace xb::text
