// The JetStream source and publisher against a real nats-server on loopback (nats_test_util.h).
#include "monitor/nats_source.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <set>

#include "monitor/nats_test_util.h"

namespace xb::monitor {
namespace {

using testing::NatsServer;

std::string EventFor(const std::string& exporter, int i) {
  return R"({"time":"2026-11-25T10:00:00+08:00","exporter":")" + exporter +
         R"(","recipient":"R","purpose":"analytics","records":)" + std::to_string(i) + "}";
}

class NatsSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("xb-nats-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string WriteEvents(const std::vector<std::string>& lines) {
    std::string path = (dir_ / "events.jsonl").string();
    std::ofstream out(path);
    for (const auto& l : lines) out << l << "\n";
    return path;
  }

  // Everything the source delivers until it has been quiet for a while.
  static std::vector<std::pair<uint64_t, std::string>> Drain(EventSource& source) {
    std::vector<std::pair<uint64_t, std::string>> got;
    std::vector<RawEvent> batch;
    for (int quiet = 0; quiet < 3;) {
      Status s = source.Next(100, std::chrono::milliseconds(300), &batch);
      EXPECT_TRUE(s.ok()) << s.error().ToString();
      if (batch.empty()) {
        ++quiet;
        continue;
      }
      quiet = 0;
      for (const RawEvent& e : batch) got.emplace_back(e.sequence, std::string(e.text));
    }
    return got;
  }

  std::filesystem::path dir_;
};

TEST_F(NatsSourceTest, PublishesAndConsumesInOrder) {
  NatsServer server;
  XB_START_NATS_OR_RETURN(server);
  auto address = ParseNatsUrl(server.Url("EGRESS"));
  ASSERT_TRUE(address.ok());
  std::vector<std::string> lines;
  for (int i = 1; i <= 5; ++i) lines.push_back(EventFor("A", i));
  lines.insert(lines.begin() + 2, "");  // blank lines are not events
  auto report = PublishEvents(*address, WriteEvents(lines), 1, {});
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  EXPECT_EQ(report->published, 5u);
  EXPECT_EQ(report->first_sequence, 1u);
  EXPECT_EQ(report->last_sequence, 5u);

  NatsOptions options;
  options.durable = "reader";
  auto source = OpenNatsSource(*address, options);
  ASSERT_TRUE(source.ok()) << source.error().ToString();
  auto got = Drain(**source);
  ASSERT_EQ(got.size(), 5u);
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].first, i + 1);
    EXPECT_EQ(got[i].second, EventFor("A", static_cast<int>(i) + 1));
  }
  EXPECT_EQ((*source)->name(), "EGRESS");
  ASSERT_TRUE((*source)->Acknowledge().ok());
}

// What a restarted monitor gets: exactly the events after its committed sequence, at once and
// in order, whatever it had fetched and not acknowledged before it died.
TEST_F(NatsSourceTest, AResumedConsumerStartsAfterTheCommittedSequence) {
  NatsServer server;
  XB_START_NATS_OR_RETURN(server);
  auto address = ParseNatsUrl(server.Url("EGRESS"));
  std::vector<std::string> lines;
  for (int i = 1; i <= 8; ++i) lines.push_back(EventFor("A", i));
  ASSERT_TRUE(PublishEvents(*address, WriteEvents(lines), 1, {}).ok());
  NatsOptions options;
  options.durable = "resumer";
  {
    auto first = OpenNatsSource(*address, options);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(Drain(**first).size(), 8u);  // fetched, never acknowledged: "killed"
  }
  options.start_after = 3;
  auto again = OpenNatsSource(*address, options);
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  auto start = std::chrono::steady_clock::now();
  auto got = Drain(**again);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));  // no ack wait
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(got.front().first, 4u);
  EXPECT_EQ(got.back().first, 8u);
}

TEST_F(NatsSourceTest, PartitionsSplitTheStreamByExporter) {
  NatsServer server;
  XB_START_NATS_OR_RETURN(server);
  auto address = ParseNatsUrl(server.Url("EGRESS"));
  const std::vector<std::string> exporters = {"Alpha Co.", "Beta Ltd", "Gamma GmbH", "Delta Inc."};
  std::vector<std::string> lines;
  for (int i = 0; i < 40; ++i) lines.push_back(EventFor(exporters[i % 4], i));
  auto report = PublishEvents(*address, WriteEvents(lines), 2, {});
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  std::map<std::string, std::set<std::string>> partitions_of;  // exporter -> partitions
  size_t total = 0;
  for (const char* p : {"0", "1"}) {
    NatsOptions options;
    options.durable = std::string("part") + p;
    options.partition = p;
    auto source = OpenNatsSource(*address, options);
    ASSERT_TRUE(source.ok()) << source.error().ToString();
    for (const auto& [seq, text] : Drain(**source)) {
      ++total;
      for (const auto& e : exporters) {
        if (text.find(e) != std::string::npos) partitions_of[e].insert(p);
      }
    }
  }
  EXPECT_EQ(total, 40u);  // every event read once, by one of the two
  ASSERT_EQ(partitions_of.size(), 4u);
  for (const auto& [exporter, parts] : partitions_of) {
    EXPECT_EQ(parts.size(), 1u) << exporter;  // an exporter lives in one partition
    EXPECT_EQ(*parts.begin(), PartitionOf(exporter, 2));
  }
}

