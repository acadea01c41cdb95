// Test support for the table-driven tests of the shipped rule packs (engine_test.cc,
// pack_review_test.cc): a fixture that loads rules/ once, plan builders that state every fact, and
// checks on decisions. Test-only; included by test sources of this module.
#ifndef XBORDER_RULES_SHIPPED_PACKS_TEST_SUPPORT_H_
#define XBORDER_RULES_SHIPPED_PACKS_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/locations.h"
#include "rules/decision_render.h"
#include "rules/engine.h"
#include "rules/locate.h"

namespace xb::rules::testing_support {

class ShippedPacks : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto ctx = LoadRulesContext(xb::SourceTreeDir() + "/rules");
    ASSERT_TRUE(ctx.ok()) << ctx.error().ToString();
    ctx_ = std::move(ctx).value().release();
    engine_ = new Engine(ctx_->rules, ctx_->calendar);
  }
  static void TearDownTestSuite() {
    delete engine_;
    delete ctx_;
  }

  static Decision Assess(const std::string& yaml, const AssessOptions& options = {},
                         std::optional<std::string> as_of = std::nullopt) {
    std::vector<PlanWarning> warnings;
    auto plan = ParsePlan(yaml, "plan.yaml", &ctx_->countries, &warnings);
    EXPECT_TRUE(plan.ok()) << plan.error().ToString();
    NoLedgerHistorySource history;
    std::optional<CivilDate> date;
    if (as_of) date = CivilDate::Parse(*as_of);
    auto d = engine_->Assess(*plan, history, options, date);
    EXPECT_TRUE(d.ok()) << d.error().ToString();
    return std::move(d).value();
  }

  inline static RulesContext* ctx_ = nullptr;
  inline static Engine* engine_ = nullptr;
};

// A CN plan with every fact stated; cases change what they test.
struct CnPlan {
  std::string as_of = "2026-11-22";
  std::string ciio = "false";
  std::string state_organ = "false";
  std::string ftz = "null";
  std::string processed = "60000";
  std::string country = "DE";
  std::string kind = "company";
  std::string restricted = "false";
  std::string purpose = "marketing";
  std::string approvals = "[]";
  std::string pi = "true";
  std::string important = "false";
  std::string on_list = "false";
  std::string abroad = "false";
  std::string domestic_added = "false";
  std::string individuals = "1000";
  std::string sensitive = "0";
  std::string categories = "[identity, contact]";
  // The facts the 2024-2026 rules turn on besides volume: the HR exemption needs employees, the
  // contract exemption parties, sector-scoped FTZ lists a covered sector.
  std::string sector = "other";
  std::string role = "controller";
  std::string subjects = "[employees]";
  std::string parties = "true";
  std::string ftz_sector_covered = "true";
  std::string ytd = "0";
  std::string sensitive_ytd = "0";
  std::string prev = "0";
  std::string sensitive_prev = "0";
  std::string extra;

  std::string Yaml() const {
    return "as_of: " + as_of + "\njurisdiction: CN\nexporter:\n  name: Exporter\n  ciio: " + ciio +
           "\n  state_organ: " + state_organ + "\n  ftz: " + ftz +
           "\n  individuals_processed: " + processed + "\n  sector: " + sector +
           "\n  outside_china: false\nrecipient:\n  name: Recipient\n  country: " + country +
           "\n  kind: " + kind + "\n  role: " + role + "\n  restricted_list: " + restricted +
           "\npurpose: " + purpose + "\napprovals: " + approvals +
           "\ndata:\n  personal_information: " + pi + "\n  important_data: " + important +
           "\n  on_ftz_negative_list: " + on_list +
           "\n  ftz_sector_covered: " + ftz_sector_covered + "\n  collected_abroad: " + abroad +
           "\n  domestic_data_added: " + domestic_added + "\n  individuals: " + individuals +
           "\n  sensitive_individuals: " + sensitive + "\n  categories: " + categories +
           "\n  subjects: " + subjects + "\n  individuals_are_parties: " + parties +
           "\nhistory:\n  individuals_ytd: " + ytd +
           "\n  sensitive_individuals_ytd: " + sensitive_ytd +
           "\n  individuals_since_prev_year: " + prev +
           "\n  sensitive_individuals_since_prev_year: " + sensitive_prev + "\n" + extra;
  }
};

