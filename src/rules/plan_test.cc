#include "rules/plan.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/locations.h"

namespace xb::rules {
namespace {

const CountryCodes& Countries() {
  static const CountryCodes codes = CountryCodes::FromList({"DE", "US", "CN", "GB", "HK"});
  return codes;
}

Result<Plan> Parse(const std::string& yaml, std::vector<PlanWarning>* warnings = nullptr) {
  std::vector<PlanWarning> local;
  return ParsePlan(yaml, "plan.yaml", &Countries(), warnings ? warnings : &local);
}

TEST(Plan, ReadsTheDesignExample) {
  auto p = Parse(
      "as_of: 2026-11-22\njurisdiction: CN\nexporter:\n  name: X\n  ciio: false\n  ftz: null\n"
      "  individuals_processed: 60000\nrecipient:\n  country: DE\n  kind: company\npurpose: "
      "hr_management\n"
      "approvals: []\ndata:\n  individuals: 12000\n  categories: [identity, contact]\n  datasets: "
      "[employees.csv]\n"
      "history:\n  individuals_ytd: 5\npolicy: policies/hr.yaml\nmechanism: {type: "
      "standard_contract, reference: F-1}\n");
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  EXPECT_EQ(p->as_of->ToString(), "2026-11-22");
  EXPECT_EQ(*p->exporter_ciio, false);
  EXPECT_EQ(*p->exporter_ftz, "none");
  EXPECT_EQ(*p->individuals, 12000);
  EXPECT_EQ(p->categories->size(), 2u);
  EXPECT_EQ(p->datasets, std::vector<std::string>{"employees.csv"});
  EXPECT_TRUE(p->has_history);
  EXPECT_EQ(*p->history.individuals_ytd, 5);
  ASSERT_TRUE(p->mechanism.has_value());
  EXPECT_NE(p->mechanism->yaml.find("standard_contract"), std::string::npos);
  EXPECT_EQ(p->LineOf("data.individuals"), 14);
  EXPECT_FALSE(p->exporter_state_organ.has_value());  // not stated
}

TEST(Plan, ReadsTheFactsOfTheSectorSubjectsAndPartiesQuestions) {
  auto p = Parse(
      "exporter:\n  sector: automotive\n  outside_china: false\n  gba_city: true\n"
      "  public_authority: false\nrecipient:\n  kind: international_organisation\n"
      "  organisation: european_patent_organisation\n  privacy_shield_certified: true\n"
      "  reciprocal_measures: false\ndata:\n  subjects: [employees, job_applicants]\n"
      "  individuals_are_parties: false\n  ftz_sector_covered: true\n");
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  EXPECT_EQ(*p->exporter_sector, "automotive");
  EXPECT_FALSE(*p->exporter_outside_china);
  EXPECT_TRUE(*p->exporter_gba_city);
  EXPECT_FALSE(*p->exporter_public_authority);
  EXPECT_EQ(*p->recipient_kind, "international_organisation");
  EXPECT_EQ(*p->recipient_organisation, "european_patent_organisation");
  EXPECT_TRUE(*p->recipient_privacy_shield_certified);
  EXPECT_FALSE(*p->recipient_reciprocal_measures);
  EXPECT_EQ(*p->subjects, (std::vector<std::string>{"employees", "job_applicants"}));
  EXPECT_FALSE(*p->individuals_are_parties);
  EXPECT_TRUE(*p->ftz_sector_covered);
  // An explicit null sector states "none of the regulated sectors"; a missing key states nothing.
  auto null_sector = Parse("exporter:\n  sector: null\n");
  ASSERT_TRUE(null_sector.ok());
  EXPECT_EQ(*null_sector->exporter_sector, "other");
  auto silent = Parse("exporter:\n  name: X\ndata:\n  individuals: 5\n");
  ASSERT_TRUE(silent.ok());
  EXPECT_FALSE(silent->exporter_sector.has_value());
  EXPECT_FALSE(silent->subjects.has_value());
  EXPECT_FALSE(silent->individuals_are_parties.has_value());
}

struct BadCase {
  const char* yaml;
  int line;
  const char* field;
  const char* message_part;
};

TEST(Plan, RejectsBadValuesWithLineAndField) {
  const BadCase cases[] = {
      {"data:\n  individuals: -5\n", 2, "data.individuals", "cannot be negative"},
      {"data:\n  individuals: 12,000\n", 2, "data.individuals", "whole number"},
      {"exporter:\n  ciio: yes\n", 2, "exporter.ciio", "true or false"},
      {"recipient:\n  country: XX\n", 2, "recipient.country", "not an ISO 3166-1"},
      {"recipient:\n  country: de\n", 2, "recipient.country", "did you mean 'DE'"},
      {"recipient:\n  country: Germany\n", 2, "recipient.country", "two capital letters"},
      {"purpose: hr\n", 1, "purpose", "expected one of"},
      {"purpose: hr_managment\n", 1, "purpose", "did you mean 'hr_management'"},
      {"as_of: 2026-02-30\n", 1, "as_of", "YYYY-MM-DD"},
      {"data: [1, 2]\n", 1, "data", "mapping"},
      {"data:\n  categories: [helth]\n", 2, "data.categories", "did you mean 'health'"},
      {"jurisdiction: US\n", 1, "jurisdiction", "expected one of"},
      {"exporter:\n  sector: cars\n", 2, "exporter.sector", "expected one of"},
      {"data:\n  subjects: [employes]\n", 2, "data.subjects", "did you mean 'employees'"},
      {"data:\n  subjects: employees\n", 2, "data.subjects", "expected a list"},
      {"data:\n  individuals_are_parties: maybe\n", 2, "data.individuals_are_parties",
       "true or false"},
  };
  for (const auto& c : cases) {
    auto p = Parse(c.yaml);
    ASSERT_FALSE(p.ok()) << c.yaml;
    EXPECT_EQ(p.error().where.file, "plan.yaml");
    EXPECT_EQ(p.error().where.line, c.line) << c.yaml << p.error().ToString();
    EXPECT_EQ(p.error().where.field, c.field) << c.yaml;
    EXPECT_NE(p.error().message.find(c.message_part), std::string::npos) << p.error().ToString();
  }
}

TEST(Plan, ErrorsDescribeValuesByShapeOnly) {
  auto p = Parse("data:\n  individuals: 110101199003077777\n");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().ToString().find("110101199003077777"), std::string::npos);
  auto q = Parse("exporter:\n  ciio: Zhang San\n");
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.error().ToString().find("Zhang"), std::string::npos);
}

