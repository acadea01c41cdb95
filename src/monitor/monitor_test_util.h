// A small world for monitor tests: a ledger with two completed transfers, a registry, a rule
// pack with low thresholds, the shipped taxonomy and a subject hasher; and a stream of lawful
// events into which tests plant the ones that must raise alerts.
//
//   exporter   Shanghai Huaxin Trading Co., Ltd.
//   transfer 0 → Huaxin Holding GmbH (DE), hr_management, exempt, identity/contact/financial,
//                employees E-0..E-199 (not counted: exempt)
//   transfer 1 → Example Analytics Inc. (US), analytics, standard contract SC-1 (registered,
//                in force 2026-01-01 to 2026-11-30), identity/contact, customers C-0..C-794
//                (counted)
//   registry   Huaxin Holding (flow hr-sync), Example Analytics (SC-1), Blocked Corp (restricted,
//              flow "blocked")
//   thresholds 1,000 individuals and 100 with sensitive PI (test pack)
#ifndef XBORDER_MONITOR_MONITOR_TEST_UTIL_H_
#define XBORDER_MONITOR_MONITOR_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "detect/column_classifier.h"
#include "detect/subject_hasher.h"
#include "ledger/ledger_test_util.h"
#include "monitor/monitor.h"
#include "registry/sqlite_recipient_store.h"

namespace xb::monitor::testing {

inline constexpr char kExporter[] = "Shanghai Huaxin Trading Co., Ltd.";

inline const char* kTestPack = R"(jurisdiction: CN
instrument:
  id: monitor-test
  title: Monitor Test Measures
  source: test
  tag: V
  in_force: {from: 2024-01-01}
rules:
  - id: test.art2.volume
    cite: {article: '2'}
    tag: V
    precedence: 20
    when: history.individuals_ytd + data.individuals >= 1_000 or history.sensitive_individuals_ytd + data.sensitive_individuals >= 100
    then: {decision: mechanism_required, mechanisms: [standard_contract]}
  - id: test.art3.hr
    cite: {article: '3'}
    tag: V
    precedence: 10
    when: purpose == hr_management
    then: {decision: exempt, exemption: hr_management}
)";

