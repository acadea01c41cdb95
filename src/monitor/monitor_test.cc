#include "monitor/monitor.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/locations.h"
#include "ledger/sqlite_db.h"
#include "monitor/monitor_test_util.h"

namespace xb::monitor {
namespace {

using testing::kExporter;

struct Planted {
  std::string event;
  std::string kind;  // the one alert it must raise
};

class MonitorTest : public testing::MonitorWorld {
 protected:
  // The lawful stream with one event of each alert kind planted in it, in time order; the
  // second of each pair is the alert kind expected ("" for lawful events).
  std::vector<std::pair<std::string, std::string>> Stream() {
    std::vector<Planted> planted = {
        {Event(Hour(25, 10, 45), "Huaxin Holding GmbH", "hr_management", {"identity"},
               People("E-", 1, 3), 2000, "hr-sync", "DE"),
         "volume_anomaly"},
        {Event(Hour(25, 11, 10), "Huaxin Holding GmbH", "hr_management", {"identity", "health"},
               People("E-", 4, 5), 5, "hr-sync", "DE"),
         "categories_beyond_plan"},
        {Event(Hour(25, 12, 5), "Unknown Ltd", "analytics", {"contact"}, {}, 10), "unplanned_flow"},
        {Event(Hour(25, 13, 5), "Blocked Corp", "marketing", {"contact"}, {}, 10),
         "restricted_recipient"},
        {Event(Hour(26, 9, 50), "example-analytics", "analytics", {"identity"},
               People("C-", 795, 810), 5, "crm", "US"),
         "threshold_approaching"},  // 810 of 1,000
        {Event(Hour(26, 10, 50), "example-analytics", "analytics", {"identity"},
               People("C-", 810, 910), 5, "crm", "US"),
         "threshold_approaching"},  // 910
        {Event(Hour(26, 11, 50), "example-analytics", "analytics", {"identity"},
               People("C-", 910, 1010), 5, "crm", "US"),
         "threshold_crossed"},  // 1,010
        {Event("2026-12-02T10:00:00+08:00", "example-analytics", "analytics", {"identity"},
               People("C-", 1, 4), 40, "crm", "US"),
         "mechanism_invalid"},  // SC-1 expired on 30 November
    };
    std::vector<std::pair<std::string, std::string>> out;
    for (const std::string& e : LawfulStream()) out.emplace_back(e, "");
    for (const Planted& p : planted) out.emplace_back(p.event, p.kind);
    // Every time is written "2026-MM-DDTHH:MM:00+08:00": text order is time order.
    auto time = [](const std::string& event) {
      return nlohmann::json::parse(event)["time"].get<std::string>();
    };
    std::stable_sort(out.begin(), out.end(),
                     [&](const std::pair<std::string, std::string>& a,
                         const std::pair<std::string, std::string>& b) {
                       return time(a.first) < time(b.first);
                     });
    return out;
  }

  // Applies events [from, to) of `stream`; returns (position, alert kind) of every alert.
  std::vector<std::pair<size_t, std::string>> Run(
      Monitor& m, const std::vector<std::pair<std::string, std::string>>& stream, size_t from,
      size_t to, std::vector<Alert>* all = nullptr) {
    EventParser parser;
    EgressEvent e;
    std::vector<std::pair<size_t, std::string>> out;
    for (size_t i = from; i < to; ++i) {
      auto bad = parser.Parse(stream[i].first, &e);
      EXPECT_FALSE(bad.has_value()) << i;
      std::vector<Alert> alerts;
      Status s = m.Apply(e, "test#" + std::to_string(i + 1), &alerts);
      EXPECT_TRUE(s.ok()) << s.error().ToString();
      for (const Alert& a : alerts) {
        out.emplace_back(i, a.kind);
        if (all) all->push_back(a);
      }
    }
    return out;
  }

