#include "monitor/runner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "monitor/monitor_test_util.h"

namespace xb::monitor {
namespace {

class CollectingSink : public AlertSink {
 public:
  void Deliver(const Alert& alert) override { alerts.push_back(alert); }
  std::vector<Alert> alerts;
};

// Passes everything to a real store but fails the n-th commit (a crash after the ledger append
// and before the state is stored).
class FailingStore : public MonitorStateStore {
 public:
  FailingStore(MonitorStateStore& real, int fail_at) : real_(real), fail_at_(fail_at) {}
  Result<std::optional<MonitorPosition>> LoadPosition(std::string_view c) override {
    return real_.LoadPosition(c);
  }
  Status ForEachSubject(std::string_view c, const SubjectVisitor& fn) override {
    return real_.ForEachSubject(c, fn);
  }
  Result<std::vector<std::pair<std::string, std::string>>> LoadMarks(std::string_view c) override {
    return real_.LoadMarks(c);
  }
  Status Commit(std::string_view c, const StateDelta& d) override {
    if (++commits_ == fail_at_) return IoError("injected: the disk is gone");
    return real_.Commit(c, d);
  }
  Result<std::vector<std::string>> Consumers() override { return real_.Consumers(); }

 private:
  MonitorStateStore& real_;
  int fail_at_;
  int commits_ = 0;
};

class RunnerTest : public testing::MonitorWorld {
 protected:
  void SetUp() override {
    MonitorWorld::SetUp();
    events_ = ledger::testing::FreshDbPath() + ".events.jsonl";
    auto store = OpenSqliteMonitorState(path_, ledger::SqliteAccess::kCreate, *exporter_keys_);
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
  }

  void WriteEvents(const std::vector<std::string>& lines, bool append = false) {
    std::ofstream out(events_, append ? std::ios::app : std::ios::trunc);
    for (const auto& l : lines) out << l << "\n";
  }

  // The lawful stream with two planted alerts and a few malformed lines.
  std::vector<std::string> Stream() {
    std::vector<std::string> lines = LawfulStream();
    lines.insert(lines.begin() + 100,
                 Event(Hour(22, 3, 40), "Unknown Ltd", "analytics", {"contact"}, {}, 3));
    lines.insert(lines.begin() + 200, "{\"time\": \"not a time\"}");
    lines.insert(lines.begin() + 201, "garbage 13800138000");
    lines.insert(lines.begin() + 202, "more garbage");
    lines.insert(lines.begin() + 300, Event(Hour(24, 5, 40), "Huaxin Holding GmbH", "hr_management",
                                            {"identity", "religion"}, {}, 2, "hr-sync", "DE"));
    return lines;
  }

  Result<RunSummary> Run(MonitorStateStore* store, const std::string& consumer,
                         CollectingSink* sink, std::vector<std::string>* diagnostics) {
    auto monitor = NewMonitor();
    auto source = OpenFileSource(events_);
    EXPECT_TRUE(source.ok());
    RunnerOptions options;
    options.consumer = consumer;
    options.batch = 50;
    options.commit_interval = std::chrono::milliseconds(0);  // commit every batch
    std::vector<AlertSink*> sinks = {sink};
    return RunMonitor(**source, *monitor, *ledger_, store, options, sinks,
                      [&](const std::string& m) { diagnostics->push_back(m); });
  }

