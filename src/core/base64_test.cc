#include "core/base64.h"

#include <gtest/gtest.h>

namespace xb {
namespace {

TEST(Base64, PaddedRoundTripsAndRejectsNonCanonical) {
  std::string bytes("\x00\x01\xfe\xff xyz", 8);
  std::string enc = Base64Encode(bytes);
  EXPECT_EQ(enc, "AAH+/yB4eXo=");
  EXPECT_EQ(*Base64Decode(enc), bytes);
  EXPECT_FALSE(Base64Decode("QR==").ok());  // stray bits
  EXPECT_FALSE(Base64Decode("QQ").ok());    // no padding
  EXPECT_FALSE(Base64Decode("Q Q==").ok());
  EXPECT_FALSE(Base64Decode("QQ==\n").ok());
}

TEST(Base64, UnpaddedRejectsPadding) {
  EXPECT_EQ(Base64Encode("A", Base64Padding::kUnpadded), "QQ");
  EXPECT_EQ(*Base64Decode("QQ", Base64Padding::kUnpadded), "A");
  EXPECT_FALSE(Base64Decode("QQ==", Base64Padding::kUnpadded).ok());
  EXPECT_FALSE(Base64Decode("QR", Base64Padding::kUnpadded).ok());  // stray bits
  EXPECT_FALSE(Base64Decode("Q", Base64Padding::kUnpadded).ok());   // impossible length
  EXPECT_EQ(*Base64Decode("", Base64Padding::kUnpadded), "");
}

}  // namespace
}  // namespace xb
