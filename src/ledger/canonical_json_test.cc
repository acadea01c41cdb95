#include "ledger/canonical_json.h"

#include <gtest/gtest.h>

#include <string>

namespace xb::ledger {
namespace {

std::string Canon(std::string_view in) {
  auto r = CanonicalizeObject(in);
  return r.ok() ? *r : "ERROR: " + r.error().message;
}

TEST(CanonicalJson, SortsKeysAndDropsWhitespace) {
  EXPECT_EQ(Canon(" { \"b\" : 1 ,\n \"a\" : [ true , null , \"x\" ] } "),
            R"({"a":[true,null,"x"],"b":1})");
  EXPECT_EQ(Canon(R"({"z":{"y":1,"x":2},"a":{}})"), R"({"a":{},"z":{"x":2,"y":1}})");
}

TEST(CanonicalJson, SortsKeysByUtf8Bytes) {
  // "é" (C3 A9) sorts after "z" (7A); "B" (42) before "a" (61).
  EXPECT_EQ(Canon("{\"\xC3\xA9\":1,\"z\":2,\"a\":3,\"B\":4}"),
            "{\"B\":4,\"a\":3,\"z\":2,\"\xC3\xA9\":1}");
}

TEST(CanonicalJson, IntegersOnlyInShortestForm) {
  EXPECT_EQ(Canon(R"({"n":-0,"m":9223372036854775807,"k":-9223372036854775808})"),
            R"({"k":-9223372036854775808,"m":9223372036854775807,"n":0})");
  EXPECT_NE(Canon(R"({"n":1.5})").find("ERROR"), std::string::npos);
  EXPECT_NE(Canon(R"({"n":1e3})").find("ERROR"), std::string::npos);
  EXPECT_NE(Canon(R"({"n":1.0})").find("ERROR"), std::string::npos);
  EXPECT_NE(Canon(R"({"n":9223372036854775808})").find("ERROR"), std::string::npos);
  EXPECT_NE(Canon(R"({"n":01})").find("ERROR"), std::string::npos);
}

TEST(CanonicalJson, StringEscapesFollowRfc8785) {
  EXPECT_EQ(Canon(R"({"s":"\u0041\/\u00e9\u0001\n\t\"\\\u007f"})"),
            "{\"s\":\"A/\xC3\xA9\\u0001\\n\\t\\\"\\\\\x7F\"}");
  EXPECT_EQ(Canon(R"({"s":"\ud83d\ude00"})"), "{\"s\":\"\xF0\x9F\x98\x80\"}");
}

TEST(CanonicalJson, RejectsWhatHasNoCanonicalForm) {
  EXPECT_NE(Canon(R"({"a":1,"a":2})").find("duplicate"), std::string::npos);
  EXPECT_NE(Canon("[1,2]").find("object"), std::string::npos);
  EXPECT_NE(Canon("{\"s\":\"\xFF\"}").find("ERROR"), std::string::npos);
  EXPECT_NE(Canon(R"({"s":"\ud800"})").find("ERROR"), std::string::npos);
  EXPECT_NE(Canon(R"({"a":1} {"b":2})").find("ERROR"), std::string::npos);
  EXPECT_NE(Canon("").find("ERROR"), std::string::npos);
  std::string deep = "{\"a\":" + std::string(100, '[') + std::string(100, ']') + "}";
  EXPECT_NE(Canon(deep).find("nesting"), std::string::npos);
}

TEST(CanonicalJson, ErrorsNeverQuoteTheInput) {
  auto r = CanonicalizeObject(R"({"id":"110101199003077777", "id":"x"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.find("1101"), std::string::npos);
}

TEST(CanonicalJson, IsCanonicalIsExact) {
  EXPECT_TRUE(IsCanonicalObject(R"({"a":1,"b":[2]})"));
  EXPECT_FALSE(IsCanonicalObject(R"({"b":1,"a":2})"));
  EXPECT_FALSE(IsCanonicalObject(R"({"a": 1})"));
  EXPECT_FALSE(IsCanonicalObject("{\"a\":1}\n"));
}

TEST(CanonicalJson, LimitsSize) {
  std::string big = "{\"a\":\"" + std::string(kMaxEntryBytes, 'x') + "\"}";
  auto r = CanonicalizeObject(big);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kResourceExhausted);
}

}  // namespace
}  // namespace xb::ledger
