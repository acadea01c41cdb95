#include "rules/definitions.h"

#include <gtest/gtest.h>

#include <string>

#include "rules/rule_pack.h"

namespace xb::rules {
namespace {

TEST(Definitions, ExpandsWholeNamesOnly) {
  FactModel model;
  Definitions defs;
  ASSERT_TRUE(defs.Add("big", "data.individuals > 100_000", model).ok());
  EXPECT_EQ(defs.Expand("exporter.ciio and not big"),
            "exporter.ciio and not (data.individuals > 100_000)");
  EXPECT_EQ(defs.Expand("bigger or big_one"), "bigger or big_one");
  EXPECT_EQ(defs.Expand("(big)"), "((data.individuals > 100_000))");
}

TEST(Definitions, RejectsNamesThatCouldBeReadTwoWays) {
  FactModel model;
  Definitions defs;
  EXPECT_FALSE(defs.Add("exporter.ciio", "true", model).ok());  // a fact
  EXPECT_FALSE(defs.Add("automotive", "true", model).ok());     // a value of exporter.sector
  EXPECT_FALSE(defs.Add("Big", "true", model).ok());
  ASSERT_TRUE(defs.Add("big", "data.individuals > 1", model).ok());
  EXPECT_FALSE(defs.Add("big", "true", model).ok());
  Status nested = defs.Add("bigger", "big and exporter.ciio", model);
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(nested.error().message.find("another definition"), std::string::npos);
}

const char* kPack =
    "jurisdiction: CN\n"
    "instrument: {id: t, title: T, source: s, tag: V, in_force: {from: 2024-01-01}}\n"
    "define:\n"
    "  big: data.individuals + data.sensitive_individuals > 100_000\n"  // line 4
    "rules:\n"
    "  - id: a\n"
    "    cite: {article: '1'}\n"
    "    tag: V\n"
    "    precedence: 10\n"
    "    when: exporter.sector == automotive and big\n"
    "    then: {decision: mechanism_required, mechanisms: [security_assessment]}\n";

TEST(Definitions, PackRulesUseThem) {
  auto set = RuleSet::LoadSources({{"t.yaml", kPack}});
  ASSERT_TRUE(set.ok()) << set.error().ToString();
  const Condition& when = set->rules()[0].when;
  FactVector f;
  for (int i = 0; i < kNumFacts; ++i) f[i] = set->model().Unknown(i);
  const int64_t automotive = *set->model().SymbolIndex(kExporterSector, "automotive");
  f[kExporterSector] = {automotive, automotive};
  f[kDataIndividuals] = {60'000, 60'000};
  f[kDataSensitiveIndividuals] = {40'001, 40'001};
  EXPECT_EQ(when.Evaluate(f).lo, 1);
  f[kDataSensitiveIndividuals] = {40'000, 40'000};
  EXPECT_EQ(when.Evaluate(f).hi, 0);
}

TEST(Definitions, MistakesNameTheDefinitionsLine) {
  std::string bad = kPack;
  bad.replace(bad.find("> 100_000"), 9, "=> 100_000");
  auto set = RuleSet::LoadSources({{"t.yaml", bad}});
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.error().ToString().find("t.yaml:4"), std::string::npos) << set.error().ToString();
  EXPECT_NE(set.error().ToString().find("define.big"), std::string::npos);
}

}  // namespace
}  // namespace xb::rules
