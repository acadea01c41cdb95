#include "monitor/thresholds.h"

#include <gtest/gtest.h>

#include "core/locations.h"

namespace xb::monitor {
namespace {

const rules::RuleSet& Packs() {
  static const rules::RuleSet rules = [] {
    auto r = rules::RuleSet::LoadDirectory(LocateRulesDir(""));
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return std::move(r).value();
  }();
  return rules;
}

TEST(Thresholds, TheShippedPacksOf2026) {
  auto t = ThresholdsInForce(Packs(), "CN", *CivilDate::Parse("2026-11-25"));
  ASSERT_EQ(t.size(), 4u);
  EXPECT_FALSE(t[0].sensitive);
  EXPECT_EQ(t[0].value, 100000);
  EXPECT_EQ(t[1].value, 1000000);
  EXPECT_NE(t[1].citation.find("Art. 7"), std::string::npos) << t[1].citation;
  EXPECT_EQ(t[1].rule, "cn.provisions-2024.art7.2.volume");
  EXPECT_TRUE(t[2].sensitive);
  EXPECT_EQ(t[2].value, 1);
  // The band of the standard contract is Provisions 2024 Art. 8's (certification concurs).
  EXPECT_EQ(t[0].rule, "cn.provisions-2024.art8.volume");
  EXPECT_EQ(t[2].rule, "cn.provisions-2024.art8.volume");
  EXPECT_TRUE(t[3].sensitive);
  EXPECT_EQ(t[3].value, 10000);
  for (const auto& x : t) {
    EXPECT_FALSE(x.rule.empty());
    EXPECT_FALSE(x.citation.empty());
  }
}

TEST(Thresholds, WhatAFlowWithNoDecisionNeedsFollowsTheFirstRuleReached) {
  const auto t = ThresholdsInForce(Packs(), "CN", *CivilDate::Parse("2026-11-25"));
  using Names = std::vector<std::string>;
  // Below every threshold (and no sensitive PI): nothing (the Art. 5(4) small volume).
  EXPECT_EQ(MechanismsNeeded(t, 99999, 0), nullptr);
  // Sensitive PI of one individual: a standard contract or certification.
  const VolumeThreshold* one = MechanismsNeeded(t, 1, 1);
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(one->mechanisms, (Names{"standard_contract", "certification"}));
  const VolumeThreshold* hundred_thousand = MechanismsNeeded(t, 100000, 0);
  ASSERT_NE(hundred_thousand, nullptr);
  EXPECT_EQ(hundred_thousand->mechanisms, (Names{"standard_contract", "certification"}));
  // A million individuals, or 10,000 with sensitive PI: the security assessment decides.
  for (auto [individuals, sensitive] : {std::pair<int64_t, int64_t>{1000000, 0}, {20000, 10000}}) {
    const VolumeThreshold* big = MechanismsNeeded(t, individuals, sensitive);
    ASSERT_NE(big, nullptr);
    EXPECT_EQ(big->mechanisms, (Names{"security_assessment"})) << big->rule;
  }
}

TEST(Thresholds, EuHasNoVolumeThresholds) {
  EXPECT_TRUE(ThresholdsInForce(Packs(), "EU", *CivilDate::Parse("2026-11-25")).empty());
  EXPECT_TRUE(ThresholdsInForce(Packs(), "XX", *CivilDate::Parse("2026-11-25")).empty());
}

}  // namespace
}  // namespace xb::monitor
