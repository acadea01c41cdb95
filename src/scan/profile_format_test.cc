#include "scan/profile_format.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace xb::scan {
namespace {

DatasetProfile Sample() {
  DatasetProfile p;
  p.path = "hr.csv";
  p.rows = 1234;
  p.individuals = 1000;
  p.subject_column = "身份证号";
  p.subject_type = EntityType::kCnResidentId;
  p.minors_under_14 = 3;
  p.minors_column = "身份证号";
  ColumnProfile id;
  id.name = "身份证号";
  id.verdict.type = EntityType::kCnResidentId;
  id.verdict.matches = 1230;
  id.verdict.ratio = 1230.0 / 1234.0;
  id.verdict.types = {{EntityType::kCnResidentId, 1230}, {EntityType::kBankCard, 2}};
  id.non_empty = 1234;
  id.category = "identity";
  id.sensitive_cn = true;
  id.masked_samples = {"110101********8531"};
  ColumnProfile note;
  note.name = "note";
  p.columns = {id, note};
  return p;
}

TEST(ProfilesToJson, StableShape) {
  auto j = nlohmann::json::parse(ProfilesToJson({Sample()}));
  const auto& d = j.at("datasets").at(0);
  EXPECT_EQ(d.at("path"), "hr.csv");
  EXPECT_EQ(d.at("rows"), 1234);
  EXPECT_EQ(d.at("individuals"), 1000);
  EXPECT_EQ(d.at("minors_under_14"), 3);
  const auto& c = d.at("columns").at(0);
  EXPECT_EQ(c.at("name"), "身份证号");
  EXPECT_EQ(c.at("type"), "CN_RESIDENT_ID");
  EXPECT_EQ(c.at("matches"), 1230);
  EXPECT_DOUBLE_EQ(c.at("ratio").get<double>(), 0.9968);
  EXPECT_EQ(c.at("category"), "identity");
  EXPECT_EQ(c.at("sensitive").at("CN"), true);
  EXPECT_EQ(c.at("sensitive").at("EU"), false);
  EXPECT_EQ(c.at("types").at(1).at("type"), "BANK_CARD");
  EXPECT_EQ(c.at("types").at(1).at("matches"), 2);
  EXPECT_FALSE(c.contains("samples"));
  const auto& n = d.at("columns").at(1);
  EXPECT_TRUE(n.at("type").is_null());
  EXPECT_TRUE(n.at("category").is_null());
}

TEST(ProfilesToJson, UnknownCountsAreNull) {
  DatasetProfile p = Sample();
  p.individuals.reset();
  p.minors_under_14.reset();
  auto d = nlohmann::json::parse(ProfilesToJson({p})).at("datasets").at(0);
  EXPECT_TRUE(d.at("individuals").is_null());
  EXPECT_TRUE(d.at("minors_under_14").is_null());
}

TEST(ProfilesToJson, SamplesOnlyWhenAsked) {
  FormatOptions options;
  options.samples = true;
  auto c = nlohmann::json::parse(ProfilesToJson({Sample()}, options))["datasets"][0]["columns"][0];
  EXPECT_EQ(c.at("samples").at(0), "110101********8531");
}

TEST(ProfilesToTable, AlignsWideHeadersAndShowsCounts) {
  std::string t = ProfilesToTable({Sample()});
  EXPECT_NE(t.find("rows: 1,234"), std::string::npos);
  EXPECT_NE(t.find("individuals: 1,000 (by 身份证号)"), std::string::npos);
  EXPECT_NE(t.find("minors under 14: 3"), std::string::npos);
  EXPECT_NE(t.find("CN_RESIDENT_ID  99.7%"), std::string::npos);
  EXPECT_NE(t.find("BANK_CARD 2"), std::string::npos);
  EXPECT_EQ(t.find("110101"), std::string::npos);  // no samples unless asked
  // "身份证号" is 8 columns wide, like "note" padded to 8.
  EXPECT_NE(t.find("  身份证号  CN_RESIDENT_ID"), std::string::npos);
  EXPECT_NE(t.find("  note      -"), std::string::npos);
}

DatasetProfile WithRemarks() {
  DatasetProfile p = Sample();
  ColumnProfile& note = p.columns[1];
  note.category = "health";
  note.sensitive_cn = true;
  note.text = TextProfile{500, 120, {{EntityType::kPersonName, 90, 80, 0},
                                     {EntityType::kCnMobile, 45, 40, 5}}};
  return p;
}

TEST(ProfilesToJson, FreeTextColumnsCarryTheirEntityCounts) {
  auto cols = nlohmann::json::parse(ProfilesToJson({WithRemarks()}))["datasets"][0]["columns"];
  EXPECT_FALSE(cols[0].contains("text"));  // only analysed columns have the field
  const auto& text = cols[1].at("text");
  EXPECT_EQ(text.at("cells"), 500);
  EXPECT_EQ(text.at("cells_with_findings"), 120);
  EXPECT_EQ(text.at("entities").at(0).at("type"), "PERSON_NAME");
  EXPECT_EQ(text.at("entities").at(0).at("findings"), 90);
  EXPECT_EQ(text.at("entities").at(0).at("cells"), 80);
  EXPECT_EQ(text.at("entities").at(1).at("type"), "CN_MOBILE");
  EXPECT_EQ(text.at("entities").at(1).at("masked"), 5);
  EXPECT_EQ(cols[1].at("category"), "health");
}

TEST(ProfilesToTable, FreeTextEntitiesAreListed) {
  std::string t = ProfilesToTable({WithRemarks()});
  EXPECT_NE(t.find("in text of 120 cells: PERSON_NAME 80, CN_MOBILE 40"), std::string::npos) << t;
}

TEST(DisplayWidth, WideCharactersCountTwo) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("张三"), 4u);
  EXPECT_EQ(DisplayWidth("ｱ"), 1u);  // half-width katakana
}

}  // namespace
}  // namespace xb::scan