class MonitorWorld : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ledger::testing::FreshDbPath();
    ledger_ = ledger::testing::OpenTestLedger(path_);
    ASSERT_NE(ledger_, nullptr);
    auto rules = rules::RuleSet::LoadSources({{"test.yaml", kTestPack}});
    ASSERT_TRUE(rules.ok()) << rules.error().ToString();
    rules_ = std::move(rules).value();
    auto taxonomy = Taxonomy::LoadDefault();
    ASSERT_TRUE(taxonomy.ok()) << taxonomy.error().ToString();
    taxonomy_ = std::move(taxonomy).value();
    auto classifier = ColumnClassifier::Create();
    ASSERT_TRUE(classifier.ok());
    classifier_ = std::move(classifier).value();
    std::array<uint8_t, 32> key_bytes{};
    key_bytes.fill(7);
    key_ = KeyFromBytes(key_bytes);
    hasher_ = std::make_unique<SubjectHasher>(key_, *classifier_);
    exporter_keys_ = std::make_unique<ExporterKeys>(key_);

    AppendTransfer(R"({"type":"transfer","as_of":"2026-11-01","jurisdiction":"CN",
        "exporter":"Shanghai Huaxin Trading Co., Ltd.","recipient":"Huaxin Holding GmbH",
        "country":"DE","purpose":"hr_management","categories":["identity","contact","financial"],
        "decision":{"decision":"exempt","mechanisms":[],"exemption":"hr_management"}})",
                   "E-", 200, false);
    AppendTransfer(R"({"type":"transfer","as_of":"2026-11-02","jurisdiction":"CN",
        "exporter":"Shanghai Huaxin Trading Co., Ltd.","recipient":"Example Analytics Inc.",
        "country":"US","purpose":"analytics","categories":["identity","contact"],
        "decision":{"decision":"mechanism_required","mechanisms":["standard_contract"]},
        "mechanism":{"type":"standard_contract","reference":"SC-1"}})",
                   "C-", 795, true);

    auto store = registry::OpenSqliteRecipientStore(path_, ledger::SqliteAccess::kCreate);
    ASSERT_TRUE(store.ok());
    auto reg = registry::Registry::Open(*ledger_, std::move(store).value());
    ASSERT_TRUE(reg.ok());
    registry_ = std::move(reg).value();
    registry::Recipient huaxin;
    huaxin.id = "huaxin-holding";
    huaxin.name = "Huaxin Holding GmbH";
    huaxin.country = "DE";
    huaxin.flows.push_back(
        {"hr-sync", kExporter, "hr_management", {"identity", "contact"}, {"hr-sync"}});
    registry::Recipient analytics;
    analytics.id = "example-analytics";
    analytics.name = "Example Analytics Inc.";
    analytics.country = "US";
    analytics.mechanisms.push_back({"standard_contract", "SC-1", CivilDate::Parse("2026-01-01"),
                                    CivilDate::Parse("2026-11-30"), std::nullopt});
    registry::Recipient blocked;
    blocked.id = "blocked-corp";
    blocked.name = "Blocked Corp";
    blocked.country = "US";
    blocked.restricted_list = true;
    blocked.flows.push_back({"blocked", kExporter, "marketing", {"contact"}, {}});
    for (auto* r : {&huaxin, &analytics, &blocked}) {
      ASSERT_TRUE(registry_->Add(*r, *CivilDate::Parse("2026-10-01"), false).ok());
    }
  }

  void AppendTransfer(const std::string& entry, const std::string& prefix, int people,
                      bool counted) {
    ledger::TransferRecord t;
    t.entry_json = nlohmann::json::parse(entry).dump();
    t.group = {key_.id, kExporter, 2026, counted};
    for (int i = 0; i < people; ++i) t.individuals.push_back(Hash(prefix + std::to_string(i)));
    ASSERT_TRUE(ledger_->AppendTransfer(t).ok());
  }

  Digest Hash(const std::string& id) const { return hasher_->Hash(id, hasher_->Recognise(id)); }

  std::unique_ptr<Monitor> NewMonitor(MonitorOptions options = {}) {
    MonitorInputs in;
    in.ledger = ledger_.get();
    in.registry = registry_.get();
    in.rules = &rules_;
    in.taxonomy = &taxonomy_;
    in.hasher = hasher_.get();
    in.exporter_keys = exporter_keys_.get();
    auto m = Monitor::Create(in, options);
    EXPECT_TRUE(m.ok()) << m.error().ToString();
    return m.ok() ? std::move(m).value() : nullptr;
  }

  // One event as JSON text.
  static std::string Event(const std::string& time, const std::string& recipient,
                           const std::string& purpose, std::vector<std::string> categories,
                           std::vector<std::string> subjects, int64_t records,
                           const std::string& system = "", const std::string& country = "") {
    nlohmann::json j = {{"time", time},       {"exporter", kExporter},    {"recipient", recipient},
                        {"purpose", purpose}, {"categories", categories}, {"subjects", subjects},
                        {"records", records}};
    if (!system.empty()) j["system"] = system;
    if (!country.empty()) j["country"] = country;
    return j.dump();
  }

  static std::vector<std::string> People(const std::string& prefix, int from, int to) {
    std::vector<std::string> out;
    for (int i = from; i < to; ++i) out.push_back(prefix + std::to_string(i));
    return out;
  }

  static std::string Hour(int day, int hour, int minute = 0) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "2026-11-%02dT%02d:%02d:00+08:00", day, hour, minute);
    return buf;
  }

  // Eight days of hourly lawful traffic (20-27 November): the HR sync and the analytics feed,
  // naming only people the ledger already counts.
  static std::vector<std::string> LawfulStream() {
    std::vector<std::string> events;
    for (int day = 20; day <= 27; ++day) {
      for (int hour = 0; hour < 24; ++hour) {
        int n = day * 24 + hour;
        events.push_back(Event(Hour(day, hour), "Huaxin Holding GmbH", "hr_management",
                               {"identity", "contact"}, People("E-", n % 150, n % 150 + 3),
                               100 + (n * 37) % 21, "hr-sync", "DE"));
        events.push_back(Event(Hour(day, hour, 30), "example-analytics", "analytics", {"identity"},
                               People("C-", n % 700, n % 700 + 5), 60 + (n * 13) % 11, "crm",
                               "US"));
      }
    }
    return events;
  }

  std::string path_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::unique_ptr<registry::Registry> registry_;
  rules::RuleSet rules_;
  Taxonomy taxonomy_;
  std::unique_ptr<ColumnClassifier> classifier_;
  SecretKey key_;
  std::unique_ptr<SubjectHasher> hasher_;
  std::unique_ptr<ExporterKeys> exporter_keys_;
};

}  // namespace xb::monitor::testing

#endif  // XBORDER_MONITOR_MONITOR_TEST_UTIL_H_