TEST(Plan, UnknownKeysWarnWithClosestKey) {
  std::vector<PlanWarning> w;
  auto p = Parse("data:\n  individuls: 5\nciio: true\nexporter:\n  colour: red\n", &w);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(w.size(), 3u);
  EXPECT_NE(w[0].message.find("did you mean 'individuals'"), std::string::npos) << w[0].message;
  EXPECT_EQ(w[0].line, 2);
  EXPECT_NE(w[1].message.find("did you mean 'exporter.ciio'"), std::string::npos) << w[1].message;
  EXPECT_NE(w[2].message.find("unknown key 'colour'"), std::string::npos);
}

TEST(Plan, ReadsARegisteredRecipientById) {
  auto p = Parse("recipient: {id: huaxin-holding}\npurpose: hr_management\n");
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  EXPECT_EQ(p->recipient_id, "huaxin-holding");
  EXPECT_FALSE(p->recipient_name.has_value());  // filled in from the registry, not here
  EXPECT_EQ(p->LineOf("recipient.id"), 1);
  auto bad = Parse("recipient:\n  id: [a, b]\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().where.field, "recipient.id");
}

TEST(Plan, MalformedYamlHasALine) {
  auto p = Parse("data:\n  individuals: [1,\n");
  ASSERT_FALSE(p.ok());
  EXPECT_GT(p.error().where.line, 0);
}

TEST(CountryCodes, ShippedListLoads) {
  auto c = CountryCodes::LoadFile(xb::SourceTreeDir() + "/data/iso3166/alpha2.tsv");
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(c->size(), 249u);
  EXPECT_TRUE(c->Contains("HK"));
  EXPECT_FALSE(c->Contains("UK"));
}

}  // namespace
}  // namespace xb::rules