  static std::vector<std::pair<size_t, std::string>> Expected(
      const std::vector<std::pair<std::string, std::string>>& stream) {
    std::vector<std::pair<size_t, std::string>> out;
    for (size_t i = 0; i < stream.size(); ++i)
      if (!stream[i].second.empty()) out.emplace_back(i, stream[i].second);
    return out;
  }
};

TEST_F(MonitorTest, FindsExactlyThePlantedAlerts) {
  auto m = NewMonitor();
  ASSERT_NE(m, nullptr);
  auto stream = Stream();
  std::vector<Alert> alerts;
  auto found = Run(*m, stream, 0, stream.size(), &alerts);
  EXPECT_EQ(found, Expected(stream));
  ASSERT_EQ(alerts.size(), 8u);

  std::set<std::string> kinds;
  for (const Alert& a : alerts) {
    kinds.insert(a.kind);
    EXPECT_EQ(a.exporter, kExporter);
    EXPECT_FALSE(a.detail.empty());
    EXPECT_EQ(a.event_ref.rfind("test#", 0), 0u);
    // No subject identifier in anything an alert says.
    std::string text = AlertToJson(a);
    EXPECT_EQ(text.find("C-8"), std::string::npos) << text;
    EXPECT_EQ(text.find("E-1"), std::string::npos) << text;
  }
  EXPECT_EQ(kinds.size(), kAlertKinds.size());  // every kind, each planted once
  const Alert& crossed = alerts[6];
  EXPECT_EQ(crossed.rule, "test.art2.volume");
  EXPECT_NE(crossed.detail.find("1,010 distinct individuals"), std::string::npos) << crossed.detail;
  EXPECT_NE(alerts[7].detail.find("expired on 2026-11-30"), std::string::npos) << alerts[7].detail;
  EXPECT_EQ(alerts[3].recipient, "Blocked Corp");
  EXPECT_EQ(alerts[3].severity, "critical");
}

TEST_F(MonitorTest, IndividualsTheLedgerCountedAreNotCountedAgain) {
  auto m = NewMonitor();
  auto stream = Stream();
  Run(*m, stream, 0, stream.size());
  auto counts = m->Counts();
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0].exporter, kExporter);
  EXPECT_EQ(counts[0].year, 2026);
  EXPECT_EQ(counts[0].individuals, 1010u);  // 795 in the ledger + 215 new; the HR flow is exempt
  EXPECT_EQ(counts[0].sensitive_individuals, 0u);
}

// A monitor stopped anywhere and restarted from its committed state raises the same alerts
// and ends with the same counts as one that never stopped.
TEST_F(MonitorTest, RestartFromCommittedStateChangesNothing) {
  auto stream = Stream();
  auto store = OpenSqliteMonitorState(path_, ledger::SqliteAccess::kCreate, *exporter_keys_);
  ASSERT_TRUE(store.ok());
  for (size_t cut : {size_t{1}, stream.size() / 3, stream.size() - 5}) {
    const std::string consumer = "cut-" + std::to_string(cut);
    auto first = NewMonitor();
    auto before = Run(*first, stream, 0, cut);
    StateDelta delta;
    first->TakeChanges(&delta);
    delta.position.last_sequence = cut;
    ASSERT_TRUE((*store)->Commit(consumer, delta).ok());

    auto second = NewMonitor();
    ASSERT_TRUE(second->Restore(**store, consumer).ok());
    auto after = Run(*second, stream, cut, stream.size());
    before.insert(before.end(), after.begin(), after.end());
    EXPECT_EQ(before, Expected(stream)) << "cut at " << cut;
    ASSERT_EQ(second->Counts().size(), 1u);
    EXPECT_EQ(second->Counts()[0].individuals, 1010u) << "cut at " << cut;
    auto position = (*store)->LoadPosition(consumer);
    ASSERT_TRUE(position.ok() && position->has_value());
    EXPECT_EQ((*position)->last_sequence, cut);
  }
}

// A monitor that loaded its key before a subject-key rotation re-keyed its state commits no
// more hashes under the old key id into it.
TEST_F(MonitorTest, NoHashesUnderTheOldKeyAfterARotationMovedTheState) {
  auto stream = Stream();
  auto store = OpenSqliteMonitorState(path_, ledger::SqliteAccess::kCreate, *exporter_keys_);
  ASSERT_TRUE(store.ok());
  auto m = NewMonitor();
  Run(*m, stream, 0, stream.size());
  StateDelta first;
  m->TakeChanges(&first);
  ASSERT_FALSE(first.subjects.empty());
  ASSERT_FALSE(first.key_id.empty());
  first.position.last_sequence = stream.size();
  ASSERT_TRUE((*store)->Commit("c", first).ok());

  auto moved = RekeySqliteMonitorState(path_, first.key_id, "0123456789abcdef",
                                       [](const Digest& h) { return Sha256(ToHex(h)); });
  ASSERT_TRUE(moved.ok()) << moved.error().ToString();
  EXPECT_EQ(*moved, static_cast<int64_t>(first.subjects.size()));
  // The same monitor goes on with its old key: one more individual.
  StateDelta second;
  second.key_id = first.key_id;
  second.subjects.push_back({kExporter, 2026, false, Sha256("one more")});
  second.position.last_sequence = stream.size() + 1;
  Status refused = (*store)->Commit("c", second);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(refused.error().message.find("use the key file the last `xborder keys rotate"), std::string::npos)
      << refused.error().message;
  // Nothing of the refused commit was written.
  auto position = (*store)->LoadPosition("c");
  ASSERT_TRUE(position.ok() && position->has_value());
  EXPECT_EQ((*position)->last_sequence, first.position.last_sequence);
}

