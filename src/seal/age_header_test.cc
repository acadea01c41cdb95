#include "seal/age_header.h"

#include <gtest/gtest.h>

namespace xb::seal {
namespace {

Result<AgeHeader> Parse(const std::string& text) {
  MemorySource source(text);
  BufferedSource in(source);
  return ReadAgeHeader(in);
}

TEST(AgeHeader, FormatThenParseRoundTrips) {
  Stanza a{{"X25519", "abc"}, std::string(32, 'k')};
  Stanza b{{"example.com/grease", "x", "y"}, std::string(48, 'z')};  // body of exactly 64 cols
  Stanza c{{"empty"}, ""};
  std::string mac_input = FormatHeaderForMac({a, b, c});
  FileKey key{};
  HeaderMac mac = ComputeHeaderMac(key, mac_input);
  std::string text = FinishHeader(mac_input, mac) + "PAYLOAD";
  // A 48-byte body fills one 64-column line, so an empty line must end it.
  EXPECT_NE(text.find("\n\n-> empty"), std::string::npos);

  MemorySource source(text);
  BufferedSource in(source);
  auto header = ReadAgeHeader(in);
  ASSERT_TRUE(header.ok()) << header.error().ToString();
  ASSERT_EQ(header->stanzas.size(), 3u);
  EXPECT_EQ(header->stanzas[1].args, b.args);
  EXPECT_EQ(header->stanzas[1].body, b.body);
  EXPECT_EQ(header->stanzas[2].body, "");
  EXPECT_EQ(header->mac, mac);
  EXPECT_EQ(header->mac_input, mac_input);
  auto rest = in.Peek(100);
  EXPECT_EQ(*rest, "PAYLOAD");
}

TEST(AgeHeader, SyntaxFaultsNameTheirLine) {
  const std::string mac = " " + std::string(42, 'A') + "A";
  struct Case {
    std::string text;
    int64_t line;
  } cases[] = {
      {"age-encryption.org/v2\n", 1},
      {"age-encryption.org/v1\r\n-> X\n\n---" + mac + "\n", 1},
      {"age-encryption.org/v1\n->X\n\n---" + mac + "\n", 2},
      {"age-encryption.org/v1\n-> X  Y\n\n---" + mac + "\n", 2},   // empty argument
      {"age-encryption.org/v1\n-> X\n---" + mac + "\n", 3},        // body line missing
      {"age-encryption.org/v1\n-> X\nAA==\n---" + mac + "\n", 3},  // padding
      {"age-encryption.org/v1\n-> X\n\n--- AAAA\n", 4},            // short MAC
      {"age-encryption.org/v1\n-> X\n\n---" + mac + " \n", 4},     // trailing space
      {"age-encryption.org/v1\n---" + mac + "\n", 2},              // no stanza
      {"age-encryption.org/v1\n-> X\n\n", 4},                      // ends in the header
      {"", 1},
  };
  for (const Case& c : cases) {
    auto h = Parse(c.text);
    ASSERT_FALSE(h.ok()) << c.text;
    EXPECT_EQ(h.error().code, ErrorCode::kParse) << c.text;
    EXPECT_EQ(h.error().where.line, c.line) << c.text << h.error().ToString();
  }
}

TEST(AgeHeader, OversizedHeaderIsRefused) {
  std::string text = "age-encryption.org/v1\n-> X\n";
  std::string line(64, 'A');
  while (text.size() <= kMaxHeaderBytes) text += line + "\n";
  auto h = Parse(text + "\n--- x\n");
  ASSERT_FALSE(h.ok());
  EXPECT_NE(h.error().message.find("larger"), std::string::npos);
}

}  // namespace
}  // namespace xb::seal
