// Table-driven tests of the shipped rule packs (rules/) through the engine: the digest's worked
// examples (§1.4), every boundary (§0.2), each exemption and prohibition, each regime change,
// EU adequacy by date, and undetermined cases.
#include "rules/engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rules/decision_render.h"
#include "rules/shipped_packs_test_support.h"

namespace xb::rules {
namespace {

using namespace testing_support;  // NOLINT(build/namespaces): the fixture and plan builders

TEST_F(ShippedPacks, DigestWorkedExamplesAndBoundaries) {
  using P = CnPlan;
  const Case cases[] = {
      // digest §1.4
      {"T1 99,999 non-sensitive",
       With({{&P::individuals, "99999"}}),
       {"exempt", kNone, "small_volume", "cn.provisions-2024.art5.4.small-volume"}},
      {"T2 100,000 non-sensitive",
       With({{&P::individuals, "100000"}}),
       {"mechanism_required", kScc, nullptr, "cn.provisions-2024.art8.volume"}},
      {"T3 999,999 non-sensitive",
       With({{&P::individuals, "999999"}}),
       {"mechanism_required", kScc, nullptr, "cn.provisions-2024.art8.volume"}},
      {"T4 1,000,000 non-sensitive",
       With({{&P::individuals, "1000000"}}),
       {"mechanism_required", kSa, nullptr, "cn.provisions-2024.art7.2.volume"}},
      {"T5 10 + 1 sensitive",
       With({{&P::individuals, "10"}, {&P::sensitive, "1"}}),
       {"mechanism_required", kScc, nullptr, "cn.provisions-2024.art8.volume"}},
      {"T6 9,999 sensitive",
       With({{&P::individuals, "0"}, {&P::sensitive, "9999"}}),
       {"mechanism_required", kScc, nullptr, "cn.provisions-2024.art8.volume"}},
      {"T7 10,000 sensitive",
       With({{&P::individuals, "0"}, {&P::sensitive, "10000"}}),
       {"mechanism_required", kSa, nullptr, "cn.provisions-2024.art7.2.volume"}},
      {"T8 CIIO, 5 employees, HR",
       With({{&P::ciio, "true"}, {&P::individuals, "5"}, {&P::purpose, "hr_management"}}),
       {"exempt", kNone, "hr_management", "cn.provisions-2024.art5.2.hr"}},
      {"T9 important data, any volume",
       With({{&P::important, "true"}, {&P::purpose, "hr_management"}}),
       {"mechanism_required", kSa, nullptr, "cn.provisions-2024.art7.2.important-data"}},
      {"T9 important data in an FTZ, off list",
       With({{&P::important, "true"}, {&P::ftz, "tianjin"}}),
       {"mechanism_required", kSa, nullptr, "cn.provisions-2024.art7.2.important-data"}},
      {"T10 foreign-collected with domestic data added",
       With({{&P::abroad, "true"}, {&P::domestic_added, "true"}, {&P::individuals, "200000"}}),
       {"mechanism_required", kScc, nullptr, "cn.provisions-2024.art8.volume"}},
      // cumulative counting: history + this transfer
      {"cumulative 60,000 + 40,000 reaches 100,000",
       With({{&P::ytd, "60000"}, {&P::individuals, "40000"}}),
       {"mechanism_required", kScc, nullptr, "cn.provisions-2024.art8.volume"}},
      {"cumulative 59,999 + 40,000 stays exempt",
       With({{&P::ytd, "59999"}, {&P::individuals, "40000"}}),
       {"exempt", kNone, "small_volume", nullptr}},
      {"cumulative sensitive 9,000 + 1,000",
       With({{&P::sensitive_ytd, "9000"}, {&P::sensitive, "1000"}}),
       {"mechanism_required", kSa, nullptr, "cn.provisions-2024.art7.2.volume"}},
      {"cumulative 999,000 + 1,000",
       With({{&P::ytd, "999000"}, {&P::individuals, "1000"}}),
       {"mechanism_required", kSa, nullptr, nullptr}},
      {"last year's volume does not count after 2024",
       With({{&P::prev, "5000000"}, {&P::individuals, "10"}}),
       {"exempt", kNone, "small_volume", nullptr}},
  };
  for (const auto& c : cases) Check(Assess(c.plan.Yaml()), c.expect, c.name);
}

TEST_F(ShippedPacks, EachExemption) {
  using P = CnPlan;
  const Case cases[] = {
      {"Art. 3 no PI",
       With({{&P::pi, "false"}, {&P::individuals, "0"}}),
       {"exempt", kNone, "no_personal_information", "cn.provisions-2024.art3.no-pi"}},
      {"Art. 4 transit",
       With({{&P::abroad, "true"}, {&P::individuals, "2000000"}}),
       {"exempt", kNone, "transit", "cn.provisions-2024.art4.transit"}},
      {"Art. 5(1) contract",
       With({{&P::purpose, "contract_performance"}, {&P::individuals, "3000000"}}),
       {"exempt", kNone, "contract_performance", "cn.provisions-2024.art5.1.contract"}},
      {"Art. 5(2) HR",
       With({{&P::purpose, "hr_management"}, {&P::sensitive, "50000"}}),
       {"exempt", kNone, "hr_management", "cn.ndsmr-2025.art35.5.hr"}},
      {"Art. 5(3) emergency",
       With({{&P::purpose, "emergency"}, {&P::sensitive, "20000"}}),
       {"exempt", kNone, "emergency", "cn.provisions-2024.art5.3.emergency"}},
      {"Art. 5(4) small volume",
       With({{&P::individuals, "50000"}}),
       {"exempt", kNone, "small_volume", "cn.provisions-2024.art5.4.small-volume"}},
      {"Art. 6 Tianjin FTZ off list",
       With({{&P::ftz, "tianjin"}, {&P::individuals, "500000"}}),
       {"exempt", kNone, "ftz_negative_list", "cn.ftz.tianjin-2024.off-list"}},
      {"Art. 6 FTZ data on the list falls to the tiers",
       With({{&P::ftz, "tianjin"}, {&P::on_list, "true"}, {&P::individuals, "500000"}}),
       {"mechanism_required", kScc, nullptr, "cn.provisions-2024.art8.volume"}},
      {"NDSMR Art. 35(6) statutory duty",
       With({{&P::purpose, "statutory_duty"}, {&P::individuals, "2000000"}}),
       {"exempt", kNone, "statutory_duty", "cn.ndsmr-2025.art35.6.statutory-duty"}},
      {"domestic recipient",
       With({{&P::country, "CN"}, {&P::individuals, "2000000"}}),
       {"exempt", kNone, "not_cross_border", nullptr}},
      {"Hong Kong is cross-border",
       With({{&P::country, "HK"}, {&P::individuals, "2000000"}}),
       {"mechanism_required", kSa, nullptr, nullptr}},
  };
  for (const auto& c : cases) Check(Assess(c.plan.Yaml()), c.expect, c.name);
}

TEST_F(ShippedPacks, EachProhibitionAndStateOrgan) {
  using P = CnPlan;
  const Case cases[] = {
      {"Art. 41 foreign authority, no approval",
       With({{&P::kind, "foreign_authority"}, {&P::purpose, "hr_management"}}),
       {"prohibited", kNone, nullptr, "cn.pipl.art41.foreign-authority"}},
      {"Art. 41 foreign authority with approval",
       With({{&P::kind, "foreign_authority"}, {&P::approvals, "[competent_authority]"}}),
       {"exempt", kNone, "small_volume", nullptr}},
      {"Art. 42 restricted list",
       With({{&P::restricted, "true"}, {&P::purpose, "emergency"}}),
       {"prohibited", kNone, nullptr, "cn.pipl.art42.restricted-list"}},
      {"Art. 36 state organ",
       With({{&P::state_organ, "true"}, {&P::purpose, "hr_management"}}),
       {"mechanism_required", kSa, nullptr, "cn.pipl.art36.state-organ"}},
      {"CIIO, marketing",
       With({{&P::ciio, "true"}}),
       {"mechanism_required", kSa, nullptr, "cn.provisions-2024.art7.1.ciio"}},
  };
  for (const auto& c : cases) Check(Assess(c.plan.Yaml()), c.expect, c.name);
}

TEST_F(ShippedPacks, RegimeChanges) {
  using P = CnPlan;
  const Case cases[] = {
      // PIPL alone: every PI export needs an Art. 38 mechanism.
      {"2022-08-31 small volume",
       With({{&P::as_of, "2022-08-31"}, {&P::individuals, "10"}}),
       {"mechanism_required",
        {"security_assessment", "standard_contract", "certification"},
        nullptr,
        "cn.pipl.art38.any-mechanism"}},
      // 2022-09-01: Order 11 counts since 1 January of the previous year.
      {"2022-09-01 previous-year volume triggers",
       With({{&P::as_of, "2022-09-01"}, {&P::prev, "99000"}, {&P::individuals, "1000"}}),
       {"mechanism_required", kSa, nullptr, "cn.sa-2022.art4.3.volume-since-previous-year"}},
      {"2022-09-01 below triggers",
       With({{&P::as_of, "2022-09-01"}, {&P::prev, "98999"}, {&P::individuals, "1000"}}),
       {"mechanism_required", kScc, nullptr, "cn.pipl.art38.contract-or-certification-2022"}},
      {"2022-09-01 1M processed",
       With({{&P::as_of, "2022-09-01"}, {&P::processed, "1000000"}}),
       {"mechanism_required", kSa, nullptr, "cn.sa-2022.art4.2.ciio-or-million-processed"}},
      // 2023-06-01: the standard contract measures.
      {"2023-06-01 contract measures",
       With({{&P::as_of, "2023-06-01"}}),
       {"mechanism_required", kScc, nullptr, "cn.scc-2023.art4.contract-or-certification"}},
      {"2023-08-01 HR is no exemption yet",
       With({{&P::as_of, "2023-08-01"}, {&P::purpose, "hr_management"}}),
       {"mechanism_required", kScc, nullptr, nullptr}},
      {"2023-08-01 10,000 sensitive since last year",
       With({{&P::as_of, "2023-08-01"}, {&P::sensitive_prev, "9000"}, {&P::sensitive, "1000"}}),
       {"mechanism_required", kSa, nullptr, "cn.sa-2022.art4.3.volume-since-previous-year"}},
      // 2024-03-21 vs 2024-03-22.
      {"2024-03-21 small volume still needs a contract",
       With({{&P::as_of, "2024-03-21"}}),
       {"mechanism_required", kScc, nullptr, nullptr}},
      {"2024-03-22 small volume exempt",
       With({{&P::as_of, "2024-03-22"}}),
       {"exempt", kNone, "small_volume", nullptr}},
      {"2024-03-22 1M processed no longer triggers",
       With({{&P::as_of, "2024-03-22"}, {&P::processed, "5000000"}}),
       {"exempt", kNone, "small_volume", nullptr}},
      // 2024-12-31 vs 2025-01-01: NDSMR statutory-duty exemption.
      {"2024-12-31 statutory duty not yet a basis",
       With({{&P::as_of, "2024-12-31"},
             {&P::purpose, "statutory_duty"},
             {&P::individuals, "200000"}}),
       {"mechanism_required", kScc, nullptr, nullptr}},
      {"2025-01-01 statutory duty",
       With({{&P::as_of, "2025-01-01"},
             {&P::purpose, "statutory_duty"},
             {&P::individuals, "200000"}}),
       {"exempt", kNone, "statutory_duty", nullptr}},
      // 2026-01-01: certification measures join the basis.
      {"2025-12-31 band without the certification measures",
       With({{&P::as_of, "2025-12-31"}, {&P::individuals, "200000"}}),
       {"mechanism_required", kScc, nullptr, "cn.provisions-2024.art8.volume"}},
      // The certification measures concur; the provision that requires a mechanism decides.
      {"2026-01-01 certification measures",
       With({{&P::as_of, "2026-01-01"}, {&P::individuals, "200000"}}),
       {"mechanism_required", kScc, nullptr, "cn.provisions-2024.art8.volume"}},
  };
  for (const auto& c : cases) Check(Assess(c.plan.Yaml()), c.expect, c.name);
}

TEST_F(ShippedPacks, ObligationsFollowTheRegime) {
  CnPlan p = With({{&CnPlan::as_of, "2025-12-31"}, {&CnPlan::individuals, "200000"}});
  Decision before = Assess(p.Yaml());
  EXPECT_TRUE(HasObligation(before, "scc_filing"));
  EXPECT_FALSE(HasObligation(before, "cert_validity"));
  p.as_of = "2026-01-01";
  Decision after = Assess(p.Yaml());
  ASSERT_NE(Obligation(after, "cert_reapplication"), nullptr);
  EXPECT_EQ(Obligation(after, "cert_validity")->due->ToString(), "2029-01-01");
  EXPECT_EQ(Obligation(after, "cert_reapplication")->due->ToString(), "2028-07-01");
  // No standard-contract filing before the measures took effect.
  p.individuals = "1000";  // below Order 11's triggers (100,000 since 1 January of last year)
  p.as_of = "2023-05-31";
  EXPECT_FALSE(HasObligation(Assess(p.Yaml()), "scc_filing"));
  p.as_of = "2023-06-01";
  EXPECT_TRUE(HasObligation(Assess(p.Yaml()), "scc_filing"));
}

TEST_F(ShippedPacks, DueDatesUseTheWorkingDayCalendar) {
  // Contract effective Friday 2024-09-27: 10 working days later is 2024-10-16 (National Day).
  CnPlan p = With({{&CnPlan::as_of, "2024-09-27"}, {&CnPlan::individuals, "200000"}});
  Decision d = Assess(p.Yaml());
  ASSERT_NE(Obligation(d, "scc_filing"), nullptr);
  EXPECT_EQ(Obligation(d, "scc_filing")->due->ToString(), "2024-10-16");
  EXPECT_EQ(Obligation(d, "scc_filing")->citation,
            "Standard Contract Measures (CAC Order No. 13, 2023), Art. 7");
  EXPECT_EQ(Obligation(d, "pipia_retention")->due->ToString(), "2027-09-27");
  // Security assessment: 3 years' validity, extension window opens 60 working days before.
  CnPlan sa = With({{&CnPlan::as_of, "2024-06-03"}, {&CnPlan::individuals, "1000000"}});
  Decision s = Assess(sa.Yaml());
  EXPECT_EQ(Obligation(s, "sa_validity")->due->ToString(), "2027-06-03");
  const ObligationResult* window = Obligation(s, "sa_extension_window");
  ASSERT_NE(window, nullptr);
  // 2027-04-05 (Qingming) and the Labour Day substitutes 2027-05-03/04 are not counted.
  EXPECT_EQ(window->due->ToString(), "2027-03-08");
  EXPECT_TRUE(window->due_provisional);  // 2027 holidays not published
  EXPECT_EQ(ctx_->calendar.AddWorkingDays(*window->due, 60), *CivilDate::Parse("2027-06-03"));
  // Before 2024-03-22: 2 years' validity.
  CnPlan old = With({{&CnPlan::as_of, "2023-08-01"}, {&CnPlan::important, "true"}});
  EXPECT_EQ(Obligation(Assess(old.Yaml()), "sa_validity")->due->ToString(), "2025-08-01");
}

// The same periods counted from another day (a contract's effective date), as the transfer
// pipeline checks a mechanism: the law stays in the packs.
TEST_F(ShippedPacks, DueFromCountsAnObligationsPeriodFromAGivenDay) {
  Engine engine(ctx_->rules, ctx_->calendar);
  const CivilDate effective = *CivilDate::Parse("2024-09-27");
  auto filing = engine.DueFrom("scc_filing", effective, *CivilDate::Parse("2026-11-20"));
  ASSERT_TRUE(filing.has_value());
  EXPECT_EQ(filing->date.ToString(), "2024-10-16");
  EXPECT_EQ(filing->citation, "Standard Contract Measures (CAC Order No. 13, 2023), Art. 7");
  auto validity = engine.DueFrom("sa_validity", effective, *CivilDate::Parse("2026-11-20"));
  ASSERT_TRUE(validity.has_value());
  EXPECT_EQ(validity->date.ToString(), "2027-09-27");
  // The rule in force on the given day decides: 2 years under the 2022 Measures.
  validity = engine.DueFrom("sa_validity", effective, *CivilDate::Parse("2023-08-01"));
  ASSERT_TRUE(validity.has_value());
  EXPECT_EQ(validity->date.ToString(), "2026-09-27");
  EXPECT_FALSE(engine.DueFrom("scc_filing", effective, *CivilDate::Parse("2023-05-31")));
  EXPECT_FALSE(engine.DueFrom("no_such_obligation", effective, effective));
}

TEST_F(ShippedPacks, ObligationsInEveryDecision) {
  Decision d = Assess(With({{&CnPlan::purpose, "hr_management"}}).Yaml());
  for (const char* id : {"notice_art39", "separate_consent", "pipia", "pipia_retention"}) {
    EXPECT_TRUE(HasObligation(d, id)) << id;
  }
  const ObligationResult* notice = Obligation(d, "notice_art39");
  EXPECT_EQ(notice->items.size(), 6u);
  EXPECT_EQ(notice->citation, "PIPL, Art. 39");
  Decision prohibited = Assess(With({{&CnPlan::restricted, "true"}}).Yaml());
  EXPECT_FALSE(HasObligation(prohibited, "separate_consent"));
}

TEST_F(ShippedPacks, ExemptionOverridesVolumeThreshold) {
  Decision d =
      Assess(With({{&CnPlan::purpose, "hr_management"}, {&CnPlan::individuals, "2000000"}}).Yaml());
  EXPECT_EQ(d.outcome, Outcome::kExempt);
  bool overridden = std::any_of(d.overridden.begin(), d.overridden.end(), [](const FiredRule& r) {
    return r.rule == "cn.provisions-2024.art7.2.volume";
  });
  EXPECT_TRUE(overridden);
}

TEST_F(ShippedPacks, UndeterminedOnlyWhenAMissingFactMatters) {
  // CIIO unknown, 50,000 individuals: exempt if not a CIIO, assessment if one.
  const std::string base =
      "as_of: 2026-11-22\njurisdiction: CN\nexporter: {state_organ: false, sector: other}\n"
      "recipient: {country: DE, kind: company}\npurpose: marketing\n"
      "data: {personal_information: true, individuals: 50000, sensitive_individuals: 0}\n";
  Decision d = Assess(base);
  EXPECT_EQ(d.outcome, Outcome::kUndetermined);
  EXPECT_EQ(d.missing_facts, std::vector<std::string>{"exporter.ciio"});
  EXPECT_EQ(d.possible.size(), 2u);
  // Duties that hold on every branch stay firm; those of one branch are conditional.
  const ObligationResult* notice = Obligation(d, "notice_art39");
  ASSERT_NE(notice, nullptr);
  EXPECT_FALSE(notice->conditional);
  const ObligationResult* sa = Obligation(d, "sa_self_assessment");
  ASSERT_NE(sa, nullptr);
  EXPECT_TRUE(sa->conditional);
  // CIIO unknown but HR: exempt either way → decided.
  Decision hr = Assess(
      "as_of: 2026-11-22\njurisdiction: CN\nexporter: {state_organ: false, sector: other}\n"
      "recipient: {country: DE, kind: company}\npurpose: hr_management\n"
      "data: {personal_information: true, subjects: [employees]}\n");
  EXPECT_EQ(hr.outcome, Outcome::kExempt);
  EXPECT_TRUE(hr.missing_facts.empty());
  // CIIO unknown with 2,000,000 individuals: assessment either way → decided.
  Decision big = Assess(
      "as_of: 2026-11-22\njurisdiction: CN\nexporter: {state_organ: false, sector: other}\n"
      "recipient: {country: DE, kind: company}\npurpose: marketing\n"
      "data: {personal_information: true, individuals: 2000000, sensitive_individuals: 0}\n");
  EXPECT_EQ(big.outcome, Outcome::kMechanismRequired);
  EXPECT_EQ(big.mechanisms, kSa);
  // Counts unknown: they matter.
  Decision counts = Assess(
      "as_of: 2026-11-22\njurisdiction: CN\nexporter: {ciio: false, state_organ: false, sector: "
      "other}\n"
      "recipient: {country: DE, kind: company}\npurpose: marketing\n"
      "data: {personal_information: true}\n");
  EXPECT_EQ(counts.outcome, Outcome::kUndetermined);
  EXPECT_NE(std::find(counts.missing_facts.begin(), counts.missing_facts.end(), "data.individuals"),
            counts.missing_facts.end());
  EXPECT_EQ(std::find(counts.missing_facts.begin(), counts.missing_facts.end(), "exporter.ciio"),
            counts.missing_facts.end());
  // FTZ exporter, list membership unknown, volume in the contract band.
  Decision ftz = Assess(
      With(
          {{&CnPlan::ftz, "beijing"}, {&CnPlan::on_list, "null"}, {&CnPlan::individuals, "300000"}})
          .Yaml());
  EXPECT_EQ(ftz.outcome, Outcome::kUndetermined);
  EXPECT_EQ(ftz.missing_facts, std::vector<std::string>{"data.on_ftz_negative_list"});
}

TEST_F(ShippedPacks, DefaultsBecomeAssumptions) {
  Decision d = Assess(
      "as_of: 2026-11-22\njurisdiction: CN\nexporter: {ciio: false, state_organ: false, sector: "
      "other}\n"
      "recipient: {country: DE, kind: company}\npurpose: marketing\n"
      "data: {individuals: 10, sensitive_individuals: 0}\n");
  EXPECT_EQ(d.outcome, Outcome::kExempt);
  auto mentions = [&](const std::string& s) {
    return std::any_of(d.assumptions.begin(), d.assumptions.end(),
                       [&](const std::string& a) { return a.find(s) != std::string::npos; });
  };
  EXPECT_TRUE(mentions("data.important_data not stated: false"));
  EXPECT_TRUE(mentions("recipient.restricted_list not stated: false"));
  EXPECT_TRUE(mentions("assumed nothing was sent abroad earlier"));
}

TEST_F(ShippedPacks, MissingHistoryStrictMode) {
  const std::string plan =
      "as_of: 2026-11-22\njurisdiction: CN\nexporter: {ciio: false, state_organ: false, sector: "
      "other}\n"
      "recipient: {country: DE, kind: company}\npurpose: marketing\n"
      "data: {individuals: 10, sensitive_individuals: 0}\n";
  AssessOptions strict;
  strict.history_unknown_when_missing = true;
  Decision d = Assess(plan, strict);
  EXPECT_EQ(d.outcome, Outcome::kUndetermined);
  EXPECT_NE(std::find(d.missing_facts.begin(), d.missing_facts.end(), "history.individuals_ytd"),
            d.missing_facts.end());
}

TEST_F(ShippedPacks, ExemptTransfersCountingIsConfigurable) {
  CnPlan p = With({{&CnPlan::individuals, "30000"}});
  p.extra = "  exempt_individuals_ytd: 80000\n";  // appended inside the history block
  Decision by_default = Assess(p.Yaml());
  EXPECT_EQ(by_default.outcome, Outcome::kExempt);
  EXPECT_FALSE(by_default.warnings.empty());
  AssessOptions count;
  count.count_exempt_transfers = true;
  Decision counted = Assess(p.Yaml(), count);
  EXPECT_EQ(counted.outcome, Outcome::kMechanismRequired);
}

// A ledger stand-in: the engine asks it only when the plan has no history block.
class FakeLedger final : public HistorySource {
 public:
  explicit FakeLedger(ExporterHistory h) : h_(h) {}
  Result<std::optional<ExporterHistory>> Lookup(const std::string& exporter, CivilDate) override {
    asked_for = exporter;
    return std::optional<ExporterHistory>(h_);
  }
  std::string Describe() const override { return "test ledger"; }
  std::string asked_for;