TEST_F(MonitorTest, MechanismMissingOrNotYetEffective) {
  auto m = NewMonitor();
  EventParser parser;
  EgressEvent e;
  std::vector<Alert> alerts;
  // Before SC-1 took effect.
  ASSERT_FALSE(parser.Parse(Event("2025-12-20T10:00:00+08:00", "Example Analytics Inc.",
                                  "analytics", {"identity"}, {}, 1),
                            &e));
  ASSERT_TRUE(m->Apply(e, "t#1", &alerts).ok());
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].kind, "mechanism_invalid");
  EXPECT_NE(alerts[0].detail.find("not yet effective (from 2026-01-01)"), std::string::npos);
  // Same day, same finding: raised once.
  ASSERT_TRUE(m->Apply(e, "t#2", &alerts).ok());
  EXPECT_EQ(alerts.size(), 1u);

  // A transfer whose decision needs a mechanism the recipient does not hold at all.
  AppendTransfer(
      R"({"type":"transfer","as_of":"2026-11-03","exporter":"Shanghai Huaxin Trading Co., Ltd.",
      "recipient":"Nameless Ltd","country":"SG","purpose":"marketing","categories":["contact"],
      "decision":{"decision":"mechanism_required","mechanisms":["standard_contract","certification"]}})",
      "N-", 3, true);
  ASSERT_TRUE(m->Refresh().ok());
  ASSERT_FALSE(parser.Parse(
      Event(Hour(25, 9), "Nameless Ltd", "marketing", {"contact"}, People("N-", 0, 2), 2), &e));
  alerts.clear();
  ASSERT_TRUE(m->Apply(e, "t#3", &alerts).ok());
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_NE(alerts[0].detail.find("standard_contract or certification"), std::string::npos);
  EXPECT_NE(alerts[0].detail.find("(missing)"), std::string::npos);
}

// The shipped packs, and Acme US registered with one standard contract that expired on
// 2026-06-30 and a CRM flow of contact and health data from kExporter.
class MonitorFlowMechanismTest : public MonitorTest {
 protected:
  void RegisterAcmeWithAnExpiredContract() {
    auto packs = rules::RuleSet::LoadDirectory(LocateRulesDir(""));
    ASSERT_TRUE(packs.ok()) << packs.error().ToString();
    rules_ = std::move(packs).value();
    registry::Recipient acme;
    acme.id = "acme-us";
    acme.name = "Acme US Inc.";
    acme.country = "US";
    acme.mechanisms.push_back({"standard_contract", "SC-9", CivilDate::Parse("2025-01-01"),
                               CivilDate::Parse("2026-06-30"), std::nullopt});
    acme.flows.push_back({"crm", kExporter, "marketing", {"contact", "health"}, {}});
    ASSERT_TRUE(registry_->Add(acme, *CivilDate::Parse("2025-01-01"), false).ok());
  }
};

TEST_F(MonitorFlowMechanismTest, ARegisteredFlowWithNoTransferNeedsWhatTheRulePacksSay) {
  // The shipped packs: any sensitive PI, or 100,000 individuals, needs a standard contract or
  // certification (Provisions 2024 Art. 8; Certification Measures Art. 5 concurs).
  RegisterAcmeWithAnExpiredContract();
  if (HasFatalFailure()) return;
  auto m = NewMonitor();
  EventParser parser;
  EgressEvent e;
  std::vector<Alert> alerts;
  auto kinds = [&] {
    std::vector<std::string> k;
    for (const Alert& a : alerts) k.push_back(a.kind);
    return k;
  };
  auto invalid = [&] {
    return std::count_if(alerts.begin(), alerts.end(),
                         [](const Alert& a) { return a.kind == "mechanism_invalid"; });
  };
  // Contact details of a few people: below every threshold, no mechanism needed.
  ASSERT_FALSE(parser.Parse(Event("2026-09-01T09:00:00+08:00", "acme-us", "marketing", {"contact"},
                                  {"X-1", "X-2"}, 2, "", "US"),
                            &e));
  ASSERT_TRUE(m->Apply(e, "t#1", &alerts).ok());
  EXPECT_TRUE(alerts.empty()) << alerts[0].detail;
  // Health data on the last day of the contract: in force, no alert about it.
  ASSERT_FALSE(parser.Parse(Event("2026-06-30T10:00:00+08:00", "acme-us", "marketing",
                                  {"contact", "health"}, {}, 5, "", "US"),
                            &e));
  ASSERT_TRUE(m->Apply(e, "t#2", &alerts).ok());
  EXPECT_EQ(invalid(), 0);
  // The review's case: health data two months after the only contract expired.
  alerts.clear();
  ASSERT_FALSE(parser.Parse(Event("2026-09-01T10:00:00+08:00", "acme-us", "marketing",
                                  {"contact", "health"}, {"aa"}, 5, "", "US"),
                            &e));
  ASSERT_TRUE(m->Apply(e, "t#3", &alerts).ok());
  const auto found = std::find_if(alerts.begin(), alerts.end(),
                                  [](const Alert& a) { return a.kind == "mechanism_invalid"; });
  ASSERT_NE(found, alerts.end()) << ::testing::PrintToString(kinds());
  EXPECT_NE(found->detail.find("standard_contract SC-9 expired on 2026-06-30"), std::string::npos)
      << found->detail;
  EXPECT_NE(found->detail.find("has no completed transfer"), std::string::npos) << found->detail;
  // The provision that requires the mechanism, not the certification measures that concur
  // (review 15b, finding 6: they tied at precedence 850).
  EXPECT_EQ(found->rule, "cn.provisions-2024.art8.volume");
  EXPECT_NE(found->citation.find("PIPL Art. 38"), std::string::npos);
  EXPECT_NE(found->citation.find("Art. 8"), std::string::npos) << found->citation;
  EXPECT_EQ(found->citation.find("Certification"), std::string::npos) << found->citation;
  EXPECT_EQ(invalid(), 1);
}

