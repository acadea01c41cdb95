// `xborder monitor` through the binary, after the bundled HR example: a file of events, and a
// NATS JetStream stream (a real nats-server on loopback) through kill -9 and restarts, with
// every individual counted once.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "cli/hr_example_test_util.h"
#include "monitor/nats_test_util.h"

extern char** environ;

namespace xb::cli::testing {
namespace {
using nlohmann::json;

constexpr char kExporter[] = "Shanghai Huaxin Trading Co., Ltd.";

// A US analytics firm the example's exporter sends customer contacts to, registered with its
// flow: a counted path (no transfer made it exempt).
constexpr char kAnalytics[] = R"(id: example-analytics
name: Example Analytics Inc.
country: US
purposes: [analytics]
categories: [contact]
flows:
  - {id: crm-feed, exporter: "Shanghai Huaxin Trading Co., Ltd.", purpose: analytics,
     categories: [contact], systems: [crm]}
)";

class MonitorCommandTest : public HrExampleTest {
 protected:
  void SetUp() override {
    HrExampleTest::SetUp();
    if (HasFatalFailure()) return;
    std::ofstream(dir_ + "/analytics.yaml") << kAnalytics;
    RunResult r = Run({"recipients", "add", "--file", dir_ + "/analytics.yaml"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  static std::string Event(int minute, const std::string& recipient, const std::string& purpose,
                           std::vector<std::string> categories, std::vector<std::string> subjects,
                           const std::string& system) {
    // A week from 2026-11-20 00:00 Beijing time, one minute at a time.
    int day = 20 + minute / 1440, hour = minute % 1440 / 60, min = minute % 60;
    char time[64];
    std::snprintf(time, sizeof time, "2026-11-%02dT%02d:%02d:00+08:00", day, hour, min);
    return json{{"time", time},       {"exporter", kExporter},    {"recipient", recipient},
                {"purpose", purpose}, {"categories", categories}, {"subjects", subjects},
                {"records", 1},       {"system", system}}
        .dump();
  }

  // `n` events of the CRM feed spread evenly over a week, two customers each from a pool of
  // `pool` (the first of each event's two is different for every event while n <= pool);
  // *distinct receives how many different customers they name.
  std::vector<std::string> CrmFeed(int n, size_t* distinct, int64_t pool = 40000) {
    std::set<std::string> people;
    std::vector<std::string> lines;
    for (int i = 0; i < n; ++i) {
      std::string a = "CUST-" + std::to_string((i * 7919LL) % pool);
      std::string b = "CUST-" + std::to_string((i * 104729LL + 1) % pool);
      people.insert(a);
      people.insert(b);
      lines.push_back(Event(static_cast<int>(i * 10080LL / n), "example-analytics", "analytics",
                            {"contact"}, {a, b}, "crm"));
    }
    *distinct = people.size();
    return lines;
  }

  std::string WriteLines(const std::string& name, const std::vector<std::string>& lines) {
    std::string path = dir_ + "/" + name;
    std::ofstream out(path);
    for (const auto& l : lines) out << l << "\n";
    return path;
  }

  std::vector<std::string> Global() {
    return {"--db", dir_ + "/xborder.db", "--key-file", dir_ + "/xborder.key", "--format", "json"};
  }

  // Starts xborder in the background, stdout and stderr to files.
  pid_t Spawn(std::vector<std::string> args, const std::string& out) {
    std::vector<std::string> all = {XB_CLI_BINARY};
    for (const auto& g : Global()) all.push_back(g);
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, (out + ".err").c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0600);
    pid_t pid = -1;
    int rc = ::posix_spawn(&pid, XB_CLI_BINARY, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    EXPECT_EQ(rc, 0);
    return pid;
  }

  uint64_t AppliedSequence(const std::string& consumer) {
    RunResult s = Run({"monitor", "status", "--durable", consumer});
    if (s.exit_code != 0) return 0;
    return json::parse(s.out)["consumers"][0]["last_sequence"];
  }

  // Alert entries of the ledger: (kind event_ref) -> how many.
  std::map<std::string, int> LedgerAlerts() {
    std::map<std::string, int> out;
    RunResult exported = Run({"ledger", "export"});
    std::istringstream lines(exported.out);
    std::string line;
    while (std::getline(lines, line)) {
      auto j = json::parse(line);
      if (j["type"] == "alert")
        ++out[j["kind"].get<std::string>() + " " + j["event_ref"].get<std::string>()];
    }
    return out;
  }
};

TEST_F(MonitorCommandTest, FileOfEventsAfterTheExample) {
  Employees e = SplitByConsent(3);
  std::vector<std::string> lines = {
      Event(600, "Huaxin Holding GmbH", "hr_management", {"identity", "contact"}, {e.sent[0]},
            "hr-sync"),
      Event(601, "huaxin-holding", "hr_management", {"identity"}, {e.sent[1]}, "hr-sync"),
      "{\"time\": 1}",
      Event(603, "Unknown Ltd", "marketing", {"contact"}, {e.sent[2]}, "crm"),
      "not json " + e.sent[0],
      Event(605, "Huaxin Holding GmbH", "hr_management", {"identity", "health"}, {}, "hr-sync"),
  };
  RunResult r = Run({"monitor", "--source", WriteLines("events.jsonl", lines)});
  EXPECT_EQ(r.exit_code, 1) << r.err;  // alerts were raised
  std::vector<json> alerts;
  std::istringstream out(r.out);
  std::string line;
  while (std::getline(out, line)) alerts.push_back(json::parse(line));
  ASSERT_EQ(alerts.size(), 2u) << r.out;
  EXPECT_EQ(alerts[0]["kind"], "unplanned_flow");
  EXPECT_EQ(alerts[0]["event_ref"], "events.jsonl#4");  // never the folder it was read from
  EXPECT_EQ(alerts[1]["kind"], "categories_beyond_plan");
  for (const char* key :
       {"time", "kind", "severity", "exporter", "recipient", "detail", "event_ref"})
    EXPECT_TRUE(alerts[0].contains(key)) << key;
  EXPECT_NE(r.err.find("events.jsonl#3 is malformed (wrong_type, field 'time')"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("events.jsonl#5 is malformed (not_json)"), std::string::npos) << r.err;
  for (const auto& id : e.sent) {
    EXPECT_EQ(r.out.find(id), std::string::npos);
    EXPECT_EQ(r.err.find(id), std::string::npos);
  }
  EXPECT_EQ(LedgerAlerts().size(), 2u);
  EXPECT_EQ(Run({"ledger", "verify"}).exit_code, 0);

  // Lawful events only: exit 0, nothing printed.
  RunResult quiet = Run({"monitor", "--source", WriteLines("lawful.jsonl", {lines[0], lines[1]})});
  EXPECT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_TRUE(quiet.out.empty());
}

TEST_F(MonitorCommandTest, BadSourcesAreBadInput) {
  EXPECT_EQ(Run({"monitor"}).exit_code, 2);
  EXPECT_EQ(Run({"monitor", "--source", dir_ + "/missing.jsonl"}).exit_code, 2);
  EXPECT_EQ(Run({"monitor", "--source", "nats://127.0.0.1:1"}).exit_code, 2);  // no stream
  auto start = std::chrono::steady_clock::now();
  RunResult unreachable = Run({"monitor", "--source", "nats://127.0.0.1:1/EGRESS",
                               "--connect-attempts", "2", "--until-idle", "1"});
  EXPECT_EQ(unreachable.exit_code, 2);
  EXPECT_NE(unreachable.err.find("cannot reach the NATS server at nats://127.0.0.1:1"),
            std::string::npos)
      << unreachable.err;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

// The scale-out contract: a monitor killed with SIGKILL and restarted resumes without losing or
// double-counting an event, and records each alert once. The stream is published in chunks, and
// each round kills the monitor as soon as it has committed part of what is waiting; a round the
// monitor outran (it had applied everything when the kill landed) publishes another chunk and
// tries again, so the test holds on a fast machine and a loaded one alike.
TEST_F(MonitorCommandTest, KillNineAndRestartCountsEveryIndividualOnce) {
  monitor::testing::NatsServer server;
  XB_START_NATS_OR_RETURN(server);
  size_t unused = 0;
  // 60,000 customers: a lost event loses a customer no other event names, and the year's count
  // stays under 80% of the 100,000 threshold (no threshold alert).
  std::vector<std::string> feed = CrmFeed(150000, &unused, 60000);
  feed.insert(feed.begin() + 10000,
              Event(7000, "Unknown Ltd", "marketing", {"contact"}, {}, "crm"));
  const std::string url = server.Url("EGRESS");
  const size_t chunk = 25000;
  size_t published = 0;
  auto publish_chunk = [&] {
    std::vector<std::string> part(feed.begin() + static_cast<std::ptrdiff_t>(published),
                                  feed.begin() + static_cast<std::ptrdiff_t>(published + chunk));
    RunResult r = Run({"monitor", "--publish", url, "--source", WriteLines("chunk.jsonl", part)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    published += chunk;
  };

  const std::string out = dir_ + "/alerts.jsonl";
  int killed_mid_stream = 0;
  uint64_t before = 0;
  for (int round = 0; round < 5 && killed_mid_stream < 2; ++round) {
    publish_chunk();
    if (HasFatalFailure()) return;
    pid_t pid = Spawn({"monitor", "--source", url, "--durable", "k", "--until-idle", "30"}, out);
    // Kill it as soon as it has committed something more than before.
    uint64_t applied = before;
    for (int i = 0; i < 1000 && applied <= before; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      applied = AppliedSequence("k");
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the monitor ended on its own: " << status;
    uint64_t killed_at = AppliedSequence("k");
    ASSERT_GT(killed_at, before) << "the monitor committed nothing in 10 s";
    if (killed_at < published) ++killed_mid_stream;
    before = killed_at;
  }
  ASSERT_EQ(killed_mid_stream, 2) << "the monitor always finished before the kill landed";
  RunResult last = Run({"monitor", "--source", url, "--durable", "k", "--until-idle", "2"});
  ASSERT_LE(last.exit_code, 1) << last.err;

  std::set<std::string> people;
  for (size_t i = 0; i < published; ++i) {
    const json event = json::parse(feed[i]);
    for (const auto& s : event["subjects"]) people.insert(s.get<std::string>());
  }
  RunResult status = Run({"monitor", "status", "--durable", "k"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  auto c = json::parse(status.out)["consumers"][0];
  EXPECT_EQ(c["last_sequence"], published);
  EXPECT_EQ(c["events"], published);  // every event applied exactly once
  ASSERT_EQ(c["year_to_date"].size(), 1u);
  EXPECT_EQ(c["year_to_date"][0]["exporter"], kExporter);
  EXPECT_EQ(c["year_to_date"][0]["individuals"], people.size());  // every individual once

  auto alerts = LedgerAlerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts.begin()->first, "unplanned_flow EGRESS#10001");
  EXPECT_EQ(alerts.begin()->second, 1);
  EXPECT_EQ(Run({"ledger", "verify"}).exit_code, 0);
}

// Two monitors, one per partition, share the stream: each event is applied by one of them and
// each exporter is counted by one of them.
TEST_F(MonitorCommandTest, OneMonitorPerPartition) {
  monitor::testing::NatsServer server;
  XB_START_NATS_OR_RETURN(server);
  size_t distinct = 0;
  std::vector<std::string> lines = CrmFeed(2000, &distinct);
  for (int i = 0; i < 500; ++i) {  // a second exporter, unplanned
    json j = json::parse(lines[static_cast<size_t>(i)]);
    j["exporter"] = "Beijing Other Co., Ltd.";
    j["recipient"] = "Someone Else Ltd";
    j["time"] = "2026-11-21T09:00:00+08:00";  // one day: one unplanned_flow alert
    lines.push_back(j.dump());
  }
  const std::string url = server.Url("EGRESS");
  ASSERT_EQ(Run({"monitor", "--publish", url, "--source", WriteLines("two.jsonl", lines),
                 "--partitions", "2"})
                .exit_code,
            0);
  uint64_t events = 0;
  std::set<std::string> exporters;
  for (const char* p : {"0", "1"}) {
    RunResult r = Run({"monitor", "--source", url, "--partition", p, "--durable",
                       std::string("part-") + p, "--until-idle", "2"});
    ASSERT_LE(r.exit_code, 1) << r.err;
    auto c = json::parse(
        Run({"monitor", "status", "--durable", std::string("part-") + p}).out)["consumers"][0];
    events += c["events"].get<uint64_t>();
    for (const auto& y : c["year_to_date"]) {
      EXPECT_TRUE(exporters.insert(y["exporter"].get<std::string>()).second)
          << "an exporter counted in two partitions";
    }
  }
  EXPECT_EQ(events, lines.size());
  EXPECT_EQ(exporters.size(), 2u);
  EXPECT_EQ(LedgerAlerts().size(), 1u);  // the unplanned flow, raised by one monitor, once
}

// `keys rotate --subject` re-keys what the monitor remembers: the same customers seen again
// after the rotation are not counted again.
TEST_F(MonitorCommandTest, ASubjectKeyRotationKeepsTheMonitorsCounts) {
  size_t distinct = 0;
  std::vector<std::string> lines = CrmFeed(200, &distinct, 150);
  const std::string file = WriteLines("feed.jsonl", lines);
  ASSERT_LE(Run({"monitor", "--source", file, "--durable", "r"}).exit_code, 1);
  auto count = [&] {
    RunResult s = Run({"monitor", "status", "--durable", "r"});
    EXPECT_EQ(s.exit_code, 0) << s.err;
    return json::parse(s.out)["consumers"][0]["year_to_date"][0]["individuals"].get<int64_t>();
  };
  const int64_t before = count();
  ASSERT_GE(before, static_cast<int64_t>(distinct));

  RunResult rotated = Run({"keys", "rotate", "--subject"});
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
  EXPECT_EQ(json::parse(rotated.out)["monitor_hashes_rekeyed"], static_cast<int64_t>(distinct));
  EXPECT_EQ(count(), before);
  {
    std::ofstream again(file, std::ios::app);  // the same people, in new events
    for (const std::string& l : lines) again << l << "\n";
  }
  ASSERT_LE(Run({"monitor", "--source", file, "--durable", "r"}).exit_code, 1);
  EXPECT_EQ(count(), before);
}

// Review 15c, finding 1, from the outside: an exporter no transfer or flow names sends data,
// its flow is then registered, and it sends more. `monitor status` shows one year-to-date row
// with the sum, first by keyed hash, then by the name the registry knows.
TEST_F(MonitorCommandTest, StatusCountsAnExporterAsOneAcrossTheRegistrationOfItsFlow) {
  auto batch = [&](int first) {
    std::vector<std::string> lines;
    for (int i = first; i < first + 10; ++i) {
      json j = json::parse(Event(i, "Acme Inc.", "marketing", {"contact"},
                                 {"N-" + std::to_string(2 * i), "N-" + std::to_string(2 * i + 1)},
                                 "crm"));
      j["exporter"] = "NewCo Ltd.";
      lines.push_back(j.dump());
    }
    return lines;
  };
  auto year_to_date = [&]() {
    RunResult s = Run({"monitor", "status", "--durable", "n"});
    EXPECT_EQ(s.exit_code, 0) << s.err;
    return s.exit_code == 0 ? json::parse(s.out)["consumers"][0]["year_to_date"] : json();
  };
  std::vector<std::string> lines = batch(0);
  const std::string events = WriteLines("newco.jsonl", lines);
  Run({"monitor", "--source", events, "--durable", "n"});
  json before = year_to_date();
  ASSERT_EQ(before.size(), 1u) << before.dump();
  EXPECT_EQ(before[0]["exporter"].get<std::string>().rfind("unregistered exporter #", 0), 0u);
  EXPECT_EQ(before[0]["individuals"], 20);

  std::ofstream(dir_ + "/acme.yaml") << R"(id: acme
name: Acme Inc.
country: US
purposes: [marketing]
categories: [contact]
flows:
  - {id: newco, exporter: "NewCo Ltd.", purpose: marketing, categories: [contact]}
)";
  RunResult added = Run({"recipients", "add", "--file", dir_ + "/acme.yaml"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  for (const std::string& l : batch(10)) lines.push_back(l);
  WriteLines("newco.jsonl", lines);
  Run({"monitor", "--source", events, "--durable", "n"});
  json after = year_to_date();
  ASSERT_EQ(after.size(), 1u) << after.dump();
  EXPECT_EQ(after[0]["exporter"], "NewCo Ltd.");
  EXPECT_EQ(after[0]["individuals"], 40);
}

}  // namespace
}  // namespace xb::cli::testing