 private:
  ExporterHistory h_;
};

TEST_F(ShippedPacks, HistoryComesFromTheSourceWhenThePlanHasNone) {
  const std::string plan =
      "as_of: 2026-11-22\njurisdiction: CN\nexporter: {name: Acme, ciio: false, state_organ: "
      "false, sector: other}\n"
      "recipient: {country: DE, kind: company}\npurpose: marketing\n"
      "data: {individuals: 10, sensitive_individuals: 0}\n";
  std::vector<PlanWarning> w;
  auto parsed = ParsePlan(plan, "p.yaml", &ctx_->countries, &w);
  ASSERT_TRUE(parsed.ok());
  ExporterHistory h;
  h.year_to_date.individuals_counted = 99990;
  FakeLedger ledger(h);
  auto d = engine_->Assess(*parsed, ledger, {});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(ledger.asked_for, "Acme");
  EXPECT_EQ(d->outcome, Outcome::kMechanismRequired);  // 99,990 + 10 = 100,000
  // A history block in the plan wins over the source.
  auto with_block =
      ParsePlan(plan + "history: {individuals_ytd: 0}\n", "p.yaml", &ctx_->countries, &w);
  ASSERT_TRUE(with_block.ok());
  FakeLedger unused(h);
  auto e = engine_->Assess(*with_block, unused, {});
  EXPECT_EQ(e->outcome, Outcome::kExempt);
  EXPECT_EQ(unused.asked_for, "");
}

TEST_F(ShippedPacks, AsOfOverrideAndTooEarly) {
  Decision d = Assess(CnPlan().Yaml(), {}, "2024-03-21");
  EXPECT_EQ(d.as_of.ToString(), "2024-03-21");
  EXPECT_EQ(d.outcome, Outcome::kMechanismRequired);
  std::vector<PlanWarning> w;
  auto plan =
      ParsePlan(With({{&CnPlan::as_of, "2021-10-31"}}).Yaml(), "old.yaml", &ctx_->countries, &w);
  ASSERT_TRUE(plan.ok());
  NoLedgerHistorySource history;
  auto r = engine_->Assess(*plan, history, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where.file, "old.yaml");
  EXPECT_EQ(r.error().where.line, 1);
  EXPECT_NE(r.error().message.find("2021-11-01"), std::string::npos);
}

// ---- EU ----

TEST_F(ShippedPacks, EuAdequacyByDate) {
  const std::vector<std::string> kSafeguards = {"standard_contractual_clauses",
                                                "binding_corporate_rules", "code_of_conduct",
                                                "certification", "ad_hoc_clauses"};
  struct EuCase {
    std::string name, as_of, country, extra;
    Expect expect;
  };
  const EuCase cases[] = {
      {"Japan adequate",
       "2024-01-01",
       "JP",
       "",
       {"exempt", kNone, "adequacy_decision", "eu.adequacy.japan"}},
      {"China needs a safeguard",
       "2024-01-01",
       "CN",
       "",
       {"mechanism_required", kSafeguards, nullptr, "eu.gdpr.art46.safeguards"}},
      {"Germany is not a transfer",
       "2024-01-01",
       "DE",
       "",
       {"exempt", kNone, "not_a_transfer", nullptr}},
      {"US before the DPF",
       "2023-07-09",
       "US",
       ", dpf_certified: true",
       {"mechanism_required", kSafeguards, nullptr, nullptr}},
      {"US DPF certified",
       "2023-07-10",
       "US",
       ", dpf_certified: true",
       {"exempt", kNone, "adequacy_decision", "eu.adequacy.united-states-dpf"}},
      {"US not certified",
       "2025-01-01",
       "US",
       ", dpf_certified: false",
       {"mechanism_required", kSafeguards, nullptr, nullptr}},
      {"US certification not stated (default false)",
       "2025-01-01",
       "US",
       "",
       {"mechanism_required", kSafeguards, nullptr, nullptr}},
      {"UK in transition", "2020-06-01", "GB", "", {"exempt", kNone, "not_a_transfer", nullptr}},
      {"UK adequacy",
       "2021-06-28",
       "GB",
       "",
       {"exempt", kNone, "adequacy_decision", "eu.adequacy.united-kingdom"}},
      {"UK after renewal", "2031-12-27", "GB", "", {"exempt", kNone, "adequacy_decision", nullptr}},
      {"UK after expiry",
       "2031-12-28",
       "GB",
       "",
       {"mechanism_required", kSafeguards, nullptr, nullptr}},
      {"Korea before decision",
       "2021-12-16",
       "KR",
       "",
       {"mechanism_required", kSafeguards, nullptr, nullptr}},
      {"Korea adequate", "2021-12-17", "KR", "", {"exempt", kNone, "adequacy_decision", nullptr}},
      {"Brazil before decision",
       "2026-01-27",
       "BR",
       "",
       {"mechanism_required", kSafeguards, nullptr, nullptr}},
      {"Brazil adequate",
       "2026-01-28",
       "BR",
       "",
       {"exempt", kNone, "adequacy_decision", "eu.adequacy.brazil"}},
  };
  for (const auto& c : cases) Check(Assess(EuPlan(c.as_of, c.country, c.extra)), c.expect, c.name);
}

TEST_F(ShippedPacks, EuObligationsAndDerogations) {
  Decision d = Assess(EuPlan("2025-06-01", "CN"));
  const ObligationResult* module = Obligation(d, "scc_module");
  ASSERT_NE(module, nullptr);
  EXPECT_NE(module->title.find("Module Two"), std::string::npos);
  EXPECT_TRUE(HasObligation(d, "transfer_impact_assessment"));
  const ObligationResult* breach = Obligation(d, "breach_notice_eu");
  ASSERT_NE(breach, nullptr);
  // An hour limit from an event: no date before the event, the hours and their basis instead.
  EXPECT_EQ(breach->due_hours, 72);
  EXPECT_FALSE(breach->due.has_value());
  EXPECT_NE(breach->due_basis.find("becoming aware"), std::string::npos) << breach->due_basis;
  Decision consent = Assess(EuPlan("2025-06-01", "CN") + "derogation: explicit_consent\n");
  EXPECT_EQ(consent.exemption.value_or(""), "derogation_explicit_consent");
  EXPECT_FALSE(consent.notices.empty());
  Decision adequate_beats_derogation =
      Assess(EuPlan("2025-06-01", "JP") + "derogation: explicit_consent\n");
  EXPECT_EQ(adequate_beats_derogation.exemption.value_or(""), "adequacy_decision");
}

TEST_F(ShippedPacks, EuBeforeGdprIsAnError) {
  std::vector<PlanWarning> w;
  auto plan = ParsePlan(EuPlan("2018-05-24", "JP"), "eu.yaml", &ctx_->countries, &w);
  ASSERT_TRUE(plan.ok());
  NoLedgerHistorySource history;
  EXPECT_FALSE(engine_->Assess(*plan, history, {}).ok());
}

TEST_F(ShippedPacks, JsonFollowsTheStableContract) {
  Decision d = Assess(With({{&CnPlan::individuals, "200000"}}).Yaml());
  std::string json = DecisionToJson(d);
  for (const char* key :
       {"\"decision\": \"mechanism_required\"", "\"mechanisms\"", "\"exemption\": null",
        "\"basis\"", "\"obligations\"", "\"missing_facts\": []", "\"citation\"", "\"due\""}) {
    EXPECT_NE(json.find(key), std::string::npos) << key << "\n" << json;
  }
}

TEST_F(ShippedPacks, DecideCoreMatchesDecide) {
  for (const char* n : {"10", "99999", "100000", "999999", "1000000"}) {
    CnPlan p = With({{&CnPlan::individuals, n}});
    std::vector<PlanWarning> w;
    auto plan = ParsePlan(p.Yaml(), "p.yaml", &ctx_->countries, &w);
    NoLedgerHistorySource history;
    auto prepared = engine_->Prepare(*plan, history, {});
    ASSERT_TRUE(prepared.ok());
    CoreDecision core =
        engine_->DecideCore(prepared->facts, prepared->as_of, prepared->jurisdiction);
    Decision full = engine_->Decide(*prepared);
    ASSERT_TRUE(core.determined);
    EXPECT_EQ(core.consequence.outcome, full.outcome) << n;
  }
}

}  // namespace
}  // namespace xb::rules