// An exempt transfer of contact data earlier in the year says nothing about health data sent
// later on the registered flow: the flow is still held against the packs (review 15b, 2).
TEST_F(MonitorFlowMechanismTest, AnExemptTransferOfOtherCategoriesDoesNotSilenceTheFlowsCheck) {
  RegisterAcmeWithAnExpiredContract();
  if (HasFatalFailure()) return;
  AppendTransfer(
      R"({"type":"transfer","as_of":"2026-02-01","jurisdiction":"CN",
      "exporter":"Shanghai Huaxin Trading Co., Ltd.","recipient":"Acme US Inc.",
      "recipient_id":"acme-us","country":"US","purpose":"marketing","categories":["contact"],
      "decision":{"decision":"exempt","exemption":"small_volume"}})",
      "C-", 200, true);
  auto m = NewMonitor();
  EventParser parser;
  EgressEvent e;
  std::vector<Alert> alerts;
  ASSERT_FALSE(parser.Parse(Event("2026-09-01T10:00:00+08:00", "acme-us", "marketing",
                                  {"contact", "health"}, {"aa"}, 5, "", "US"),
                            &e));
  ASSERT_TRUE(m->Apply(e, "t#1", &alerts).ok());
  const auto found = std::find_if(alerts.begin(), alerts.end(),
                                  [](const Alert& a) { return a.kind == "mechanism_invalid"; });
  ASSERT_NE(found, alerts.end());
  EXPECT_NE(found->detail.find("SC-9 expired on 2026-06-30"), std::string::npos) << found->detail;

  // Contact data alone, as the exempt transfer carried: its decision speaks for it.
  alerts.clear();
  ASSERT_FALSE(parser.Parse(
      Event("2026-09-02T10:00:00+08:00", "acme-us", "marketing", {"contact"}, {"C-1"}, 1, "", "US"),
      &e));
  ASSERT_TRUE(m->Apply(e, "t#2", &alerts).ok());
  for (const Alert& a : alerts) EXPECT_NE(a.kind, "mechanism_invalid") << a.detail;
}

TEST_F(MonitorTest, TheLawsValidityAppliesWhenNoExpiryIsStated) {
  registry::Recipient r;
  r.id = "assessed";
  r.name = "Assessed AG";
  r.country = "CH";
  r.mechanisms.push_back(
      {"standard_contract", "SA-1", CivilDate::Parse("2023-01-01"), std::nullopt, std::nullopt});
  ASSERT_TRUE(registry_->Add(r, *CivilDate::Parse("2023-01-01"), false).ok());
  AppendTransfer(
      R"({"type":"transfer","as_of":"2023-02-01","exporter":"Shanghai Huaxin Trading Co., Ltd.",
      "recipient":"Assessed AG","country":"CH","purpose":"research","categories":["contact"],
      "decision":{"decision":"mechanism_required","mechanisms":["standard_contract"]}})",
      "R-", 1, true);
  MonitorOptions options;
  options.expiry = [](const registry::HeldMechanism& m, CivilDate) {
    return std::optional<CivilDate>(m.effective->AddYears(3).AddDays(-1));
  };
  auto m = NewMonitor(options);
  EventParser parser;
  EgressEvent e;
  std::vector<Alert> alerts;
  ASSERT_FALSE(parser.Parse(Event(Hour(25, 9), "assessed", "research", {"contact"}, {}, 1), &e));
  ASSERT_TRUE(m->Apply(e, "t#1", &alerts).ok());
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_NE(alerts[0].detail.find("expired on 2025-12-31"), std::string::npos) << alerts[0].detail;
}

