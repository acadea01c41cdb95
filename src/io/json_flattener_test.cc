#include "io/json_flattener.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace xb::io {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

Result<Pairs> Flatten(std::string json) {
  JsonFlattener flattener;
  size_t size = json.size();
  json.resize(size + 64, ' ');
  std::vector<FlatField> fields;
  XB_RETURN_IF_ERROR(flattener.Flatten(json.data(), size, json.size(), &fields));
  Pairs out;
  for (const auto& f : fields) out.emplace_back(std::string(f.name), std::string(f.value));
  return out;
}

TEST(JsonFlattener, NestedObjectsBecomeDottedNames) {
  auto r = Flatten(R"({"id":7,"person":{"name":"张三","contact":{"mobile":"13800138000"}}})");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(
      *r, (Pairs{{"id", "7"}, {"person.name", "张三"}, {"person.contact.mobile", "13800138000"}}));
}

TEST(JsonFlattener, ScalarsArraysAndNull) {
  auto r = Flatten(R"({"ok":true,"n":-1.5e3 ,"none":null,"tags":["a", "b"],"esc":"a\"b\u4e2d"})");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(*r, (Pairs{{"ok", "true"},
                       {"n", "-1.5e3"},
                       {"none", ""},
                       {"tags", R"(["a", "b"])"},
                       {"esc", "a\"b中"}}));
}

TEST(JsonFlattener, EmptyObjectHasNoFields) {
  auto r = Flatten(R"({"a":{},"b":1})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (Pairs{{"b", "1"}}));
}

TEST(JsonFlattener, NotAnObjectIsAnError) {
  EXPECT_FALSE(Flatten("[1,2]").ok());
  EXPECT_FALSE(Flatten("42").ok());
}

TEST(JsonFlattener, SyntaxErrorsAreErrors) {
  EXPECT_FALSE(Flatten(R"({"a":)").ok());
  EXPECT_FALSE(Flatten(R"({"a":1} trailing)").ok());
  EXPECT_FALSE(Flatten(R"({"a":tru})").ok());
  EXPECT_FALSE(Flatten(R"({"a":1.2.3})").ok());
}

TEST(JsonFlattener, ParserIsReusable) {
  JsonFlattener flattener;
  std::vector<FlatField> fields;
  for (std::string json : {std::string(R"({"a":"x"})"), std::string(R"({"b":"y"})")}) {
    size_t size = json.size();
    json.resize(size + 64, ' ');
    ASSERT_TRUE(flattener.Flatten(json.data(), size, json.size(), &fields).ok());
    ASSERT_EQ(fields.size(), 1u);
  }
  EXPECT_EQ(fields[0].name, "b");
}

}  // namespace
}  // namespace xb::io
