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

TEST(JsonFlattener, RepeatedKeysAreAnErrorNamingTheField) {
  for (const char* json :
       {R"({"ip":"1.2.3.4","ip":"5.6.7.8"})",
        R"({"device":{"ip":"1.2.3.4"},"device":{"ip":"5.6.7.8"}})", R"({"a.b":1,"a":{"b":2}})"}) {
    auto r = Flatten(json);
    ASSERT_FALSE(r.ok()) << json;
    EXPECT_EQ(r.error().code, ErrorCode::kParse);
    EXPECT_NE(r.error().message.find("duplicate key"), std::string::npos);
  }
  EXPECT_EQ(Flatten(R"({"ip":1,"ip":2})").error().where.field, "ip");
  EXPECT_EQ(Flatten(R"({"d":{"ip":1},"d":{"ip":2}})").error().where.field, "d.ip");
  EXPECT_EQ(Flatten(R"({"a.b":1,"a":{"b":2}})").error().where.field, "a.b");
  EXPECT_EQ(Flatten(R"({"":1,"":2})").error().where.field, "");
  // The same key in different objects is two fields.
  EXPECT_TRUE(Flatten(R"({"a":{"id":1},"b":{"id":2}})").ok());
}

TEST(JsonFlattener, RepeatedKeyIsFoundAmongManyFields) {
  std::string json = "{";
  for (int i = 0; i < 500; ++i) json += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  json += "\"k250\":0}";
  auto r = Flatten(json);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where.field, "k250");
  json.replace(json.rfind("k250"), 4, "k500");
  EXPECT_TRUE(Flatten(json).ok());
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
