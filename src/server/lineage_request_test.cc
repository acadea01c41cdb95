#include "server/lineage_request.h"

#include <gtest/gtest.h>

#include <memory>

#include "core/locations.h"

namespace xb::server {
namespace {

class LineageRequestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::array<uint8_t, 32> bytes;
    bytes.fill(7);
    key_ = KeyFromBytes(bytes);
    ClassifierOptions options;
    options.data_dir = xb::SourceTreeDir() + "/data";
    auto c = ColumnClassifier::Create(options);
    ASSERT_TRUE(c.ok()) << c.error().ToString();
    classifier_ = std::move(c).value();
    hasher_ = std::make_unique<SubjectHasher>(key_, *classifier_);
  }
  Digest Bare(std::string_view id) { return hasher_->Hash(id, hasher_->Recognise(id)); }

  SecretKey key_;
  std::unique_ptr<ColumnClassifier> classifier_;
  std::unique_ptr<SubjectHasher> hasher_;
};

TEST_F(LineageRequestTest, TextAndJsonHashTheSamePeopleAsTheCli) {
  // One person written three ways is one hash (the hasher's canonical form).
  auto text = ReadLineageIdentifiers("13800138000\r\n\n  +86 138 0013 8000 \nE1234\n", "text/plain",
                                     *hasher_);
  ASSERT_TRUE(text.ok()) << text.error().ToString();
  ASSERT_EQ(text->size(), 3u);
  EXPECT_EQ((*text)[0].line, 1);
  EXPECT_EQ((*text)[1].line, 3);
  EXPECT_EQ((*text)[2].line, 4);
  EXPECT_EQ((*text)[0].hash, Bare("13800138000"));
  EXPECT_EQ((*text)[1].hash, (*text)[0].hash);
  EXPECT_EQ((*text)[2].hash, Bare("E1234"));

  auto json = ReadLineageIdentifiers(R"({"identifiers": ["E1234", " ", "138 0013 8000"]})",
                                     "application/json; charset=utf-8", *hasher_);
  ASSERT_TRUE(json.ok()) << json.error().ToString();
  ASSERT_EQ(json->size(), 2u);
  EXPECT_EQ((*json)[0].line, 1);
  EXPECT_EQ((*json)[1].line, 3);
  EXPECT_EQ((*json)[1].hash, (*text)[0].hash);
}

TEST_F(LineageRequestTest, BadBodiesAreNamedWithoutQuotingAnIdentifier) {
  struct Case {
    std::string body, type, field;
  };
  const std::vector<Case> cases = {
      {"{\"identifiers\": [\"13800138000\"", "application/json", "body"},
      {"[\"13800138000\"]", "application/json", "body"},
      {"{\"ids\": [\"13800138000\"]}", "application/json", "identifiers"},
      {"{\"identifiers\": [\"13800138000\", 13800138001]}", "application/json", "identifiers"},
      {"{\"identifiers\": []}", "application/json", "body"},
      {" \n\n", "text/plain", "body"},
  };
  for (const Case& c : cases) {
    auto r = ReadLineageIdentifiers(c.body, c.type, *hasher_);
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.error().code, ErrorCode::kParse) << c.body;
    EXPECT_EQ(r.error().where.field, c.field) << c.body;
    EXPECT_EQ(r.error().ToString().find("1380013800"), std::string::npos) << r.error().ToString();
  }
  std::string many;
  for (size_t i = 0; i <= kMaxLineageIdentifiers; ++i) many += "E" + std::to_string(i) + "\n";
  auto r = ReadLineageIdentifiers(many, "text/plain", *hasher_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where.field, "identifiers");
}

}  // namespace
}  // namespace xb::server