struct Expect {
  const char* decision;
  std::vector<std::string> mechanisms;
  const char* exemption;  // nullptr: none
  const char* rule;       // a rule id that must be in the basis
};

inline void Check(const Decision& d, const Expect& e, const std::string& name) {
  SCOPED_TRACE(name + "\n" + DecisionToText(d));
  EXPECT_STREQ(OutcomeName(d.outcome), e.decision);
  EXPECT_EQ(d.mechanisms, e.mechanisms);
  if (e.exemption == nullptr) {
    EXPECT_FALSE(d.exemption.has_value());
  } else {
    EXPECT_EQ(d.exemption.value_or(""), e.exemption);
  }
  if (e.rule != nullptr) {
    bool found = std::any_of(d.basis.begin(), d.basis.end(),
                             [&](const FiredRule& f) { return f.rule == e.rule; });
    EXPECT_TRUE(found) << "missing basis rule " << e.rule;
  }
  if (d.outcome != Outcome::kUndetermined) {
    EXPECT_TRUE(d.missing_facts.empty());
  }
}

inline const std::vector<std::string> kSa = {"security_assessment"};
inline const std::vector<std::string> kScc = {"standard_contract", "certification"};
inline const std::vector<std::string> kNone = {};

struct Case {
  std::string name;
  CnPlan plan;
  Expect expect;
};

// `yaml` without the line that starts with `prefix` (e.g. "  subjects:"): the fact not stated.
inline std::string Drop(std::string yaml, const std::string& prefix) {
  const size_t at = yaml.find("\n" + prefix);
  if (at != std::string::npos) yaml.erase(at, yaml.find('\n', at + 1) - at);
  return yaml;
}

inline CnPlan With(std::initializer_list<std::pair<std::string CnPlan::*, std::string>> changes) {
  CnPlan p;
  for (const auto& [field, value] : changes) p.*field = value;
  return p;
}

inline bool HasObligation(const Decision& d, const std::string& id) {
  return std::any_of(d.obligations.begin(), d.obligations.end(),
                     [&](const ObligationResult& o) { return o.id == id; });
}
inline const ObligationResult* Obligation(const Decision& d, const std::string& id) {
  for (const auto& o : d.obligations) {
    if (o.id == id) return &o;
  }
  return nullptr;
}

inline bool HasNotice(const Decision& d, const std::string& rule) {
  return std::any_of(d.notices.begin(), d.notices.end(),
                     [&](const FiredRule& n) { return n.rule == rule; });
}
inline bool InBasis(const Decision& d, const std::string& rule) {
  return std::any_of(d.basis.begin(), d.basis.end(),
                     [&](const FiredRule& b) { return b.rule == rule; });
}
inline bool Missing(const Decision& d, const std::string& fact) {
  return std::find(d.missing_facts.begin(), d.missing_facts.end(), fact) != d.missing_facts.end();
}

inline std::string EuPlan(const std::string& as_of, const std::string& country,
                          const std::string& extra = "") {
  return "as_of: " + as_of +
         "\njurisdiction: EU\nexporter: {name: EU Exporter, role: controller, public_authority: "
         "false}\n"
         "recipient: {name: R, country: " +
         country + ", kind: company, role: processor" + extra +
         "}\npurpose: analytics\ndata: {personal_information: true, individuals: 5000}\n";
}

}  // namespace xb::rules::testing_support

#endif  // XBORDER_RULES_SHIPPED_PACKS_TEST_SUPPORT_H_
