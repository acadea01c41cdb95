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

// 1. Ride-hailing Measures Art. 27(1) (M): the platform's service PI collected in China only.
TEST_F(FollowUpReview, RideHailingRuleCoversServiceDataOnly) {
  Decision riders = Assess(With({{&P::sector, "ride_hailing"}, {&P::subjects, "[users]"}}).Yaml());
  Check(riders, {"prohibited", kNone, nullptr, "cn.ride-hailing-2016.art27.no-outflow"}, "riders");
  EXPECT_EQ(riders.basis[0].tag, "M");
  EXPECT_EQ(riders.basis[0].citation, "Ride-hailing Interim Measures (2016), Art. 27, para. 1");
  EXPECT_TRUE(HasNotice(riders, "cn.ride-hailing-2016.two-readings"));
  // Staff and job applicants' records: the national rules (HR exemption, small volume).
  Decision staff = Assess(With({{&P::sector, "ride_hailing"},
                                {&P::purpose, "hr_management"},
                                {&P::subjects, "[employees]"}})
                              .Yaml());
  Check(staff, {"exempt", kNone, "hr_management", "cn.provisions-2024.art5.2.hr"}, "staff");
  EXPECT_FALSE(HasObligation(staff, "ride_hailing_local_storage"));
  EXPECT_FALSE(HasNotice(staff, "cn.ride-hailing-2016.two-readings"));
  EXPECT_EQ(
      Assess(With({{&P::sector, "ride_hailing"}, {&P::subjects, "[employees, job_applicants]"}})
                 .Yaml())
          .exemption.value_or(""),
      "small_volume");
  // Riders' PI with one employee's: still the platform's service data.
  EXPECT_EQ(
      Assess(With({{&P::sector, "ride_hailing"}, {&P::subjects, "[employees, users]"}}).Yaml())
          .outcome,
      Outcome::kProhibited);
  // Collected abroad and sent back out: transit (Provisions 2024 Art. 4).
  Decision transit = Assess(
      With({{&P::sector, "ride_hailing"}, {&P::subjects, "[users]"}, {&P::abroad, "true"}}).Yaml());
  Check(transit, {"exempt", kNone, "transit", "cn.provisions-2024.art4.transit"}, "transit");
  // Whose PI it is not stated: it decides, so it is asked for.
  EXPECT_TRUE(Missing(Assess(Drop(With({{&P::sector, "ride_hailing"}}).Yaml(), "  subjects:")),
                      "data.subjects"));
}

// 4. Automotive important data needed a security assessment before Order 11 (Art. 11, R).
TEST_F(FollowUpReview, AutomotiveImportantDataBeforeOrder11) {
  for (const char* as_of : {"2021-11-01", "2022-03-01", "2022-08-31"}) {
    Decision d = Assess(With({{&P::as_of, as_of},
                              {&P::sector, "automotive"},
                              {&P::pi, "false"},
                              {&P::important, "true"}})
                            .Yaml());
    Check(d, {"mechanism_required", kSa, nullptr, "cn.auto-2021.art11.important-data"}, as_of);
    EXPECT_EQ(d.basis[0].tag, "R");
  }
  Decision with_pi =
      Assess(With({{&P::as_of, "2022-03-01"}, {&P::sector, "automotive"}, {&P::important, "true"}})
                 .Yaml());
  EXPECT_EQ(with_pi.mechanisms, kSa);
  // Another sector's non-CIIO important data waited for Order 11 (DSL Art. 31).
  EXPECT_EQ(
      Assess(With({{&P::as_of, "2022-03-01"}, {&P::pi, "false"}, {&P::important, "true"}}).Yaml())
          .exemption.value_or(""),
      "important_data_measures_pending");
}

