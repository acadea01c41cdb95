#include "registry/plan_recipient.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

namespace xb::registry {
namespace {

CivilDate Day(const char* text) { return *CivilDate::Parse(text); }

Recipient Huaxin() {
  Recipient r;
  r.id = "huaxin-holding";
  r.name = "Huaxin Holding GmbH";
  r.country = "DE";
  r.purposes = {"hr_management"};
  r.categories = {"identity", "contact", "financial"};
  r.mechanisms.push_back({"standard_contract", "沪网信备 2026-0142", Day("2026-05-01"),
                          Day("2029-04-30"), Day("2026-05-12")});
  return r;
}

TEST(PlanRecipient, FillsWhatThePlanLeavesOut) {
  rules::Plan plan;
  plan.recipient_id = "huaxin-holding";
  plan.purpose = "hr_management";
  FillPlanRecipient(Huaxin(), Day("2026-11-20"), &plan);
  EXPECT_EQ(plan.recipient_name, "Huaxin Holding GmbH");
  EXPECT_EQ(plan.recipient_country, "DE");
  EXPECT_EQ(plan.recipient_kind, "company");
  EXPECT_EQ(plan.recipient_restricted_list, false);
  ASSERT_TRUE(plan.mechanism.has_value());
  YAML::Node m = YAML::Load(plan.mechanism->yaml);
  EXPECT_EQ(m["type"].as<std::string>(), "standard_contract");
  EXPECT_EQ(m["reference"].as<std::string>(), "沪网信备 2026-0142");
  EXPECT_EQ(m["expires"].as<std::string>(), "2029-04-30");
  EXPECT_TRUE(PlanConflicts(Huaxin(), plan, Day("2026-11-20")).empty());
}

TEST(PlanRecipient, NoMechanismWhenNoneOrSeveralAreInForce) {
  rules::Plan before;
  FillPlanRecipient(Huaxin(), Day("2026-04-30"), &before);
  EXPECT_FALSE(before.mechanism.has_value());
  Recipient two = Huaxin();
  two.mechanisms.push_back({"certification", "C-1", Day("2026-01-01"), std::nullopt, std::nullopt});
  rules::Plan plan;
  FillPlanRecipient(two, Day("2026-11-20"), &plan);
  EXPECT_FALSE(plan.mechanism.has_value());
}

TEST(PlanRecipient, IndividualsNameIsNeverFilledIn) {
  Recipient r = Huaxin();
  r.kind = "individual";
  r.name = "Wang Fang";
  r.id = "r-01";
  rules::Plan plan;
  FillPlanRecipient(r, Day("2026-11-20"), &plan);
  EXPECT_EQ(plan.recipient_name, "individual r-01");
}

TEST(PlanRecipient, ContradictionsAreReasons) {
  rules::Plan plan;
  plan.recipient_country = "US";
  plan.recipient_kind = "individual";
  plan.purpose = "marketing";
  plan.categories = std::vector<std::string>{"identity", "health"};
  plan.recipient_name = "Someone Else Ltd";
  Recipient r = Huaxin();
  r.retired = Day("2026-10-01");
  auto reasons = PlanConflicts(r, plan, Day("2026-11-20"));
  ASSERT_EQ(reasons.size(), 6u);
  auto has = [&](const std::string& part) {
    for (const auto& s : reasons)
      if (s.find(part) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(has("retired on 2026-10-01"));
  EXPECT_TRUE(has("recipient.country US"));
  EXPECT_TRUE(has("recipient.kind individual"));
  EXPECT_TRUE(has("purpose marketing"));
  EXPECT_TRUE(has("category health"));
  EXPECT_TRUE(has("recipient.name"));
  EXPECT_FALSE(has("Someone Else"));  // names are compared, never printed

  // Retired after the transfer date: not a reason.
  EXPECT_TRUE(PlanConflicts(r, rules::Plan{}, Day("2026-09-30")).empty());
}

TEST(PlanRecipient, RestrictedListCannotBeDeniedByThePlan) {
  Recipient r = Huaxin();
  r.restricted_list = true;
  rules::Plan plan;
  plan.recipient_restricted_list = false;
  ASSERT_EQ(PlanConflicts(r, plan, Day("2026-11-20")).size(), 1u);
  rules::Plan silent;
  FillPlanRecipient(r, Day("2026-11-20"), &silent);
  EXPECT_EQ(silent.recipient_restricted_list, true);  // the decision then prohibits
}

}  // namespace
}  // namespace xb::registry
