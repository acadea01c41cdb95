#include "protect/policy.h"

#include <gtest/gtest.h>

namespace xb::protect {
namespace {

constexpr char kIssuePolicy[] = R"(columns:
  name: redact
  id_card: tokenize
  mobile: {mask: {keep_first: 3, keep_last: 4}}
  bank_card: {fpe: {alphabet: digits}}
  birth_date: {generalize: year}
  address: {generalize: cn_region, level: city}
quasi_identifiers:
  age: {hierarchy: hierarchy_age.csv}
  sex: {hierarchy: /abs/hierarchy_sex.csv}
privacy: {k_anonymity: 5, l_diversity: {column: diagnosis, l: 3}, suppression_limit: 0.02}
metric: loss
)";

TEST(Policy, ParsesTheIssueExample) {
  auto p = ParsePolicy(kIssuePolicy, "/data/policies/p.yaml");
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  ASSERT_EQ(p->columns.size(), 6u);
  EXPECT_EQ(p->columns[0].transform.kind, TransformKind::kRedact);
  EXPECT_EQ(p->columns[2].transform.keep_first, 3);
  EXPECT_EQ(p->columns[2].transform.keep_last, 4);
  EXPECT_EQ(p->columns[3].transform.kind, TransformKind::kFpe);
  EXPECT_EQ(p->columns[4].transform.generalizer.kind, "date");
  EXPECT_EQ(p->columns[4].transform.level, "year");
  EXPECT_EQ(p->columns[5].transform.level, "city");
  ASSERT_EQ(p->quasi_identifiers.size(), 2u);
  EXPECT_EQ(p->quasi_identifiers[0].hierarchy_file, "/data/policies/hierarchy_age.csv");
  EXPECT_EQ(p->quasi_identifiers[1].hierarchy_file, "/abs/hierarchy_sex.csv");
  EXPECT_EQ(p->model.k, 5u);
  ASSERT_TRUE(p->model.l_diversity.has_value());
  EXPECT_EQ(p->model.l_diversity->l, 3);
  EXPECT_EQ(p->sensitive_column, "diagnosis");
  EXPECT_DOUBLE_EQ(p->model.suppression_limit, 0.02);
  EXPECT_EQ(p->metric, Metric::kLoss);
}

TEST(Policy, ParsesTClosenessAndBuiltins) {
  auto p = ParsePolicy(R"(quasi_identifiers:
  zip: {generalize: numeric, widths: [10, 100]}
  dob: {generalize: date}
privacy:
  k_anonymity: 2
  t_closeness: {column: salary, t: 0.3, distance: ordered}
metric: discernibility
unlisted_columns: drop
)",
                       "p.yaml");
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  EXPECT_EQ(p->quasi_identifiers[0].builtin.widths.size(), 2u);
  EXPECT_EQ(p->model.t_closeness->distance, EmdDistance::kOrdered);
  EXPECT_EQ(p->metric, Metric::kDiscernibility);
  EXPECT_TRUE(p->drop_unlisted);
}

TEST(Policy, ErrorsNameLineAndField) {
  auto p = ParsePolicy("columns:\n  a: redact\n  b: obliterate\n", "p.yaml");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().where.file, "p.yaml");
  EXPECT_EQ(p.error().where.line, 3);
  EXPECT_EQ(p.error().where.field, "columns.b");

  auto typo = ParsePolicy("privacy: {k_anonimity: 5}\n", "p.yaml");
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.error().message.find("k_anonimity"), std::string::npos);

  auto bad_yaml = ParsePolicy("columns: [\n", "p.yaml");
  ASSERT_FALSE(bad_yaml.ok());
  EXPECT_EQ(bad_yaml.error().code, ErrorCode::kParse);

  EXPECT_FALSE(ParsePolicy("privacy: {k_anonymity: 0}\n", "p.yaml").ok());
  EXPECT_FALSE(ParsePolicy("quasi_identifiers:\n  a: {hierarchy: h.csv}\n", "p.yaml").ok());
  EXPECT_FALSE(ParsePolicy("metric: entropy\n", "p.yaml").ok());
}

}  // namespace
}  // namespace xb::protect