TEST_F(MonitorTest, SensitiveCategoriesCountAsSensitive) {
  auto m = NewMonitor();
  EventParser parser;
  EgressEvent e;
  std::vector<Alert> alerts;
  // An unplanned flow of health data: counted (no exemption covers it), and sensitive.
  ASSERT_FALSE(parser.Parse(
      Event(Hour(25, 9), "Clinic Ltd", "research", {"health"}, People("P-", 0, 120), 120), &e));
  ASSERT_TRUE(m->Apply(e, "t#1", &alerts).ok());
  std::vector<std::string> kinds;
  for (const auto& a : alerts) kinds.push_back(a.kind);
  // 795 + 120 = 915 individuals: 90% of 1,000 (one alert for 80% and 90%); 120 people with
  // sensitive PI: past the 100 threshold (one alert for all three levels).
  EXPECT_EQ(kinds, (std::vector<std::string>{"unplanned_flow", "threshold_approaching",
                                             "threshold_crossed"}));
  EXPECT_NE(alerts[1].detail.find("PI of 915"), std::string::npos) << alerts[1].detail;
  EXPECT_NE(alerts[2].detail.find("sensitive PI of 120"), std::string::npos) << alerts[2].detail;
  auto counts = m->Counts();
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0].sensitive_individuals, 120u);
  EXPECT_EQ(counts[0].individuals, 795u + 120u);
}

TEST_F(MonitorTest, SubjectsGivenAsKeyedHashesCountAsThePeopleTheyAre) {
  auto m = NewMonitor();
  EventParser parser;
  EgressEvent e;
  std::vector<Alert> alerts;
  // C-5 is in the ledger already; X-1 is new. Sent once as identifiers, once as hashes.
  std::vector<std::string> hashes = {ToHex(Hash("C-5")), ToHex(Hash("X-1"))};
  ASSERT_FALSE(parser.Parse(
      Event(Hour(25, 9), "Example Analytics Inc.", "analytics", {"identity"}, hashes, 2), &e));
  ASSERT_TRUE(m->Apply(e, "t#1", &alerts).ok());
  ASSERT_FALSE(parser.Parse(
      Event(Hour(25, 10), "Example Analytics Inc.", "analytics", {"identity"}, {"C-5", "X-1"}, 2),
      &e));
  ASSERT_TRUE(m->Apply(e, "t#2", &alerts).ok());
  EXPECT_EQ(m->Counts()[0].individuals, 796u);
}

// Individuals sent under the Art. 5(4) small-volume exemption count toward the thresholds
// (digest CN-C-04), both the ledger's and those seen on the flow afterwards; even when the
// ledger's group (as ledgers before this rule wrote it) calls them exempt.
TEST_F(MonitorTest, SmallVolumeExemptTransfersCountTowardTheThresholds) {
  AppendTransfer(R"({"type":"transfer","as_of":"2026-11-03","jurisdiction":"CN",
      "exporter":"Shanghai Huaxin Trading Co., Ltd.","recipient":"Gamma GmbH","country":"DE",
      "purpose":"marketing","categories":["contact"],
      "decision":{"decision":"exempt","mechanisms":[],"exemption":"small_volume"}})",
                 "G-", 100, /*counted=*/false);
  auto m = NewMonitor();
  EventParser parser;
  EgressEvent e;
  std::vector<Alert> alerts;
  // 795 + 100 in the ledger; 105 new on the small-volume flow: 1,000.
  ASSERT_FALSE(parser.Parse(Event(Hour(25, 9), "Gamma GmbH", "marketing", {"contact"},
                                  People("G-", 50, 205), 155, "", "DE"),
                            &e));
  ASSERT_TRUE(m->Apply(e, "t#1", &alerts).ok());
  std::vector<std::string> kinds;
  for (const auto& a : alerts) kinds.push_back(a.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"threshold_crossed"}));
  ASSERT_EQ(m->Counts().size(), 1u);
  EXPECT_EQ(m->Counts()[0].individuals, 1000u);
}

