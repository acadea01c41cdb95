#include "seal/bech32.h"

#include <gtest/gtest.h>

#include <string>

namespace xb::seal {
namespace {

// BIP 173's valid checksums (the 90-character limit does not apply to age).
TEST(Bech32, Bip173ValidStrings) {
  const std::string valid[] = {
      "A12UEL5L",
      "a12uel5l",
      "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
      "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
      "11" + std::string(82, 'q') + "c8247j",
      "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
      "?1ezyfcl"};
  for (const std::string& text : valid) {
    EXPECT_TRUE(Bech32Parse(text).ok()) << text;
  }
  EXPECT_EQ(Bech32Parse("A12UEL5L")->hrp, "a");
  EXPECT_TRUE(Bech32Parse("A12UEL5L")->groups.empty());
}

// BIP 173's invalid strings, each for its stated reason.
TEST(Bech32, Bip173InvalidStrings) {
  for (const std::string& text : {
           std::string("\x20"
                       "1nwldj5"),  // HRP character out of range
           std::string("\x7f"
                       "1axkwrx"),        // HRP character out of range
           std::string("pzry9x0s0muk"),   // no separator
           std::string("1pzry9x0s0muk"),  // empty HRP
           std::string("x1b4n0q5v"),      // invalid data character
           std::string("li1dgmt3"),       // checksum too short
           std::string("de1lg7wt\xff"),   // invalid character in checksum
           std::string("A1G7SGD8"),       // checksum over the uppercase HRP
           std::string("10a06t8"),        // empty HRP
           std::string("1qzzfhee"),       // empty HRP
           std::string("a12UEL5L"),       // mixed case
       }) {
    EXPECT_FALSE(Bech32Parse(text).ok()) << text;
  }
}

TEST(Bech32, EncodeDecodeRoundTrip) {
  std::string bytes = "\x00\x01\x02\xfe\xff sealed";
  std::string text = Bech32Encode(
      "age",
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  EXPECT_TRUE(text.starts_with("age1"));
  EXPECT_EQ(*Bech32Decode(text, "age"), bytes);
  EXPECT_FALSE(Bech32Decode(text, "other").ok());
  text[6] = text[6] == 'q' ? 'p' : 'q';  // one changed character breaks the checksum
  EXPECT_FALSE(Bech32Decode(text, "age").ok());
}

TEST(Bech32, RejectsNonZeroOrExcessPadding) {
  // One byte is two 5-bit groups with 2 bits of padding: "l" (31) leaves padding bits set.
  std::vector<uint8_t> dirty = {0, 31};
  EXPECT_FALSE(Bech32GroupsToBytes(dirty).ok());
  std::vector<uint8_t> clean = {0, 28};  // 00000 111|00 -> 0x07, padding bits zero
  EXPECT_EQ(*Bech32GroupsToBytes(clean), std::string("\x07"));
  std::vector<uint8_t> excess = {0, 0, 0};  // 15 bits: 7 bits of padding
  EXPECT_FALSE(Bech32GroupsToBytes(excess).ok());
}

}  // namespace
}  // namespace xb::seal
