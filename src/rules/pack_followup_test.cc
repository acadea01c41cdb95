// Tests of the shipped rule packs for the findings of the follow-up review of issue 12: each case
// is a whole plan, read and decided as `xborder assess` does, with the boundary on both sides
// where the law draws one.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rules/decision_render.h"
#include "rules/shipped_packs_test_support.h"

namespace xb::rules {
namespace {

using namespace testing_support;  // NOLINT(build/namespaces): the fixture and plan builders

class FollowUpReview : public ShippedPacks {};
using P = CnPlan;

// 3. PIPL Art. 41: a foreign judicial or law-enforcement body is never a domestic recipient.
TEST_F(FollowUpReview, ForeignAuthorityInChinaIsNotDomestic) {
  Decision d = Assess(With({{&P::country, "CN"}, {&P::kind, "foreign_authority"}}).Yaml());
  Check(d, {"prohibited", kNone, nullptr, "cn.pipl.art41.foreign-authority"}, "in CN");
  // With the competent authority's approval: the rules for provision abroad, never
  // not_cross_border.
  Decision approved = Assess(With({{&P::country, "CN"},
                                   {&P::kind, "foreign_authority"},
                                   {&P::approvals, "[competent_authority]"}})
                                 .Yaml());
  EXPECT_NE(approved.exemption.value_or(""), "not_cross_border") << DecisionToText(approved);
  EXPECT_TRUE(HasObligation(approved, "notice_art39"));
  // A domestic company stays domestic.
  EXPECT_EQ(Assess(With({{&P::country, "CN"}}).Yaml()).exemption.value_or(""), "not_cross_border");
}

// 5. The unverified (M) health measures decide nothing; their duty and notice remain.
TEST_F(FollowUpReview, UnverifiedHealthMeasuresDoNotDecide) {
  Decision d = Assess(With({{&P::sector, "health"},
                            {&P::individuals, "500"},
                            {&P::categories, "[identity, health]"}})
                          .Yaml());
  Check(d, {"exempt", kNone, "small_volume", "cn.provisions-2024.art5.4.small-volume"}, "health");
  EXPECT_TRUE(HasObligation(d, "health_data_local_storage"));
  EXPECT_TRUE(HasNotice(d, "cn.health-2018.two-readings"));
  for (const Rule& r : ctx_->rules.rules()) {
    EXPECT_FALSE(r.kind == RuleKind::kDecision && r.tag == "M" &&
                 r.instrument == "health-big-data-2018")
        << r.id;
  }
}

// 6. Gibraltar was within the Treaties until the transition period ended on 2020-12-31.
TEST_F(FollowUpReview, GibraltarUntilTheEndOfTransition) {
  Decision before = Assess(EuPlan("2020-12-31", "GI"));
  Check(before, {"exempt", kNone, "not_a_transfer", "eu.gdpr.gibraltar-member-or-transition"},
        "2020-12-31");
  EXPECT_EQ(before.basis[0].tag, "M");
  EXPECT_EQ(Assess(EuPlan("2021-01-01", "GI")).outcome, Outcome::kMechanismRequired);
  EXPECT_EQ(Assess(EuPlan("2019-06-01", "GI")).exemption.value_or(""), "not_a_transfer");
}

// 8. The CIIO localisation duty reaches data collected in China, not PI in transit.
TEST_F(FollowUpReview, CiioLocalisationNotForTransit) {
  Decision transit = Assess(With({{&P::ciio, "true"}, {&P::abroad, "true"}}).Yaml());
  EXPECT_EQ(transit.exemption.value_or(""), "transit");
  EXPECT_FALSE(HasObligation(transit, "data_localisation")) << DecisionToText(transit);
  Decision domestic_added =
      Assess(With({{&P::ciio, "true"}, {&P::abroad, "true"}, {&P::domestic_added, "true"}}).Yaml());
  EXPECT_TRUE(HasObligation(domestic_added, "data_localisation"));
  EXPECT_TRUE(HasObligation(Assess(With({{&P::ciio, "true"}}).Yaml()), "data_localisation"));
}

}  // namespace
}  // namespace xb::rules