// 2. A plan that does not state the sector: the documented pack default `other`, as `sector:
// null`; a notice asks for the sector only where a sector rule could apply.
TEST_F(FollowUpReview, SectorNotStated) {
  const std::string absent = Drop(With({{&P::individuals, "200000"}}).Yaml(), "  sector:");
  Decision d = Assess(absent);
  Check(d, {"mechanism_required", kScc, nullptr, "cn.provisions-2024.art8.volume"}, "absent");
  EXPECT_TRUE(d.missing_facts.empty());
  bool assumed = false;
  for (const auto& a : d.assumptions)
    assumed |= a.rfind("exporter.sector not stated: other", 0) == 0;
  EXPECT_TRUE(assumed) << DecisionToText(d);
  ASSERT_TRUE(HasNotice(d, "default:exporter.sector"));
  // `sector: null` states "none of them": the same decision, nothing assumed, nothing asked.
  Decision null_sector = Assess(With({{&P::individuals, "200000"}, {&P::sector, "null"}}).Yaml());
  EXPECT_EQ(null_sector.mechanisms, d.mechanisms);
  EXPECT_FALSE(HasNotice(null_sector, "default:exporter.sector"));
  // A ride-hailing platform's riders' data: the sector decides; without it, the plan is asked.
  const std::string riders = Drop(With({{&P::subjects, "[users]"}}).Yaml(), "  sector:");
  EXPECT_EQ(Assess(riders).exemption.value_or(""), "small_volume");
  EXPECT_TRUE(HasNotice(Assess(riders), "default:exporter.sector"));
  // Sector duties reach data that is not PI (credit information, mapping results)...
  EXPECT_TRUE(HasNotice(Assess(Drop(With({{&P::pi, "false"}}).Yaml(), "  sector:")),
                        "default:exporter.sector"));
  // ...but a recipient in China with no PI: no sector rule could apply, so no notice.
  Decision domestic =
      Assess(Drop(With({{&P::pi, "false"}, {&P::country, "CN"}}).Yaml(), "  sector:"));
  EXPECT_EQ(domestic.exemption.value_or(""), "not_cross_border");
  EXPECT_FALSE(HasNotice(domestic, "default:exporter.sector")) << DecisionToText(domestic);
}

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