// Issue #15 review 15b, finding 5: the publisher reads the exporter as the monitor does (keys
// unescaped), so an event spelling the key "\u0065xporter" is counted with its exporter's other
// events; a malformed event goes to partition 0.
TEST_F(NatsSourceTest, AnEscapedKeyLandsInItsExportersPartition) {
  NatsServer server;
  XB_START_NATS_OR_RETURN(server);
  auto address = ParseNatsUrl(server.Url("EGRESS"));
  // An exporter of partition 0, which an unread exporter ("") does not get; and a malformed
  // event naming an exporter of partition 1.
  std::string exporter = "A Co.", other = "B Co.";
  ASSERT_EQ(PartitionOf("", 2), "1");
  while (PartitionOf(exporter, 2) != "0") exporter += "+";
  while (PartitionOf(other, 2) != "1") other += "+";
  std::string escaped = EventFor(exporter, 2);
  escaped.replace(escaped.find("\"exporter\""), 10, R"("\u0065xporter")");
  std::string malformed = EventFor(other, 3);
  const std::string time = R"("time":"2026-11-25T10:00:00+08:00",)";
  malformed.erase(malformed.find(time), time.size());  // missing_field: time
  auto report =
      PublishEvents(*address, WriteEvents({EventFor(exporter, 1), escaped, malformed}), 2, {});
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  std::map<std::string, std::vector<uint64_t>> by_partition;
  for (const char* p : {"0", "1"}) {
    NatsOptions options;
    options.durable = std::string("esc") + p;
    options.partition = p;
    auto source = OpenNatsSource(*address, options);
    ASSERT_TRUE(source.ok()) << source.error().ToString();
    for (const auto& [seq, text] : Drain(**source)) by_partition[p].push_back(seq);
  }
  EXPECT_EQ(by_partition["0"], (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_TRUE(by_partition["1"].empty());
}

TEST_F(NatsSourceTest, ATooLargeLineIsNotPublishedButCountedByLine) {
  NatsServer server;
  XB_START_NATS_OR_RETURN(server);
  auto address = ParseNatsUrl(server.Url("EGRESS"));
  const std::string huge = R"({"exporter":")" + std::string(3 << 20, 'x') + R"("})";
  auto report = PublishEvents(
      *address, WriteEvents({EventFor("A", 1), huge, EventFor("A", 3), "", EventFor("A", 5)}), 1,
      {});
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  EXPECT_EQ(report->published, 3u);
  EXPECT_EQ(report->too_large, 1u);
  EXPECT_EQ(report->too_large_lines, (std::vector<uint64_t>{2}));
}

TEST_F(NatsSourceTest, ASecondStreamOnOneServerNamesTheStreamToUse) {
  NatsServer server;
  XB_START_NATS_OR_RETURN(server);
  auto first = ParseNatsUrl(server.Url("EGRESS"));
  ASSERT_TRUE(PublishEvents(*first, WriteEvents({EventFor("A", 1)}), 1, {}).ok());
  auto second = ParseNatsUrl(server.Url("KILL"));
  auto report = PublishEvents(*second, WriteEvents({EventFor("A", 1)}), 1, {});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ErrorCode::kInvalidArgument);
  const std::string& m = report.error().message;
  EXPECT_NE(m.find("stream EGRESS on this server already captures xborder.egress.>"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("use " + first->server + "/EGRESS"), std::string::npos) << m;
  EXPECT_EQ(OpenNatsSource(*second, {}).error().code, ErrorCode::kInvalidArgument);
}

TEST_F(NatsSourceTest, AnUnreachableServerIsAnErrorAfterBoundedRetries) {
  NatsServer server;  // not started: its port is free
  std::string why;
  auto address = ParseNatsUrl("nats://127.0.0.1:1/EGRESS");
  ASSERT_TRUE(address.ok());
  NatsOptions options;
  options.connect_attempts = 3;
  auto start = std::chrono::steady_clock::now();
  auto source = OpenNatsSource(*address, options);
  ASSERT_FALSE(source.ok());
  EXPECT_EQ(source.error().code, ErrorCode::kIo);
  EXPECT_NE(source.error().message.find("nats://127.0.0.1:1"), std::string::npos);
  EXPECT_NE(source.error().message.find("after 3 attempts"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(NatsUrl, ParsesServerAndStream) {
  auto a = ParseNatsUrl("nats://10.0.0.5:4222/EGRESS");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->server, "nats://10.0.0.5:4222");
  EXPECT_EQ(a->stream, "EGRESS");
  for (const char* bad :
       {"http://x:1/S", "nats://x:1", "nats://x:1/", "nats:///S", "nats://x/a.b"}) {
    EXPECT_FALSE(ParseNatsUrl(bad).ok()) << bad;
  }
  EXPECT_EQ(PartitionOf("anything", 1), "0");
  EXPECT_EQ(PartitionOf("Beta Ltd", 3), PartitionOf("Beta Ltd", 3));
}

}  // namespace
}  // namespace xb::monitor