// A registered individual recipient is known by the keyed hash of the name, never by the name:
// an event naming the person matches the registration, and no alert, ledger entry or webhook
// gets the name. Text no registry or transfer vetted appears only as a keyed hash.
TEST_F(MonitorTest, RecipientsAreNamedByRegistryLabelOrKeyedHashNeverAsGiven) {
  registry::Recipient person;
  person.id = "r-7";
  person.kind = "individual";
  person.name = "Wang Fang";
  person.name_hmac = ToHex(hasher_->Hash("Wang Fang", std::nullopt));
  person.country = "DE";
  person.flows.push_back({"consult", kExporter, "research", {"contact"}, {}});
  ASSERT_TRUE(registry_->Add(person, *CivilDate::Parse("2026-10-01"), false).ok());
  AppendTransfer(R"({"type":"transfer","as_of":"2026-11-03","jurisdiction":"CN",
      "exporter":"Shanghai Huaxin Trading Co., Ltd.","recipient":"Delta Partners KK",
      "country":"JP","purpose":"analytics","categories":["contact"],
      "decision":{"decision":"exempt","mechanisms":[],"exemption":"contract_performance"}})",
                 "D-", 1, false);
  auto m = NewMonitor();
  EventParser parser;
  EgressEvent e;
  std::vector<Alert> alerts;
  ASSERT_FALSE(
      parser.Parse(Event(Hour(25, 9), "Wang Fang", "research", {"contact"}, {}, 1, "", "DE"), &e));
  ASSERT_TRUE(m->Apply(e, "t#1", &alerts).ok());
  EXPECT_TRUE(alerts.empty()) << AlertToJson(alerts[0]);
  // To another country: an alert, naming the person by registry id only.
  ASSERT_FALSE(
      parser.Parse(Event(Hour(25, 10), "Wang Fang", "research", {"contact"}, {}, 1, "", "US"), &e));
  ASSERT_TRUE(m->Apply(e, "t#2", &alerts).ok());
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].recipient, "individual r-7");
  // Nobody registered: a keyed hash, the same for the same text.
  const std::string stranger = "Zhang Wei 110101199003077777";
  for (const char* ref : {"t#3", "t#4"}) {
    ASSERT_FALSE(parser.Parse(Event(Hour(25, 11), stranger, "marketing", {"contact"}, {}, 1), &e));
    ASSERT_TRUE(m->Apply(e, ref, &alerts).ok());
  }
  ASSERT_EQ(alerts.size(), 2u);  // the second is the same alert on the same day
  EXPECT_EQ(alerts[1].recipient, "unregistered recipient #" +
                                     ToHex(hasher_->Hash(stranger, std::nullopt)).substr(0, 12));
  for (const Alert& a : alerts) {
    const std::string text = AlertToJson(a);
    for (const char* raw : {"Wang", "Zhang", "110101199003077777"})
      EXPECT_EQ(text.find(raw), std::string::npos) << text;
  }
  // A completed transfer's recipient is in the ledger already: named as given.
  ASSERT_FALSE(
      parser.Parse(Event(Hour(25, 12), "Delta Partners KK", "marketing", {"contact"}, {}, 1), &e));
  ASSERT_TRUE(m->Apply(e, "t#5", &alerts).ok());
  ASSERT_EQ(alerts.size(), 3u);
  EXPECT_EQ(alerts[2].recipient, "Delta Partners KK");
}