  // (kind, event_ref) of every alert entry in the ledger, with how often it appears.
  std::map<std::string, int> LedgerAlerts() {
    std::map<std::string, int> out;
    Status s = ledger_->Export([&](uint64_t, std::string_view e) -> Status {
      auto j = nlohmann::json::parse(e);
      if (j["type"] == "alert")
        ++out[j["kind"].get<std::string>() + " " + j["event_ref"].get<std::string>()];
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok());
    return out;
  }

  std::string events_;
  std::unique_ptr<MonitorStateStore> store_;
};

TEST_F(RunnerTest, AlertsGoToTheLedgerAndTheSinksAndMalformedEventsAreReportedOncePerKind) {
  WriteEvents(Stream());
  CollectingSink sink;
  std::vector<std::string> diagnostics;
  auto summary = Run(store_.get(), "m", &sink, &diagnostics);
  ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  ASSERT_EQ(sink.alerts.size(), 2u);
  EXPECT_EQ(sink.alerts[0].kind, "unplanned_flow");
  // By the file's base name: references are shown to every role, folders are not.
  const std::string file = std::filesystem::path(events_).filename().string();
  EXPECT_EQ(sink.alerts[0].event_ref, file + "#101");
  EXPECT_EQ(sink.alerts[1].kind, "categories_beyond_plan");
  auto in_ledger = LedgerAlerts();
  EXPECT_EQ(in_ledger.size(), 2u);
  EXPECT_EQ(in_ledger["unplanned_flow " + file + "#101"], 1);

  // bad_time once, not_json once (for two events), at their lines, without their content.
  ASSERT_EQ(diagnostics.size(), 2u);
  EXPECT_NE(diagnostics[0].find("#201 is malformed (bad_time, field 'time')"), std::string::npos)
      << diagnostics[0];
  EXPECT_NE(diagnostics[1].find("#202 is malformed (not_json)"), std::string::npos)
      << diagnostics[1];
  for (const auto& d : diagnostics) EXPECT_EQ(d.find("13800138000"), std::string::npos);
  EXPECT_EQ(summary->position.malformed[static_cast<size_t>(MalformedKind::kNotJson)], 2u);
  EXPECT_EQ(summary->position.malformed[static_cast<size_t>(MalformedKind::kBadTime)], 1u);
  EXPECT_EQ(summary->position.events, Stream().size() - 3);
  EXPECT_EQ(summary->position.last_sequence, Stream().size());
}

// A crash after the alerts reached the ledger but before the state was stored: the run again
// applies the same events, raises the same alerts, and the ledger holds each once.
TEST_F(RunnerTest, ACrashBetweenLedgerAndStateDoesNotRecordAlertsTwice) {
  WriteEvents(Stream());
  CollectingSink first_sink, second_sink;
  std::vector<std::string> diagnostics;
  FailingStore failing(*store_, /*fail_at=*/3);  // batches of 50: event 101 is in the 3rd
  auto crashed = Run(&failing, "m", &first_sink, &diagnostics);
  ASSERT_FALSE(crashed.ok());
  EXPECT_EQ(LedgerAlerts().size(), 1u);  // the unplanned flow made it to the ledger

  auto resumed = Run(store_.get(), "m", &second_sink, &diagnostics);
  ASSERT_TRUE(resumed.ok()) << resumed.error().ToString();
  EXPECT_EQ(resumed->alerts_already_recorded, 1u);
  for (const auto& [key, n] : LedgerAlerts()) EXPECT_EQ(n, 1) << key;
  EXPECT_EQ(LedgerAlerts().size(), 2u);
  // The sinks may see an alert again (at least once); here the first run never delivered it.
  EXPECT_EQ(second_sink.alerts.size(), 2u);
}

TEST_F(RunnerTest, ADurableRunOnAGrowingFileAppliesOnlyWhatIsNew) {
  auto lines = LawfulStream();
  std::vector<std::string> head(lines.begin(), lines.begin() + 100);
  std::vector<std::string> tail(lines.begin() + 100, lines.end());
  WriteEvents(head);
  CollectingSink sink;
  std::vector<std::string> diagnostics;
  auto first = Run(store_.get(), "tail", &sink, &diagnostics);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->events_this_run, 100u);
  WriteEvents(tail, /*append=*/true);
  auto second = Run(store_.get(), "tail", &sink, &diagnostics);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->skipped_as_applied, 100u);
  EXPECT_EQ(second->events_this_run, tail.size());
  EXPECT_EQ(second->position.events, lines.size());
  EXPECT_TRUE(sink.alerts.empty());
}

// The position of a durable consumer is a line number of one file: another file under the same
// name (rewritten, rotated) must not have its first lines skipped as already applied.
TEST_F(RunnerTest, ADurableConsumerRefusesAnotherInputUnderTheSameName) {
  WriteEvents({Event(Hour(22, 1), "Day1 Ltd", "analytics", {"contact"}, {}, 3)});
  CollectingSink sink;
  std::vector<std::string> diagnostics;
  ASSERT_TRUE(Run(store_.get(), "gw", &sink, &diagnostics).ok());
  ASSERT_EQ(sink.alerts.size(), 1u);
  WriteEvents({Event(Hour(23, 1), "Day2 Ltd", "analytics", {"contact"}, {}, 3)});  // in place
  auto second = Run(store_.get(), "gw", &sink, &diagnostics);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(second.error().message.find("monitor 'gw' committed event 1 of another input"),
            std::string::npos)
      << second.error().message;
  EXPECT_EQ(sink.alerts.size(), 1u);
  // Under another name the new file is read from its start.
  ASSERT_TRUE(Run(store_.get(), "gw-2", &sink, &diagnostics).ok());
  ASSERT_EQ(sink.alerts.size(), 2u);
  EXPECT_EQ(sink.alerts[1].event_ref, std::filesystem::path(events_).filename().string() + "#1");
  EXPECT_NE(sink.alerts[1].recipient, sink.alerts[0].recipient);
}

TEST_F(RunnerTest, StdinCannotKeepADurablePosition) {
  Status s = CheckResumable(std::nullopt, "", "gw", "stdin");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(s.error().message.find("cannot keep a position in stdin"), std::string::npos);
  EXPECT_TRUE(CheckResumable(std::nullopt, "nats:EGRESS", "gw", "EGRESS").ok());
  MonitorPosition from_file;
  from_file.last_sequence = 12;
  from_file.source = "file:1:2:abcd";
  EXPECT_FALSE(CheckResumable(from_file, "nats:EGRESS", "gw", "EGRESS").ok());
}

// Without a consumer nothing says what an earlier run recorded but the ledger itself: the same
// events run again do not append the same alerts again.
TEST_F(RunnerTest, RunsWithoutAConsumerDoNotRecordTheSameAlertsTwice) {
  WriteEvents(Stream());
  CollectingSink sink;
  std::vector<std::string> diagnostics;
  ASSERT_TRUE(Run(store_.get(), "", &sink, &diagnostics).ok());
  auto again = Run(store_.get(), "", &sink, &diagnostics);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->alerts_already_recorded, 2u);
  EXPECT_EQ(LedgerAlerts().size(), 2u);
  for (const auto& [key, n] : LedgerAlerts()) EXPECT_EQ(n, 1) << key;
}

TEST_F(RunnerTest, WithoutAConsumerNothingIsStored) {
  WriteEvents(Stream());
  CollectingSink sink;
  std::vector<std::string> diagnostics;
  ASSERT_TRUE(Run(store_.get(), "", &sink, &diagnostics).ok());
  auto consumers = store_->Consumers();
  ASSERT_TRUE(consumers.ok());
  EXPECT_TRUE(consumers->empty());
  EXPECT_EQ(sink.alerts.size(), 2u);
}

}  // namespace
}  // namespace xb::monitor