// 7. No notice about a zone's list before that list started (each list's date lives in its pack).
TEST_F(FollowUpReview, FtzNoticesStartWithTheZonesList) {
  auto plan = [](const char* as_of, const char* zone) {
    return With({{&P::as_of, as_of},
                 {&P::ftz, zone},
                 {&P::ftz_sector_covered, "false"},
                 {&P::on_list, "true"},
                 {&P::individuals, "200000"}});
  };
  for (const char* zone : {"shanghai", "shanghai-lingang"}) {
    SCOPED_TRACE(zone);
    Decision before = Assess(plan("2025-02-07", zone).Yaml());
    EXPECT_FALSE(HasNotice(before, "cn.ftz.sector-not-covered")) << DecisionToText(before);
    EXPECT_FALSE(HasNotice(before, "cn.ftz.on-list"));
    EXPECT_TRUE(HasNotice(before, "cn.ftz.no-filed-list"));
    Decision after = Assess(plan("2025-02-08", zone).Yaml());
    EXPECT_TRUE(HasNotice(after, "cn.ftz.sector-not-covered"));
    EXPECT_TRUE(HasNotice(after, "cn.ftz.on-list"));
    EXPECT_FALSE(HasNotice(after, "cn.ftz.no-filed-list"));
  }
  // The CIIO exclusion of the Beijing list, from the list's date (2024-08-30).
  CnPlan ciio = plan("2024-08-29", "beijing");
  ciio.ciio = "true";
  EXPECT_FALSE(HasNotice(Assess(ciio.Yaml()), "cn.ftz.ciio-excluded"));
  ciio.as_of = "2024-08-30";
  EXPECT_TRUE(HasNotice(Assess(ciio.Yaml()), "cn.ftz.ciio-excluded"));
  // Tianjin's list (2024-05-09) and a zone with no list in the packs.
  EXPECT_FALSE(HasNotice(Assess(plan("2024-05-08", "tianjin").Yaml()), "cn.ftz.on-list"));
  EXPECT_TRUE(HasNotice(Assess(plan("2024-05-09", "tianjin").Yaml()), "cn.ftz.on-list"));
  EXPECT_TRUE(HasNotice(Assess(plan("2026-01-05", "guangdong").Yaml()), "cn.ftz.no-filed-list"));
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

// 10. Small items: dated duty text, the Art. 40 tag, D-6 marked disputed, Arts. 13/14 for
// processors, one adequacy date convention.
TEST_F(FollowUpReview, SmallItems) {
  // Provisions Art. 11: the hour limits are named only once the measures apply (2025-11-01).
  EXPECT_EQ(
      Obligation(Assess(With({{&P::as_of, "2025-10-31"}}).Yaml()), "incident_report_cn")->detail,
      "No hour limit in the Provisions.");
  EXPECT_NE(Obligation(Assess(With({{&P::as_of, "2025-11-01"}}).Yaml()), "incident_report_cn")
                ->detail.find("incident_report_hours"),
            std::string::npos);
  // PIPL Art. 40's text is verified; the missing CAC figure is said, not tagged M.
  Decision processed = Assess(With({{&P::processed, "1500000"}}).Yaml());
  bool art40 = false;
  for (const auto& n : processed.notices) {
    if (n.rule == "cn.pipl.art40.volume-localisation") art40 = n.tag == "V";
  }
  EXPECT_TRUE(art40) << DecisionToText(processed);
  // D-6: separate consent under a non-consent basis is listed, marked disputed.
  Decision hr = Assess(With({{&P::purpose, "hr_management"}}).Yaml());
  EXPECT_EQ(Obligation(hr, "separate_consent")->rule, "cn.pipl.art39.separate-consent-disputed");
  EXPECT_NE(Obligation(hr, "separate_consent")->title.find("disputed"), std::string::npos);
  EXPECT_TRUE(HasNotice(hr, "cn.pipl.art13.disputed-consent"));
  Decision small = Assess(With({{&P::purpose, "marketing"}}).Yaml());
  EXPECT_EQ(Obligation(small, "separate_consent")->rule, "cn.pipl.art39.separate-consent");
  // GDPR Arts. 13/14 bind the controller: a processor gives its controller the details.
  const std::string processor =
      "as_of: 2025-06-01\njurisdiction: EU\nexporter: {role: processor, public_authority: false}\n"
      "recipient: {country: CN, kind: company, role: processor}\npurpose: analytics\n"
      "data: {personal_information: true, individuals: 50}\n";
  Decision by_processor = Assess(processor);
  const ObligationResult* inform = Obligation(by_processor, "inform_of_transfer");
  ASSERT_NE(inform, nullptr);
  EXPECT_EQ(inform->rule, "eu.gdpr.art13-14.processor-informs-controller");
  EXPECT_EQ(Obligation(Assess(EuPlan("2025-06-01", "CN")), "inform_of_transfer")->rule,
            "eu.gdpr.art13-14.transfer-information");
  // Adequacy: every decision dated after the GDPR says in its note which date it starts on.
  for (const Rule& r : ctx_->rules.rules()) {
    if (r.instrument != "eu-adequacy" || r.kind != RuleKind::kDecision) continue;
    if (r.from == *CivilDate::Parse("2018-05-25")) continue;
    EXPECT_TRUE(r.note.find(r.from.ToString()) != std::string::npos ||
                r.note.find("day after") != std::string::npos)
        << r.id << ": " << r.note;
  }
}

// 9. Every branch exempt: decided on the exemption that holds whatever the missing fact is (small
// volume), with a notice naming the fact; when a branch needs a mechanism, still undetermined.
TEST_F(FollowUpReview, ExemptOnEveryBranch) {
  const std::string parties_unknown =
      Drop(With({{&P::purpose, "contract_performance"}, {&P::subjects, "[customers]"}}).Yaml(),
           "  individuals_are_parties:");
  Decision d = Assess(parties_unknown);
  Check(d, {"exempt", kNone, "small_volume", "cn.provisions-2024.art5.4.small-volume"}, "500");
  const FiredRule* notice = nullptr;
  for (const auto& n : d.notices) {
    if (n.note.find("exempt on every reading") != std::string::npos) notice = &n;
  }
  ASSERT_NE(notice, nullptr) << DecisionToText(d);
  EXPECT_EQ(notice->note.rfind("data.individuals_are_parties not stated", 0), 0u) << notice->note;
  EXPECT_NE(notice->note.find("contract_performance"), std::string::npos);
  // Above the small-volume threshold the answer decides between exempt and a contract.
  Decision big =
      Assess(Drop(With({{&P::purpose, "contract_performance"}, {&P::individuals, "150000"}}).Yaml(),
                  "  individuals_are_parties:"));
  EXPECT_EQ(big.outcome, Outcome::kUndetermined);
  EXPECT_EQ(big.missing_facts, std::vector<std::string>{"data.individuals_are_parties"});
}

}  // namespace
}  // namespace xb::rules