// Issue #15 review 15b, finding 4: the exporter is text from the event too. One the ledger's
// transfers or the registry's flows name is shown as written; any other only by keyed hash, in
// the alerts, the counts and the marks the monitor keeps.
TEST_F(MonitorTest, ExportersAreNamedAsKnownOrByKeyedHashNeverAsGiven) {
  registry::Recipient flows_only;
  flows_only.id = "flows-only";
  flows_only.name = "Flows Only SARL";
  flows_only.country = "FR";
  flows_only.flows.push_back(
      {"ops", "Registered Flow Exporter Ltd.", "analytics", {"contact"}, {}});
  ASSERT_TRUE(registry_->Add(flows_only, *CivilDate::Parse("2026-10-01"), false).ok());
  // A transfer record whose entry names no exporter (`ledger append --exporter`): its subject
  // set does.
  ledger::TransferRecord appended;
  appended.entry_json = R"({"recipient":"Blocked Corp"})";
  appended.group = {key_.id, "Appended Only Ltd.", 2026, true};
  appended.individuals.push_back(Hash("A-1"));
  ASSERT_TRUE(ledger_->AppendTransfer(appended).ok());
  auto m = NewMonitor();
  EventParser parser;
  EgressEvent e;
  std::vector<Alert> alerts;
  auto apply = [&](const std::string& exporter, const std::string& recipient,
                   const std::string& purpose, const char* ref) {
    nlohmann::json j = nlohmann::json::parse(
        Event(Hour(25, 9), recipient, purpose, {"contact"}, People("X-", 0, 3), 3));
    j["exporter"] = exporter;
    ASSERT_FALSE(parser.Parse(j.dump(), &e));
    ASSERT_TRUE(m->Apply(e, ref, &alerts).ok());
  };
  const std::string raw = "<script>alert(1)</script> 13800138000";
  apply(raw, "Blocked Corp", "analytics", "t#1");
  ASSERT_FALSE(alerts.empty());
  const std::string label = "unregistered exporter #" + exporter_keys_->Of(raw).substr(0, 12);
  for (const Alert& a : alerts) EXPECT_EQ(a.exporter, label) << AlertToJson(a);
  // Known to a registered flow only, or to the ledger's transfers: as written.
  alerts.clear();
  apply("Registered Flow Exporter Ltd.", "Blocked Corp", "marketing", "t#2");
  ASSERT_FALSE(alerts.empty());
  EXPECT_EQ(alerts[0].exporter, "Registered Flow Exporter Ltd.");
  alerts.clear();
  apply("Appended Only Ltd.", "Nobody Known GmbH", "analytics", "t#3");
  ASSERT_FALSE(alerts.empty());
  EXPECT_EQ(alerts[0].exporter, "Appended Only Ltd.");
  alerts.clear();
  apply(kExporter, "Nobody Known GmbH", "analytics", "t#4");
  ASSERT_FALSE(alerts.empty());
  EXPECT_EQ(alerts[0].exporter, kExporter);

  StateDelta delta;
  m->TakeChanges(&delta);
  ASSERT_FALSE(delta.marks.empty());
  for (const auto& [key, value] : delta.marks) {
    EXPECT_EQ(key.find("script"), std::string::npos) << key;
    EXPECT_EQ(key.find("13800138000"), std::string::npos) << key;
  }
  for (const auto& s : delta.subjects) EXPECT_NE(s.exporter, raw);
  for (const ExporterYear& y : m->Counts()) EXPECT_NE(y.exporter, raw);
}

// Review 15c, finding 1: an exporter's count is kept under one key whatever the registry knows.
// NewCo sends sensitive PI of 60 people while no flow names it, the team registers the flow,
// and it sends 60 more: the 100-individual threshold is reached at the sum (approached at 80
// and 90, crossed at 100, each once), the registered flow then needs a mechanism, and the
// counts show one row of 120 under the name the registry now knows.
TEST_F(MonitorTest, AnExportersCountCarriesOnWhenItsFlowIsRegistered) {
  const std::string newco = "NewCo Ltd.";
  auto m = NewMonitor();
  EventParser parser;
  EgressEvent e;
  std::vector<Alert> alerts;
  auto send = [&](int from, int to, int hour) {
    for (int i = from; i < to; i += 10) {
      nlohmann::json j =
          nlohmann::json::parse(Event(Hour(25, hour, i % 60), "Acme Inc.", "marketing", {"health"},
                                      People("N-", i, i + 10), 10));
      j["exporter"] = newco;
      ASSERT_FALSE(parser.Parse(j.dump(), &e));
      ASSERT_TRUE(m->Apply(e, "n#" + std::to_string(i), &alerts).ok());
    }
  };
  send(0, 60, 9);
  for (const Alert& a : alerts) {
    EXPECT_NE(a.kind.rfind("threshold_", 0), 0u) << AlertToJson(a);
    EXPECT_EQ(a.exporter, "unregistered exporter #" + exporter_keys_->Of(newco).substr(0, 12));
  }
  registry::Recipient acme;
  acme.id = "acme";
  acme.name = "Acme Inc.";
  acme.country = "US";
  acme.flows.push_back({"newco-marketing", newco, "marketing", {"contact", "health"}, {}});
  ASSERT_TRUE(registry_->Add(acme, *CivilDate::Parse("2026-10-01"), false).ok());
  ASSERT_TRUE(m->Refresh().ok());
  alerts.clear();
  send(60, 120, 10);
  std::vector<std::string> levels;
  int mechanism_invalid = 0;
  for (const Alert& a : alerts) {
    EXPECT_EQ(a.exporter, newco) << AlertToJson(a);
    if (a.kind.rfind("threshold_", 0) == 0) levels.push_back(a.detail);
    if (a.kind == "mechanism_invalid") ++mechanism_invalid;
  }
  ASSERT_EQ(levels.size(), 3u);
  EXPECT_NE(levels[0].find("sensitive PI of 80 distinct"), std::string::npos) << levels[0];
  EXPECT_NE(levels[1].find("sensitive PI of 90 distinct"), std::string::npos) << levels[1];
  EXPECT_NE(levels[2].find("sensitive PI of 100 distinct"), std::string::npos) << levels[2];
  EXPECT_EQ(mechanism_invalid, 1);
  auto counts = m->Counts();
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0].exporter, newco);
  EXPECT_EQ(counts[0].individuals, 120u);
  EXPECT_EQ(counts[0].sensitive_individuals, 120u);
}

