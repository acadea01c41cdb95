#include "transfer/mechanism.h"

#include <gtest/gtest.h>

#include "rules/locate.h"

namespace xb::transfer {
namespace {

CivilDate D(const char* s) { return *CivilDate::Parse(s); }

class MechanismTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ctx = rules::LoadRulesContext("");
    ASSERT_TRUE(ctx.ok()) << ctx.error().ToString();
    ctx_ = std::move(ctx).value();
    engine_ = std::make_unique<rules::Engine>(ctx_->rules, ctx_->calendar);
  }
  std::unique_ptr<rules::RulesContext> ctx_;
  std::unique_ptr<rules::Engine> engine_;
};

// The validity comes from the packs (Provisions 2024 Art. 9: 3 years), not from C++.
TEST_F(MechanismTest, AnAssessmentExpiresWhenThePacksSay) {
  Mechanism m{"security_assessment", "X-1", D("2023-11-21"), std::nullopt, std::nullopt};
  MechanismTerms terms = TermsFromPacks(m, *engine_, D("2026-11-20"));
  ASSERT_TRUE(terms.expiry.has_value());
  EXPECT_EQ(terms.expiry->ToString(), "2026-11-20");  // the last day it holds
  EXPECT_TRUE(MechanismProblems(m, {"security_assessment"}, D("2026-11-20"), terms).empty());
  terms = TermsFromPacks(m, *engine_, D("2026-11-21"));
  auto problems = MechanismProblems(m, {"security_assessment"}, D("2026-11-21"), terms);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "the mechanism expired on 2026-11-20");
  // A stated expiry wins; a standard contract has no fixed term.
  m.expires = D("2030-01-01");
  EXPECT_EQ(TermsFromPacks(m, *engine_, D("2026-11-21")).expiry, D("2030-01-01"));
  Mechanism contract{"standard_contract", "X-2", D("2020-01-01"), std::nullopt, D("2020-01-02")};
  EXPECT_FALSE(TermsFromPacks(contract, *engine_, D("2026-11-20")).expiry.has_value());
}

// The filing deadline is the pack's 10 working days (Standard Contract Measures Art. 7), on
// the PRC calendar: effective Friday 2024-09-27, due 2024-10-16 across National Day.
TEST_F(MechanismTest, AStandardContractFiledLateIsWarnedAbout) {
  Mechanism m{"standard_contract", "X-3", D("2024-09-27"), std::nullopt, D("2024-10-16")};
  MechanismTerms terms = TermsFromPacks(m, *engine_, D("2026-11-20"));
  ASSERT_TRUE(terms.filing.has_value());
  EXPECT_EQ(terms.filing->date.ToString(), "2024-10-16");
  EXPECT_TRUE(MechanismWarnings(m, terms).empty());
  m.filed = D("2024-10-17");
  auto late = MechanismWarnings(m, terms);
  ASSERT_EQ(late.size(), 1u);
  EXPECT_NE(late[0].find("2024-10-16"), std::string::npos) << late[0];
  EXPECT_NE(late[0].find("Art. 7"), std::string::npos) << late[0];
  m.filed.reset();
  auto unfiled = MechanismWarnings(m, terms);
  ASSERT_EQ(unfiled.size(), 1u);
  EXPECT_NE(unfiled[0].find("by 2024-10-16"), std::string::npos) << unfiled[0];
}

}  // namespace
}  // namespace xb::transfer
