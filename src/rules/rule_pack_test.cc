#include "rules/rule_pack.h"

#include <gtest/gtest.h>

#include <string>

#include "core/locations.h"

namespace xb::rules {
namespace {

const char* kHeader =
    "jurisdiction: CN\n"
    "instrument:\n"
    "  id: test\n"
    "  title: Test Instrument\n"
    "  source: test\n"
    "  tag: V\n"
    "  in_force: {from: 2024-01-01}\n"
    "rules:\n";  // line 8

Result<RuleSet> Load(const std::string& rules, const std::string& name = "t.yaml") {
  return RuleSet::LoadSources({{name, kHeader + rules}});
}

const char* kGood =
    "  - id: a\n"  // line 9
    "    cite: {article: '1'}\n"
    "    tag: V\n"
    "    precedence: 10\n"
    "    when: exporter.ciio\n"
    "    then: {decision: mechanism_required, mechanisms: [security_assessment]}\n";

TEST(RulePack, LoadsAValidPack) {
  auto set = Load(kGood);
  ASSERT_TRUE(set.ok()) << set.error().ToString();
  ASSERT_EQ(set->rules().size(), 1u);
  const Rule& r = set->rules()[0];
  EXPECT_EQ(r.id, "a");
  EXPECT_EQ(r.line, 9);
  EXPECT_EQ(r.from.ToString(), "2024-01-01");
  EXPECT_EQ(r.cite.ToString(), "Test Instrument, Art. 1");
  EXPECT_EQ(set->EarliestRule(0)->ToString(), "2024-01-01");
}

struct BadPack {
  std::string name;
  std::string rules;
  int line;
  const char* message_part;
};

TEST(RulePack, RejectsErrorsWithFileAndLine) {
  const BadPack cases[] = {
      {"condition syntax",
       "  - id: a\n    cite: {article: '1'}\n    tag: V\n    precedence: 10\n    when: "
       "exporter.ciio and\n"
       "    then: {decision: prohibited}\n",
       13, "ends where a value"},
      {"unknown fact",
       "  - id: a\n    cite: {article: '1'}\n    tag: V\n    precedence: 10\n    when: "
       "exporter.cio\n"
       "    then: {decision: prohibited}\n",
       13, "unknown fact 'exporter.cio'"},
      {"ambiguous and/or",
       "  - id: a\n    cite: {article: '1'}\n    tag: V\n    precedence: 10\n"
       "    when: exporter.ciio or exporter.state_organ and data.important_data\n"
       "    then: {decision: prohibited}\n",
       13, "ambiguous"},
      {"ambiguous precedence",
       std::string(kGood) + "  - id: b\n    cite: {article: '2'}\n    tag: V\n    precedence: 10\n "
                            "   when: data.important_data\n"
                            "    then: {decision: prohibited}\n",
       15, "ambiguous precedence"},
      {"duplicate id",
       std::string(kGood) + "  - id: a\n    cite: {article: '2'}\n    tag: V\n    precedence: 20\n "
                            "   when: data.important_data\n"
                            "    then: {decision: prohibited}\n",
       15, "duplicate rule id"},
      {"unknown key", "  - id: a\n    cite: {article: '1'}\n    tag: V\n    precednce: 10\n", 12,
       "did you mean 'precedence'"},
      {"bad decision",
       "  - id: a\n    cite: {article: '1'}\n    tag: V\n    precedence: 10\n    when: true\n"
       "    then: {decision: exempted, exemption: hr_management}\n",
       14, "did you mean 'exempt'"},
      {"missing precedence",
       "  - id: a\n    cite: {article: '1'}\n    tag: V\n    when: true\n    then: {decision: "
       "prohibited}\n",
       9, "precedence"},
      {"M without unverified",
       "  - id: a\n    cite: {article: '1'}\n    tag: M\n    precedence: 1\n    when: true\n"
       "    then: {decision: prohibited}\n",
       9, "unverified"},
      {"bad date",
       "  - id: a\n    cite: {article: '1'}\n    tag: V\n    precedence: 1\n    in_force: {until: "
       "2024-13-01}\n"
       "    when: true\n    then: {decision: prohibited}\n",
       13, "not a date"},
      {"until before from",
       "  - id: a\n    cite: {article: '1'}\n    tag: V\n    precedence: 1\n    in_force: {until: "
       "2023-01-01}\n"
       "    when: true\n    then: {decision: prohibited}\n",
       13, "before"},
      {"mechanisms missing",
       "  - id: a\n    cite: {article: '1'}\n    tag: V\n    precedence: 1\n    when: true\n"
       "    then: {decision: mechanism_required}\n",
       14, "needs 'mechanisms'"},
      {"decision fact in a decision rule",
       "  - id: a\n    cite: {article: '1'}\n    tag: V\n    precedence: 1\n    when: "
       "decision.outcome == exempt\n"
       "    then: {decision: prohibited}\n",
       13, "known only after the decision"},
      {"malformed yaml", "  - id: [a\n", 10, "malformed YAML"},
      {"obligation for an unknown mechanism",
       "  - id: a\n    cite: {article: '1'}\n    tag: V\n    when: true\n"
       "    obligation: {id: x, title: X, mechanism: standard_contrct}\n",
       13, "did you mean 'standard_contract'"},
  };
  for (const auto& c : cases) {
    auto set = Load(c.rules, "rules/cn/test.yaml");
    ASSERT_FALSE(set.ok()) << c.name;
    EXPECT_EQ(set.error().where.file, "rules/cn/test.yaml") << c.name;
    EXPECT_EQ(set.error().where.line, c.line) << c.name << ": " << set.error().ToString();
    EXPECT_NE(set.error().message.find(c.message_part), std::string::npos)
        << c.name << ": " << set.error().ToString();
  }
}

TEST(RulePack, EqualPrecedenceWithSameConsequenceIsFine) {
  auto set = Load(std::string(kGood) +
                  "  - id: b\n    cite: {article: '2'}\n    tag: V\n    precedence: 10\n    when: "
                  "data.important_data\n"
                  "    then: {decision: mechanism_required, mechanisms: [security_assessment]}\n");
  EXPECT_TRUE(set.ok()) << set.error().ToString();
}

TEST(RulePack, EqualPrecedenceInDisjointPeriodsIsFine) {
  auto set = Load(std::string(kGood).replace(std::string(kGood).find("    when"), 0,
                                             "    in_force: {until: 2024-06-30}\n") +
                  "  - id: b\n    cite: {article: '2'}\n    tag: V\n    precedence: 10\n    "
                  "in_force: {from: 2024-07-01}\n"
                  "    when: data.important_data\n    then: {decision: prohibited}\n");
  EXPECT_TRUE(set.ok()) << set.error().ToString();
}

TEST(RulePack, PrecedenceNotFileOrderDecidesSorting) {
  auto set = Load(
      "  - id: z-first-in-file\n    cite: {article: '1'}\n    tag: V\n    precedence: 90\n    "
      "when: true\n"
      "    then: {decision: prohibited}\n"
      "  - id: a-second\n    cite: {article: '2'}\n    tag: V\n    precedence: 5\n    when: true\n"
      "    then: {decision: exempt, exemption: brand_new_exemption}\n");
  ASSERT_TRUE(set.ok()) << set.error().ToString();
  EXPECT_EQ(set->rules()[0].id, "a-second");
  // A pack may introduce an exemption name without touching C++.
  EXPECT_TRUE(set->model().SymbolIndex(kDecisionExemption, "brand_new_exemption").has_value());
}

TEST(RulePack, ObligationNamesItsMechanism) {
  auto set = Load(std::string(kGood) +
                  "  - id: b\n    cite: {article: '2'}\n    tag: V\n    when: true\n"
                  "    obligation: {id: sa_x, title: X, mechanism: security_assessment}\n"
                  "  - id: c\n    cite: {article: '3'}\n    tag: V\n    when: true\n"
                  "    obligation: {id: any_x, title: Y}\n");
  ASSERT_TRUE(set.ok()) << set.error().ToString();
  for (const Rule& r : set->rules()) {
    if (r.id == "b") {
      EXPECT_EQ(r.obligation.mechanism, "security_assessment");
      EXPECT_EQ(r.obligation.mechanism_bit,
                *set->model().SymbolIndex(kDecisionMechanisms, "security_assessment"));
    }
    if (r.id == "c") {
      EXPECT_EQ(r.obligation.mechanism, "");
      EXPECT_EQ(r.obligation.mechanism_bit, -1);
    }
  }
}

// Hour limits are data of the pack: the obligation's own (`due: {hours}`) and each tier's.
TEST(RulePack, HourLimitsAreReadFromDueAndFromItems) {
  auto set = Load(std::string(kGood) +
                  "  - id: b\n    cite: {article: '2'}\n    tag: V\n    when: true\n"
                  "    obligation:\n      id: notify\n      title: Notify\n"
                  "      due: {hours: 72, basis: of becoming aware}\n"
                  "      items:\n        - plain line\n        - {text: first tier, hours: 1}\n");
  ASSERT_TRUE(set.ok()) << set.error().ToString();
  const Rule* b = nullptr;
  for (const Rule& r : set->rules()) b = r.id == "b" ? &r : b;
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->obligation.due.hours, 72);
  EXPECT_EQ(b->obligation.items, (std::vector<std::string>{"plain line", "first tier"}));
  EXPECT_EQ(b->obligation.item_hours, (std::vector<int>{0, 1}));