// Everything the monitor state in the database holds as text (exporter rows, mark keys).
std::vector<std::string> StoredStateText(const std::string& path) {
  std::vector<std::string> out;
  auto db = ledger::SqliteDb::Open(path, ledger::SqliteAccess::kReadOnly);
  EXPECT_TRUE(db.ok());
  if (!db.ok()) return out;
  for (const char* sql : {"SELECT consumer || '|' || id || '|' || name FROM monitor_exporter "
                          "ORDER BY 1",
                          "SELECT consumer || '|' || key FROM monitor_mark ORDER BY 1"}) {
    Status read = (*db)->Read([&]() -> Status {
      XB_ASSIGN_OR_RETURN(ledger::SqliteStatement q, (*db)->Prepare(sql));
      while (true) {
        XB_ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) return Status::Ok();
        out.emplace_back(q.Bytes(0));
      }
    });
    EXPECT_TRUE(read.ok()) << read.error().ToString();
  }
  return out;
}

// Review 15c, finding 2: a monitor of an earlier version kept its state by the exporter's name
// as given (subjects, level and alert marks, baselines). Opening the store for writing moves it
// under the exporter's key, once: the count carries on, a level already alerted is not alerted
// again, and the name is stored nowhere.
TEST_F(MonitorTest, StateStoredByExporterNameIsReKeyedWhenTheStoreOpens) {
  const std::string raw = "Zhang Wei 13800138000";
  const std::string key = exporter_keys_->Of(raw);
  EventParser parser;
  EgressEvent e;
  std::vector<Alert> alerts;
  auto send = [&](Monitor& m, int from, int to, int hour) {
    nlohmann::json j = nlohmann::json::parse(
        Event(Hour(25, hour), "Acme Inc.", "marketing", {"health"}, People("N-", from, to), 10));
    j["exporter"] = raw;
    ASSERT_FALSE(parser.Parse(j.dump(), &e));
    ASSERT_TRUE(m.Apply(e, "n#" + std::to_string(from), &alerts).ok());
  };
  {  // The old state: what this version keeps, with the name where the key is.
    auto old = NewMonitor();
    send(*old, 0, 85, 9);  // approaches the 100 threshold at 80
    StateDelta delta;
    old->TakeChanges(&delta);
    for (ObservedSubject& s : delta.subjects) s.exporter = raw;
    for (auto& [mark, value] : delta.marks) {
      const size_t at = mark.find(key);
      ASSERT_NE(at, std::string::npos) << mark;
      mark.replace(at, key.size(), raw);
    }
    delta.position.last_sequence = 1;
    auto store = OpenSqliteMonitorState(path_, ledger::SqliteAccess::kCreate, *exporter_keys_);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->Commit("d", delta).ok());
  }
  auto stored = StoredStateText(path_);
  ASSERT_TRUE(std::any_of(stored.begin(), stored.end(),
                          [&](const std::string& t) { return t.find(raw) != std::string::npos; }));

  auto store = OpenSqliteMonitorState(path_, ledger::SqliteAccess::kCreate, *exporter_keys_);
  ASSERT_TRUE(store.ok());
  const auto rekeyed = StoredStateText(path_);
  EXPECT_EQ(rekeyed.size(), stored.size());
  for (const std::string& t : rekeyed) {
    EXPECT_EQ(t.find("Zhang"), std::string::npos) << t;
    EXPECT_EQ(t.find("13800138000"), std::string::npos) << t;
  }
  ASSERT_TRUE(OpenSqliteMonitorState(path_, ledger::SqliteAccess::kCreate, *exporter_keys_).ok());
  EXPECT_EQ(StoredStateText(path_), rekeyed);  // once

  auto m = NewMonitor();
  ASSERT_TRUE(m->Restore(**store, "d").ok());
  alerts.clear();
  send(*m, 85, 95, 10);
  std::vector<std::string> levels;
  for (const Alert& a : alerts)
    if (a.kind.rfind("threshold_", 0) == 0) levels.push_back(a.detail);
  ASSERT_EQ(levels.size(), 1u);
  EXPECT_NE(levels[0].find("sensitive PI of 95 distinct"), std::string::npos) << levels[0];
  EXPECT_NE(levels[0].find("90% of"), std::string::npos) << levels[0];
  auto counts = m->Counts();
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0].individuals, 95u);
}

}  // namespace
}  // namespace xb::monitor
