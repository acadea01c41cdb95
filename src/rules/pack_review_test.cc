// Tests of the shipped rule packs for the defects and gaps of the legal review (issue 12): each
// case is built from its own plan, with the boundary on both sides where the law draws one.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "rules/decision_render.h"
#include "rules/shipped_packs_test_support.h"

namespace xb::rules {
namespace {

using namespace testing_support;  // NOLINT(build/namespaces): the fixture and plan builders

class LegalReview : public ShippedPacks {};

// 1. Domestic provision follows PIPL Arts. 21/23 and 55(3), not Arts. 38(3), 39 and 55(4).
TEST_F(LegalReview, DomesticRecipientGetsArticle23NotTheOverseasDuties) {
  Decision d = Assess(With({{&CnPlan::country, "CN"}, {&CnPlan::individuals, "2000000"}}).Yaml());
  SCOPED_TRACE(DecisionToText(d));
  EXPECT_EQ(d.exemption.value_or(""), "not_cross_border");
  EXPECT_EQ(d.basis[0].citation,
            "PIPL, Art. 38, para. 1; Arts. 23, 55(3) for provision within China");
  for (const char* overseas : {"notice_art39", "recipient_protection",
                               "important_data_identification", "data_localisation"}) {
    EXPECT_FALSE(HasObligation(d, overseas)) << overseas;
  }
  ASSERT_NE(Obligation(d, "notice_art23"), nullptr);
  EXPECT_EQ(Obligation(d, "notice_art23")->items.size(), 5u);
  EXPECT_EQ(Obligation(d, "separate_consent")->citation, "PIPL, Art. 23; Art. 14");
  EXPECT_EQ(Obligation(d, "pipia")->citation, "PIPL, Art. 55(3); Art. 56");
  EXPECT_FALSE(HasObligation(d, "entrustment_agreement"));
  EXPECT_TRUE(HasObligation(d, "breach_notice_cn"));  // Art. 57 wherever the recipient is
  // An entrusted party in China: Art. 21, no Art. 23 consent.
  Decision processor =
      Assess(With({{&CnPlan::country, "CN"}, {&CnPlan::role, "processor"}}).Yaml());
  EXPECT_TRUE(HasObligation(processor, "entrustment_agreement"));
  EXPECT_FALSE(HasObligation(processor, "notice_art23"));
  EXPECT_FALSE(HasObligation(processor, "separate_consent"));
  // Role not stated: Art. 23 is owed only if the recipient is another handler.
  Decision unknown = Assess(With({{&CnPlan::country, "CN"}, {&CnPlan::role, "null"}}).Yaml());
  ASSERT_NE(Obligation(unknown, "notice_art23"), nullptr);
  EXPECT_TRUE(Obligation(unknown, "notice_art23")->conditional);
  // Hong Kong is outside the mainland: the overseas duties, not Art. 23.
  Decision hk = Assess(With({{&CnPlan::country, "HK"}}).Yaml());
  EXPECT_TRUE(HasObligation(hk, "notice_art39"));
  EXPECT_EQ(Obligation(hk, "separate_consent")->citation, "PIPL, Art. 39; Art. 14");
  EXPECT_EQ(Obligation(hk, "pipia")->citation, "PIPL, Art. 55(4); Art. 56");
  EXPECT_FALSE(HasObligation(hk, "notice_art23"));
}

// 2. A CIIO is never exempted by an FTZ list silently; a zone's own exclusion applies.
TEST_F(LegalReview, FtzListsAndCiios) {
  auto tianjin = [](const std::string& ciio) {
    return With({{&CnPlan::ftz, "tianjin"},
                 {&CnPlan::ciio, ciio},
                 {&CnPlan::individuals, "2000000"},
                 {&CnPlan::sensitive, "50000"}});
  };
  Decision ciio = Assess(tianjin("true").Yaml());
  Check(ciio, {"mechanism_required", kSa, nullptr, "cn.provisions-2024.art7.1.ciio"},
        "Tianjin CIIO");
  EXPECT_TRUE(HasNotice(ciio, "cn.ftz.ciio-excluded"));
  Check(Assess(tianjin("false").Yaml()),
        {"exempt", kNone, "ftz_negative_list", "cn.ftz.tianjin-2024.off-list"}, "Tianjin non-CIIO");
  Decision unknown = Assess(tianjin("null").Yaml());
  EXPECT_EQ(unknown.outcome, Outcome::kUndetermined);
  EXPECT_EQ(unknown.missing_facts, std::vector<std::string>{"exporter.ciio"});
  // Zones whose measures (as read) name no exclusion: exempt, with both readings named.
  for (const char* zone : {"zhejiang", "hainan"}) {
    Decision d = Assess(
        With({{&CnPlan::ftz, zone}, {&CnPlan::ciio, "true"}, {&CnPlan::individuals, "300000"}})
            .Yaml());
    EXPECT_EQ(d.exemption.value_or(""), "ftz_negative_list") << zone;
    EXPECT_TRUE(HasNotice(d, "cn.ftz.ciio-unsettled")) << zone;
  }
  for (const char* zone : {"beijing", "shanghai", "shanghai-lingang"}) {
    Decision d = Assess(
        With({{&CnPlan::ftz, zone}, {&CnPlan::ciio, "true"}, {&CnPlan::individuals, "300000"}})
            .Yaml());
    EXPECT_EQ(d.mechanisms, kSa) << zone;
  }
}

// 3. Sector-scoped lists exempt only data of the sectors they cover (digest FTZ-04).
TEST_F(LegalReview, SectorScopedFtzLists) {
  for (const char* zone : {"beijing", "shanghai", "zhejiang", "hainan"}) {
    SCOPED_TRACE(zone);
    CnPlan p = With({{&CnPlan::ftz, zone}, {&CnPlan::individuals, "500000"}});
    p.ftz_sector_covered = "false";
    Decision outside = Assess(p.Yaml());
    EXPECT_EQ(outside.mechanisms, kScc);
    EXPECT_TRUE(HasNotice(outside, "cn.ftz.sector-not-covered"));
    p.ftz_sector_covered = "true";
    EXPECT_EQ(Assess(p.Yaml()).exemption.value_or(""), "ftz_negative_list");
    p.ftz_sector_covered = "null";
    Decision unknown = Assess(p.Yaml());
    EXPECT_EQ(unknown.outcome, Outcome::kUndetermined);
    EXPECT_EQ(unknown.missing_facts, std::vector<std::string>{"data.ftz_sector_covered"});
  }
  // Tianjin's list is comprehensive: the sector question does not arise.
  CnPlan tianjin = With({{&CnPlan::ftz, "tianjin"}, {&CnPlan::individuals, "500000"}});
  tianjin.ftz_sector_covered = "null";
  EXPECT_EQ(Assess(tianjin.Yaml()).exemption.value_or(""), "ftz_negative_list");
}

// 4. No exemption before the list existed.
TEST_F(LegalReview, FtzListsStartOnTheirOwnDates) {
  struct DateCase {
    const char* zone;
    const char* day_before;
    const char* first_day;
  };
  const DateCase cases[] = {{"tianjin", "2024-05-08", "2024-05-09"},
                            {"beijing", "2024-08-29", "2024-08-30"},
                            {"shanghai", "2025-02-07", "2025-02-08"},
                            {"hainan", "2025-02-18", "2025-02-19"},
                            {"zhejiang", "2025-04-09", "2025-04-10"}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.zone);
    CnPlan p = With({{&CnPlan::ftz, c.zone}, {&CnPlan::individuals, "500000"}});
    p.as_of = c.day_before;
    EXPECT_EQ(Assess(p.Yaml()).mechanisms, kScc);
    p.as_of = c.first_day;
    EXPECT_EQ(Assess(p.Yaml()).exemption.value_or(""), "ftz_negative_list");
  }
}

// 5. Art. 5(1) needs the individuals to be parties; Art. 5(2) covers employees only.
TEST_F(LegalReview, ScenarioExemptionsNeedSubjectsAndParties) {
  using P = CnPlan;
  Check(Assess(With({{&P::purpose, "hr_management"}, {&P::individuals, "200000"}}).Yaml()),
        {"exempt", kNone, "hr_management", "cn.provisions-2024.art5.2.hr"}, "employees only");
  Decision mixed = Assess(With({{&P::purpose, "hr_management"},
                                {&P::individuals, "200000"},
                                {&P::subjects, "[employees, job_applicants]"}})
                              .Yaml());
  Check(mixed, {"mechanism_required", kScc, nullptr, "cn.provisions-2024.art8.volume"}, "mixed");
  EXPECT_TRUE(HasNotice(mixed, "cn.provisions-2024.art5.2.employees-only"));
  Decision customers = Assess(With({{&P::purpose, "hr_management"},
                                    {&P::individuals, "200000"},
                                    {&P::subjects, "[customers]"}})
                                  .Yaml());
  EXPECT_EQ(customers.mechanisms, kScc);
  Decision subjects_unknown = Assess(Drop(
      With({{&P::purpose, "hr_management"}, {&P::individuals, "200000"}}).Yaml(), "  subjects:"));
  EXPECT_EQ(subjects_unknown.outcome, Outcome::kUndetermined);
  EXPECT_EQ(subjects_unknown.missing_facts, std::vector<std::string>{"data.subjects"});
  // Small volume: exempt either way - decided on small volume (counted toward the thresholds),
  // with a notice naming the fact (pack_followup_test.cc, ExemptOnEveryBranch).
  Decision small = Assess(Drop(With({{&P::purpose, "hr_management"}}).Yaml(), "  subjects:"));
  EXPECT_EQ(small.exemption.value_or(""), "small_volume");
  EXPECT_TRUE(HasNotice(small, "cn.provisions-2024.art5.4.small-volume"));

  Check(Assess(With({{&P::purpose, "contract_performance"}, {&P::individuals, "3000000"}}).Yaml()),
        {"exempt", kNone, "contract_performance", "cn.provisions-2024.art5.1.contract"}, "parties");
  Decision b2b = Assess(With({{&P::purpose, "contract_performance"},
                              {&P::individuals, "3000000"},
                              {&P::subjects, "[business_contacts]"},
                              {&P::parties, "false"}})
                            .Yaml());
  Check(b2b, {"mechanism_required", kSa, nullptr, "cn.provisions-2024.art7.2.volume"}, "B2B");
  EXPECT_TRUE(HasNotice(b2b, "cn.provisions-2024.art5.1.parties-only"));
  Decision parties_unknown =
      Assess(With({{&P::purpose, "contract_performance"},
                   {&P::individuals, "3000000"},
                   {&P::parties, "null"}})
                 .Yaml());  // "individuals_are_parties:" with no value states nothing
  EXPECT_EQ(parties_unknown.outcome, Outcome::kUndetermined);
  EXPECT_EQ(parties_unknown.missing_facts,
            std::vector<std::string>{"data.individuals_are_parties"});
  Decision contacts = Assess(With({{&P::purpose, "contract_performance"},
                                   {&P::subjects, "[customers, business_contacts]"}})
                                 .Yaml());
  EXPECT_TRUE(HasNotice(contacts, "cn.provisions-2024.art5.1.business-contacts"));
  // NDSMR Art. 35(4)/(5) carry the same conditions from 2025-01-01.
  Decision ndsmr = Assess(With({{&P::purpose, "hr_management"},
                                {&P::individuals, "200000"},
                                {&P::subjects, "[customers]"}})
                              .Yaml());
  EXPECT_FALSE(InBasis(ndsmr, "cn.ndsmr-2025.art35.5.hr"));
}

// 6. Duties of one path carry its mechanism; the table view groups them by path.
TEST_F(LegalReview, ObligationsNameTheirMechanism) {
  Decision d =
      Assess(With({{&CnPlan::as_of, "2026-03-02"}, {&CnPlan::individuals, "200000"}}).Yaml());
  ASSERT_EQ(d.mechanisms, kScc);
  EXPECT_EQ(Obligation(d, "scc_filing")->mechanism, "standard_contract");
  EXPECT_EQ(Obligation(d, "scc_pipia")->mechanism, "standard_contract");
  EXPECT_EQ(Obligation(d, "cert_validity")->mechanism, "certification");
  EXPECT_EQ(Obligation(d, "cert_preconditions")->mechanism, "certification");
  EXPECT_EQ(Obligation(d, "notice_art39")->mechanism, "");
  EXPECT_EQ(Obligation(d, "pipia")->mechanism, "");
  EXPECT_FALSE(Obligation(d, "scc_filing")->conditional);
  const std::string json = DecisionToJson(d);
  EXPECT_NE(json.find("\"mechanism\": \"standard_contract\""), std::string::npos);
  EXPECT_NE(json.find("\"mechanism\": \"certification\""), std::string::npos);
  const std::string text = DecisionToText(d);
  const size_t common = text.find("\nWhat to do:\n");
  const size_t scc = text.find("\nIf standard_contract is chosen:\n");
  const size_t cert = text.find("\nIf certification is chosen:\n");
  ASSERT_NE(common, std::string::npos) << text;
  ASSERT_NE(scc, std::string::npos) << text;
  ASSERT_NE(cert, std::string::npos) << text;
  EXPECT_LT(common, scc);
  EXPECT_LT(scc, cert);
  EXPECT_GT(text.find("(Standard Contract Measures (CAC Order No. 13, 2023), Art. 7)"), scc);
  EXPECT_LT(text.find("(Standard Contract Measures (CAC Order No. 13, 2023), Art. 7)"), cert);
  EXPECT_GT(text.find("(Certification Measures (CAC/SAMR, 2025), Art. 8)"), cert);
  // A single mechanism: its own heading.
  Decision sa = Assess(With({{&CnPlan::individuals, "1000000"}}).Yaml());
  EXPECT_EQ(Obligation(sa, "sa_validity")->mechanism, "security_assessment");
  EXPECT_EQ(Obligation(sa, "sa_scope_limit")->mechanism, "security_assessment");
  EXPECT_NE(DecisionToText(sa).find("\nFor security_assessment:\n"), std::string::npos);
  // Undetermined between the contract band and an assessment: each path's duties conditional.
  Decision either =
      Assess(With({{&CnPlan::ciio, "null"}, {&CnPlan::individuals, "200000"}}).Yaml());
  ASSERT_EQ(either.outcome, Outcome::kUndetermined);
  EXPECT_TRUE(Obligation(either, "scc_filing")->conditional);
  EXPECT_TRUE(Obligation(either, "sa_validity")->conditional);
  EXPECT_EQ(Obligation(either, "sa_validity")->condition,
            "security_assessment in decision.mechanisms");
}

// 7. Order 11 Arts. 7 and 12 are maximum periods.
TEST_F(LegalReview, AssessmentTimingIsAMaximum) {
  Decision d =
      Assess(With({{&CnPlan::as_of, "2026-03-02"}, {&CnPlan::individuals, "1000000"}}).Yaml());
  const ObligationResult* t = Obligation(d, "sa_review_timeline");
  ASSERT_NE(t, nullptr);
  EXPECT_NE(t->title.find("at most 5 + 7 + 45 working days"), std::string::npos);
  EXPECT_EQ(t->title.find("no earlier"), std::string::npos);
  EXPECT_NE(t->due_basis.find("latest expected result"), std::string::npos);
  EXPECT_EQ(*t->due, ctx_->calendar.AddWorkingDays(*CivilDate::Parse("2026-03-02"), 57));
}

// 8. 2027 holidays that fall on a weekend get weekday substitutes (provisional); later years are
// provisional throughout.
TEST_F(LegalReview, Calendar2027SubstitutesAndProvisionalYears) {
  const WorkCalendar& cal = ctx_->calendar;
  for (const char* day :
       {"2027-02-09", "2027-02-10", "2027-05-03", "2027-05-04", "2027-10-04", "2027-10-05"}) {
    EXPECT_FALSE(cal.IsWorkingDay(*CivilDate::Parse(day))) << day;
  }
  EXPECT_TRUE(cal.IsWorkingDay(*CivilDate::Parse("2027-02-11")));
  EXPECT_TRUE(cal.IsWorkingDay(*CivilDate::Parse("2027-10-06")));
  // A contract taking effect on Friday 2027-04-30: May 1-4 are off, the 10th working day is 05-18
  // (05-14 without the substitutes).
  Decision d =
      Assess(With({{&CnPlan::as_of, "2027-04-30"}, {&CnPlan::individuals, "200000"}}).Yaml());
  const ObligationResult* filing = Obligation(d, "scc_filing");
  ASSERT_NE(filing, nullptr);
  EXPECT_EQ(filing->due->ToString(), "2027-05-18");
  EXPECT_TRUE(filing->due_provisional);
  EXPECT_NE(DecisionToText(d).find("holiday schedule is not yet published"), std::string::npos);
  // 2026 is published: not provisional.
  Decision y2026 =
      Assess(With({{&CnPlan::as_of, "2026-03-02"}, {&CnPlan::individuals, "200000"}}).Yaml());
  EXPECT_FALSE(Obligation(y2026, "scc_filing")->due_provisional);
  // 2028 is not in the calendar at all: provisional.
  Decision y2028 =
      Assess(With({{&CnPlan::as_of, "2028-03-01"}, {&CnPlan::individuals, "200000"}}).Yaml());
  EXPECT_TRUE(Obligation(y2028, "scc_filing")->due_provisional);
}

// 9. Order 11 Art. 4(3) counts everyone whose PI was sent, sensitive included.
TEST_F(LegalReview, Order11CountsSensitiveIndividualsToo) {
  CnPlan p = With({{&CnPlan::as_of, "2023-08-01"},
                   {&CnPlan::prev, "95000"},
                   {&CnPlan::sensitive_prev, "6000"},
                   {&CnPlan::individuals, "0"}});
  Decision d = Assess(p.Yaml());
  Check(d, {"mechanism_required", kSa, nullptr, "cn.sa-2022.art4.3.volume-since-previous-year"},
        "95,000 + 6,000 sensitive");
  EXPECT_TRUE(HasNotice(d, "cn.sa-2022.art4.3.cautious-union"));
  p.sensitive_prev = "4999";  // 99,999 in all
  Decision below = Assess(p.Yaml());
  EXPECT_EQ(below.mechanisms, kScc);
  EXPECT_FALSE(HasNotice(below, "cn.sa-2022.art4.3.cautious-union"));
  p.sensitive_prev = "5000";  // 100,000 in all: "10万人" includes the number
  EXPECT_EQ(Assess(p.Yaml()).mechanisms, kSa);
  // 100,000 non-sensitive alone needs no cautious reading.
  p.prev = "100000";
  p.sensitive_prev = "0";
  Decision plain = Assess(p.Yaml());
  EXPECT_EQ(plain.mechanisms, kSa);
  EXPECT_FALSE(HasNotice(plain, "cn.sa-2022.art4.3.cautious-union"));
  // From 2024-03-22 the counters are separate again (Provisions Art. 5(4), 7, 8).
  CnPlan later = With(
      {{&CnPlan::ytd, "95000"}, {&CnPlan::sensitive_ytd, "6000"}, {&CnPlan::individuals, "0"}});
  EXPECT_EQ(Assess(later.Yaml()).mechanisms, kScc);
}

// 10. Before 2022-09-01 only CIIOs' important data went to assessment (DSL Art. 31).
TEST_F(LegalReview, ImportantDataBefore2022OnlyForCiios) {
  CnPlan p = With({{&CnPlan::as_of, "2022-08-31"},
                   {&CnPlan::important, "true"},
                   {&CnPlan::pi, "false"},
                   {&CnPlan::individuals, "0"}});
  Check(Assess(p.Yaml()),
        {"exempt", kNone, "important_data_measures_pending",
         "cn.dsl.art31.other-handlers-before-2022"},
        "non-CIIO 2022-08-31");
  p.ciio = "true";
  Check(Assess(p.Yaml()),
        {"mechanism_required", kSa, nullptr, "cn.dsl.art31.important-data-before-2022"}, "CIIO");
  p.ciio = "false";
  p.as_of = "2022-09-01";
  Check(Assess(p.Yaml()), {"mechanism_required", kSa, nullptr, "cn.sa-2022.art4.1.important-data"},
        "non-CIIO 2022-09-01");
  // With PI in it, the PI still needed a PIPL Art. 38 mechanism.
  CnPlan with_pi = With({{&CnPlan::as_of, "2022-08-31"}, {&CnPlan::important, "true"}});
  Check(Assess(with_pi.Yaml()),
        {"mechanism_required",
         {"security_assessment", "standard_contract", "certification"},
         nullptr,
         "cn.pipl.art38.any-mechanism"},
        "non-CIIO with PI");
  for (const FiredRule& b : Assess(with_pi.Yaml()).basis) EXPECT_NE(b.tag, "M");
}

// 11. EU territories with their own ISO codes are in the EU.
TEST_F(LegalReview, EuTerritoriesWithTheirOwnCodes) {
  for (const char* code : {"RE", "GP", "MQ", "GF", "YT", "MF", "AX"}) {
    Check(Assess(EuPlan("2025-06-01", code)),
          {"exempt", kNone, "not_a_transfer", "eu.gdpr.art44.eu-territories"}, code);
  }
  // Saint-Barthelemy and Saint-Pierre-et-Miquelon are overseas countries and territories.
  for (const char* code : {"BL", "PM"}) {
    EXPECT_EQ(Assess(EuPlan("2025-06-01", code)).outcome, Outcome::kMechanismRequired) << code;
  }
}

// 12. Privacy Shield: adequacy for certified recipients 2018-05-25..2020-07-15.
TEST_F(LegalReview, PrivacyShieldByDate) {
  const std::string certified = ", privacy_shield_certified: true";
  Check(Assess(EuPlan("2019-06-01", "US", certified)),
        {"exempt", kNone, "adequacy_decision", "eu.adequacy.united-states-privacy-shield"}, "2019");
  EXPECT_EQ(Assess(EuPlan("2018-05-25", "US", certified)).exemption.value_or(""),
            "adequacy_decision");
  EXPECT_EQ(Assess(EuPlan("2020-07-15", "US", certified)).exemption.value_or(""),
            "adequacy_decision");
  Decision after = Assess(EuPlan("2020-07-16", "US", certified));
  EXPECT_EQ(after.outcome, Outcome::kMechanismRequired);
  EXPECT_TRUE(HasNotice(after, "eu.adequacy.privacy-shield-invalid"));
  Decision not_certified = Assess(EuPlan("2019-06-01", "US"));
  EXPECT_EQ(not_certified.outcome, Outcome::kMechanismRequired);
  EXPECT_TRUE(std::any_of(
      not_certified.assumptions.begin(), not_certified.assumptions.end(), [](const std::string& a) {
        return a.find("recipient.privacy_shield_certified not stated") != std::string::npos;
      }));
}

// 13. Citations.
TEST_F(LegalReview, CitationsAreRightAndDated) {
  Decision ciio = Assess(With({{&CnPlan::ciio, "true"}, {&CnPlan::important, "true"}}).Yaml());
  EXPECT_TRUE(InBasis(ciio, "cn.provisions-2024.art7.1.ciio-important-data"));
  EXPECT_FALSE(InBasis(ciio, "cn.provisions-2024.art7.2.important-data"));
  Decision other = Assess(With({{&CnPlan::important, "true"}}).Yaml());
  EXPECT_TRUE(InBasis(other, "cn.provisions-2024.art7.2.important-data"));
  // The Cybersecurity Law's CIIO article: Art. 37 until 2025-12-31, Art. 39 from 2026-01-01.
  CnPlan hr = With({{&CnPlan::ciio, "true"}, {&CnPlan::purpose, "hr_management"}});
  hr.as_of = "2025-12-31";
  EXPECT_TRUE(HasNotice(Assess(hr.Yaml()), "cn.provisions-2024.ciio-scenario"));
  EXPECT_EQ(Obligation(Assess(hr.Yaml()), "data_localisation")->rule, "cn.pipl.art40.localisation");
  hr.as_of = "2026-01-01";
  Decision hr2026 = Assess(hr.Yaml());
  EXPECT_TRUE(HasNotice(hr2026, "cn.provisions-2024.ciio-scenario-2026"));
  EXPECT_FALSE(HasNotice(hr2026, "cn.provisions-2024.ciio-scenario"));
  EXPECT_NE(Obligation(hr2026, "data_localisation")->citation.find("Art. 39 (formerly Art. 37)"),
            std::string::npos);
  // The statutory-duty exemption in both notices.
  Decision duty =
      Assess(With({{&CnPlan::ciio, "true"}, {&CnPlan::purpose, "statutory_duty"}}).Yaml());
  EXPECT_TRUE(HasNotice(duty, "cn.provisions-2024.truly-necessary"));
  EXPECT_TRUE(HasNotice(duty, "cn.provisions-2024.ciio-scenario-2026"));
  // The May 2025 Q&A notice exists only from its date.
  EXPECT_FALSE(HasNotice(Assess(With({{&CnPlan::as_of, "2025-05-29"}}).Yaml()),
                         "cn.provisions-2024.later-notification"));
  EXPECT_TRUE(HasNotice(Assess(With({{&CnPlan::as_of, "2025-05-30"}}).Yaml()),
                        "cn.provisions-2024.later-notification"));
  // The UK: the 2021 decision until 2025-12-27, the December 2025 renewal after.
  EXPECT_TRUE(InBasis(Assess(EuPlan("2025-12-27", "GB")), "eu.adequacy.united-kingdom"));
  Decision renewed = Assess(EuPlan("2025-12-28", "GB"));
  EXPECT_TRUE(InBasis(renewed, "eu.adequacy.united-kingdom-2025"));
  EXPECT_FALSE(InBasis(renewed, "eu.adequacy.united-kingdom"));
  // Brazil's date names its source.
  Decision brazil = Assess(EuPlan("2026-01-28", "BR"));
  ASSERT_TRUE(InBasis(brazil, "eu.adequacy.brazil"));
  EXPECT_NE(brazil.basis[0].note.find("europalov.no"), std::string::npos);
}

// Localisation, treaty path, GBA, foreign handlers, reciprocity, important-data duties.
TEST_F(LegalReview, LocalisationTreatyAndForeignHandlers) {
  Decision ciio = Assess(With({{&CnPlan::ciio, "true"}}).Yaml());
  EXPECT_TRUE(HasObligation(ciio, "data_localisation"));
  EXPECT_FALSE(HasObligation(Assess(CnPlan().Yaml()), "data_localisation"));
  Decision organ = Assess(With({{&CnPlan::state_organ, "true"}}).Yaml());
  EXPECT_EQ(Obligation(organ, "data_localisation")->citation, "PIPL, Art. 36; Art. 37");
  Decision volume = Assess(With({{&CnPlan::processed, "1000000"}}).Yaml());
  EXPECT_TRUE(HasNotice(volume, "cn.pipl.art40.volume-localisation"));

  // Treaty path: PIPL Art. 38(2), NDSMR Art. 36; not for important data.
  Decision treaty = Assess(
      With({{&CnPlan::approvals, "[international_agreement]"}, {&CnPlan::individuals, "2000000"}})
          .Yaml());
  Check(treaty,
        {"exempt", kNone, "international_agreement", "cn.pipl.art38.2.international-agreement"},
        "treaty");
  EXPECT_TRUE(InBasis(treaty, "cn.ndsmr-2025.art36.international-agreement"));
  EXPECT_TRUE(HasNotice(treaty, "cn.pipl.art38.2.treaty-scope"));
  EXPECT_TRUE(HasObligation(treaty, "separate_consent"));
  EXPECT_EQ(
      Assess(With({{&CnPlan::approvals, "[international_agreement]"}, {&CnPlan::important, "true"}})
                 .Yaml())
          .mechanisms,
      kSa);

  // GBA standard contract: flagged for a GBA-city exporter sending to Hong Kong or Macao.
  CnPlan gba = With({{&CnPlan::country, "HK"}, {&CnPlan::individuals, "200000"}});
  std::string yaml = gba.Yaml();
  yaml.replace(yaml.find("  outside_china: false"), 22, "  outside_china: false\n  gba_city: true");
  Decision hk = Assess(yaml);
  EXPECT_EQ(hk.mechanisms, kScc);
  EXPECT_TRUE(HasNotice(hk, "cn.gba.hong-kong"));
  std::string sg = yaml;
  sg.replace(sg.find("country: HK"), 11, "country: SG");
  EXPECT_FALSE(HasNotice(Assess(sg), "cn.gba.hong-kong"));
  std::string mo = yaml;
  mo.replace(mo.find("country: HK"), 11, "country: MO");
  EXPECT_TRUE(HasNotice(Assess(mo), "cn.gba.macao"));
  mo.replace(mo.find("as_of: 2026-11-22"), 17, "as_of: 2024-09-09");
  EXPECT_FALSE(HasNotice(Assess(mo), "cn.gba.macao"));

  // A handler abroad (Art. 3(2)): a representative in China (NDSMR Art. 26 from 2025).
  std::string abroad = CnPlan().Yaml();
  abroad.replace(abroad.find("outside_china: false"), 20, "outside_china: true");
  Decision foreign = Assess(abroad);
  ASSERT_NE(Obligation(foreign, "representative_in_china"), nullptr);
  EXPECT_EQ(Obligation(foreign, "representative_in_china")->rule,
            "cn.ndsmr-2025.art26.representative");
  EXPECT_TRUE(HasNotice(foreign, "cn.pipl.art3.2.processing-abroad"));
  abroad.replace(abroad.find("as_of: 2026-11-22"), 17, "as_of: 2024-06-03");
  EXPECT_EQ(Obligation(Assess(abroad), "representative_in_china")->rule,
            "cn.pipl.art53.representative");

  // Art. 43 reciprocal measures.
  std::string reciprocal = CnPlan().Yaml();
  reciprocal.replace(reciprocal.find("  restricted_list: false"), 24,
                     "  restricted_list: false\n  reciprocal_measures: true");
  Check(Assess(reciprocal), {"prohibited", kNone, nullptr, "cn.pipl.art43.reciprocal-measures"},
        "Art. 43");
}

TEST_F(LegalReview, ImportantDataDutiesAndIncidentHours) {
  Decision id = Assess(With({{&CnPlan::important, "true"}}).Yaml());
  for (const char* o : {"important_data_provision_assessment", "important_data_annual_report",
                        "network_data_security_officer", "important_data_identification"}) {
    EXPECT_TRUE(HasObligation(id, o)) << o;
  }
  EXPECT_EQ(Obligation(id, "important_data_annual_report")->citation,
            "Network Data Security Management Regulations (2024), Art. 33");
  Decision plain = Assess(CnPlan().Yaml());
  EXPECT_TRUE(HasObligation(plain, "important_data_identification"));
  EXPECT_FALSE(HasObligation(plain, "important_data_annual_report"));
  EXPECT_TRUE(HasObligation(Assess(With({{&CnPlan::processed, "10000000"}}).Yaml()),
                            "network_data_security_officer"));
  // Incident reporting hours from 2025-11-01, beside PIPL Art. 57.
  EXPECT_FALSE(HasObligation(Assess(With({{&CnPlan::as_of, "2025-10-31"}}).Yaml()),
                             "incident_report_hours"));
  Decision nov = Assess(With({{&CnPlan::as_of, "2025-11-01"}}).Yaml());
  const ObligationResult* hours = Obligation(nov, "incident_report_hours");
  ASSERT_NE(hours, nullptr);
  EXPECT_EQ(hours->tag, "V");
  EXPECT_NE(hours->items[2].find("within 4 hours"), std::string::npos);
  EXPECT_TRUE(HasObligation(nov, "breach_notice_cn"));
  EXPECT_TRUE(
      HasNotice(Assess(With({{&CnPlan::ciio, "true"}}).Yaml()), "cn.incident-2025.art4.ciio"));
}

// Sector rules through exporter.sector.
TEST_F(LegalReview, SectorRules) {
  using P = CnPlan;
  // Automotive: PI of more than 100,000 individuals is important data ("超过" excludes it).
  Check(Assess(With({{&P::sector, "automotive"}, {&P::individuals, "100000"}}).Yaml()),
        {"mechanism_required", kScc, nullptr, "cn.provisions-2024.art8.volume"}, "auto 100,000");
  Decision auto_over = Assess(
      With({{&P::sector, "automotive"}, {&P::individuals, "100001"}, {&P::as_of, "2025-06-02"}})
          .Yaml());
  Check(auto_over, {"mechanism_required", kSa, nullptr, "cn.auto-2021.art3.pi-over-100k"},
        "100,001");
  EXPECT_TRUE(HasNotice(auto_over, "cn.auto-2021.two-readings"));
  EXPECT_TRUE(HasObligation(auto_over, "automotive_important_data_storage"));
  // Important data: no scenario exemption (HR) applies.
  EXPECT_EQ(Assess(With({{&P::sector, "automotive"},
                         {&P::individuals, "150000"},
                         {&P::purpose, "hr_management"}})
                       .Yaml())
                .mechanisms,
            kSa);
  // The union is unknown: the counts are added (cautious), and the notice says so.
  Decision sum = Assess(
      With({{&P::sector, "automotive"}, {&P::individuals, "60000"}, {&P::sensitive, "50000"}})
          .Yaml());
  EXPECT_EQ(sum.mechanisms, kSa);
  EXPECT_TRUE(HasNotice(sum, "cn.auto-2021.cautious-sum"));
  Decision holding = Assess(
      With({{&P::sector, "automotive"}, {&P::individuals, "5000"}, {&P::processed, "300000"}})
          .Yaml());
  EXPECT_EQ(holding.exemption.value_or(""), "small_volume");
  EXPECT_TRUE(HasNotice(holding, "cn.auto-2021.holding-reading"));
  // Sector not stated: the pack default `other`, with a notice asking for it
  // (pack_followup_test.cc, SectorNotStated).
  Decision unknown = Assess(Drop(With({{&P::individuals, "200000"}}).Yaml(), "  sector:"));
  EXPECT_FALSE(Missing(unknown, "exporter.sector"));
  EXPECT_TRUE(HasNotice(unknown, "default:exporter.sector"));
  // From 2026-02-03 the other reading cites the 2026 automotive export guide.
  EXPECT_TRUE(HasNotice(
      Assess(
          With({{&P::sector, "automotive"}, {&P::individuals, "100001"}, {&P::as_of, "2026-02-03"}})
              .Yaml()),
      "cn.auto-2021.two-readings-2026"));

  // Ride-hailing: the platform's PI may not flow out.
  Decision ride = Assess(With({{&P::sector, "ride_hailing"}, {&P::subjects, "[users]"}}).Yaml());
  Check(ride, {"prohibited", kNone, nullptr, "cn.ride-hailing-2016.art27.no-outflow"},
        "ride-hailing");
  EXPECT_TRUE(HasNotice(ride, "cn.ride-hailing-2016.two-readings"));
  EXPECT_EQ(Assess(With({{&P::sector, "ride_hailing"}, {&P::country, "CN"}}).Yaml()).outcome,
            Outcome::kExempt);  // within China

  // Health: the 2018 measures are unverified (M), so they name a duty and a notice but do not
  // decide (the follow-up review, pack_followup_test.cc).
  Decision health = Assess(With({{&P::sector, "health"},
                                 {&P::individuals, "500"},
                                 {&P::categories, "[identity, health]"}})
                               .Yaml());
  EXPECT_TRUE(HasNotice(health, "cn.health-2018.two-readings"));
  EXPECT_TRUE(HasObligation(health, "health_data_local_storage"));
  // A verified rule that decides the same is shown beside the sector rule that won.
  Decision many = Assess(With({{&P::sector, "automotive"}, {&P::individuals, "1200000"}}).Yaml());
  ASSERT_EQ(many.concurring.size(), 1u) << DecisionToText(many);
  EXPECT_EQ(many.concurring[0].rule, "cn.provisions-2024.art7.2.volume");
  EXPECT_EQ(many.concurring[0].tag, "V");
  EXPECT_NE(DecisionToText(many).find("  - also Provisions on Promoting"), std::string::npos);
  EXPECT_NE(DecisionToJson(many).find("\"concurring\""), std::string::npos);

  // Credit reporting, genetic resources, mapping, finance: duties and notices beside the decision.
  Decision credit = Assess(With({{&P::sector, "credit_reporting"}}).Yaml());
  EXPECT_EQ(Obligation(credit, "credit_information_local_processing")->tag, "V");
  EXPECT_TRUE(HasNotice(credit, "cn.credit-2013.art24.pboc-rules"));
  Decision hgr = Assess(With({{&P::sector, "genetic_resources"}}).Yaml());
  EXPECT_TRUE(HasObligation(hgr, "hgr_information_filing"));
  EXPECT_TRUE(HasNotice(hgr, "cn.hgr-2019.art7.foreign-controlled"));
  EXPECT_TRUE(HasNotice(Assess(With({{&P::sector, "mapping"}}).Yaml()),
                        "cn.mapping-2017.art34.secret-results"));
  EXPECT_TRUE(HasNotice(
      Assess(With({{&P::sector, "finance"}, {&P::categories, "[identity, financial]"}}).Yaml()),
      "cn.finance-2020.pfi-localisation"));
}

// GDPR: Art. 49(3), Art. 45 for international organisations, Arts. 13/14, Art. 46 public bodies.
TEST_F(LegalReview, GdprPublicBodiesAndInternationalOrganisations) {
  auto plan = [](const std::string& as_of, const std::string& exporter,
                 const std::string& recipient, const std::string& extra = "") {
    return "as_of: " + as_of + "\njurisdiction: EU\nexporter: {role: controller" + exporter +
           "}\nrecipient: {role: controller" + recipient +
           "}\npurpose: other\ndata: {personal_information: true, individuals: 50}\n" + extra;
  };
  // Art. 49(3): a public authority cannot use consent, contract or compelling interests.
  Decision pa = Assess(plan("2025-06-01", ", public_authority: true",
                            ", country: CN, kind: company", "derogation: explicit_consent\n"));
  EXPECT_EQ(pa.outcome, Outcome::kMechanismRequired);
  EXPECT_TRUE(HasNotice(pa, "eu.gdpr.art49.3.public-authority"));
  Decision company = Assess(plan("2025-06-01", ", public_authority: false",
                                 ", country: CN, kind: company", "derogation: explicit_consent\n"));
  EXPECT_EQ(company.exemption.value_or(""), "derogation_explicit_consent");
  Decision unknown = Assess(
      plan("2025-06-01", "", ", country: CN, kind: company", "derogation: explicit_consent\n"));
  EXPECT_EQ(unknown.missing_facts, std::vector<std::string>{"exporter.public_authority"});
  // Vital interests (49(1)(f)) stay open to public authorities.
  EXPECT_EQ(Assess(plan("2025-06-01", ", public_authority: true", ", country: CN, kind: company",
                        "derogation: vital_interests\n"))
                .exemption.value_or(""),
            "derogation_vital_interests");

  // Art. 46(2)(a)/(3)(b): between public bodies.
  Decision bodies =
      Assess(plan("2025-06-01", ", public_authority: true", ", country: CN, kind: public_body"));
  EXPECT_EQ(bodies.mechanisms,
            (std::vector<std::string>{"standard_contractual_clauses", "ad_hoc_clauses",
                                      "public_bodies_instrument", "administrative_arrangement"}));
  EXPECT_EQ(Obligation(bodies, "administrative_arrangement_authorisation")->mechanism,
            "administrative_arrangement");
  EXPECT_EQ(Obligation(bodies, "public_bodies_instrument")->mechanism, "public_bodies_instrument");
  EXPECT_EQ(
      Assess(plan("2025-06-01", ", public_authority: false", ", country: CN, kind: public_body"))
          .mechanisms[0],
      "standard_contractual_clauses");

  // International organisations: never "not a transfer", never a country's adequacy.
  Decision epo = Assess(plan("2025-07-15", ", public_authority: false",
                             ", country: DE, kind: international_organisation, "
                             "organisation: european_patent_organisation"));
  Check(epo, {"exempt", kNone, "adequacy_decision", "eu.adequacy.european-patent-organisation"},
        "EPO");
  EXPECT_EQ(Assess(plan("2025-07-14", ", public_authority: false",
                        ", country: DE, kind: international_organisation, "
                        "organisation: european_patent_organisation"))
                .outcome,
            Outcome::kMechanismRequired);
  EXPECT_EQ(Assess(plan("2025-07-15", ", public_authority: false",
                        ", country: CH, kind: international_organisation, organisation: other"))
                .outcome,
            Outcome::kMechanismRequired);
  // A plan that does not say what the recipient is, to an adequate country: it matters.
  EXPECT_TRUE(Missing(Assess(plan("2025-06-01", ", public_authority: false", ", country: CH")),
                      "recipient.kind"));

  // Arts. 13(1)(f)/14(1)(f): tell the data subjects about any transfer.
  Decision scc = Assess(EuPlan("2025-06-01", "CN"));
  EXPECT_TRUE(HasObligation(scc, "inform_of_transfer"));
  EXPECT_TRUE(HasObligation(Assess(EuPlan("2025-06-01", "JP")), "inform_of_transfer"));
  EXPECT_FALSE(HasObligation(Assess(EuPlan("2025-06-01", "DE")), "inform_of_transfer"));
}

}  // namespace
}  // namespace xb::rules