  const std::string rule = std::string(kGood) +
                           "  - id: b\n    cite: {article: '2'}\n    tag: V\n    when: true\n"
                           "    obligation:\n      id: notify\n      title: Notify\n";
  auto mixed = Load(rule + "      due: {hours: 72, days: 3, basis: x}\n");
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.error().where.field, "rules[b].obligation.due.days") << mixed.error().ToString();
  EXPECT_NE(mixed.error().message.find("hour limit"), std::string::npos);
  auto zero = Load(rule + "      items: [{text: t, hours: 0}]\n");
  ASSERT_FALSE(zero.ok());
  EXPECT_NE(zero.error().where.field.find("hours"), std::string::npos) << zero.error().ToString();
  auto untexted = Load(rule + "      items: [{hours: 2}]\n");
  ASSERT_FALSE(untexted.ok());
}

TEST(RulePack, ConflictingDefaultsAreRejected) {
  std::string a = std::string(kHeader) +
                  "  []\ndefaults:\n  - {fact: data.important_data, value: false, cite: {article: "
                  "'2'}, tag: V, note: n}\n";
  std::string b = std::string(kHeader) +
                  "  []\ndefaults:\n  - {fact: data.important_data, value: true, cite: {article: "
                  "'3'}, tag: V, note: n}\n";
  a.replace(a.find("id: test"), 8, "id: test-a");
  auto set = RuleSet::LoadSources({{"a.yaml", a}, {"b.yaml", b}});
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.error().message.find("conflicting defaults"), std::string::npos);
}

TEST(RulePack, ShippedPacksLoad) {
  auto set = RuleSet::LoadDirectory(xb::SourceTreeDir() + "/rules");
  ASSERT_TRUE(set.ok()) << set.error().ToString();
  EXPECT_GE(set->instruments().size(), 10u);
  EXPECT_EQ(set->EarliestRule(*set->model().SymbolIndex(kJurisdiction, "CN"))->ToString(),
            "2021-11-01");
  EXPECT_EQ(set->EarliestRule(*set->model().SymbolIndex(kJurisdiction, "EU"))->ToString(),
            "2018-05-25");
}

TEST(RulePack, MissingDirectoryIsNotFound) {
  auto set = RuleSet::LoadDirectory("/nonexistent/rules");
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace xb::rules
