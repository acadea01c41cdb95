#include "server/alert_query.h"

#include <gtest/gtest.h>

namespace xb::server {
namespace {

httplib::Request With(std::initializer_list<std::pair<std::string, std::string>> params) {
  httplib::Request req;
  for (const auto& [k, v] : params) req.params.emplace(k, v);
  return req;
}

EntrySummary Alert(uint64_t index, std::string kind, std::string exporter, std::string time) {
  EntrySummary e;
  e.index = index;
  e.type = "alert";
  e.alert_kind = std::move(kind);
  e.exporter = std::move(exporter);
  e.time = std::move(time);
  return e;
}

TEST(AlertQuery, FiltersByKindExporterAndYear) {
  LedgerSnapshot snap;
  snap.entries = {Alert(0, "unplanned_flow", "A Co.", "2026-11-25T10:00+08:00"), EntrySummary{},
                  Alert(2, "volume_anomaly", "A Co.", "2025-12-31T23:00+08:00"),
                  Alert(3, "unplanned_flow", "B Co.", "2026-01-01T00:10+08:00")};
  snap.entries[1].index = 1;
  snap.entries[1].type = "transfer";
  snap.alerts = {0, 2, 3};
  auto all = ParseAlertQuery(With({}));
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(MatchingAlerts(snap, *all), (std::vector<uint64_t>{0, 2, 3}));
  auto kind = ParseAlertQuery(With({{"kind", "unplanned_flow"}}));
  ASSERT_TRUE(kind.ok());
  EXPECT_EQ(MatchingAlerts(snap, *kind), (std::vector<uint64_t>{0, 3}));
  auto both = ParseAlertQuery(With({{"kind", "unplanned_flow"}, {"exporter", "B Co."}}));
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(MatchingAlerts(snap, *both), (std::vector<uint64_t>{3}));
  auto year = ParseAlertQuery(With({{"year", "2025"}}));
  ASSERT_TRUE(year.ok());
  EXPECT_EQ(MatchingAlerts(snap, *year), (std::vector<uint64_t>{2}));
  auto empty = ParseAlertQuery(With({{"kind", ""}, {"exporter", ""}, {"year", ""}}));
  ASSERT_TRUE(empty.ok()) << "an empty field of the page's form does not filter";
  EXPECT_EQ(MatchingAlerts(snap, *empty).size(), 3u);
}

// Issue #15 review 15b, finding 6: years are the PRC calendar's, as the monitor counts them.
TEST(AlertQuery, TheYearIsThePrcCalendarYear) {
  LedgerSnapshot snap;
  snap.entries = {Alert(0, "unplanned_flow", "A Co.", "2026-12-31T20:00-05:00"),  // 2027 in Beijing
                  Alert(1, "unplanned_flow", "A Co.", "2027-01-01T07:59+08:00"),
                  Alert(2, "unplanned_flow", "A Co.", "2026-12-31T15:59Z"),  // 23:59 in Beijing
                  Alert(3, "unplanned_flow", "A Co.", "not a time")};
  snap.alerts = {0, 1, 2, 3};
  auto y2027 = ParseAlertQuery(With({{"year", "2027"}}));
  ASSERT_TRUE(y2027.ok());
  EXPECT_EQ(MatchingAlerts(snap, *y2027), (std::vector<uint64_t>{0, 1}));
  auto y2026 = ParseAlertQuery(With({{"year", "2026"}}));
  ASSERT_TRUE(y2026.ok());
  EXPECT_EQ(MatchingAlerts(snap, *y2026), (std::vector<uint64_t>{2}));
}

TEST(AlertQuery, BadParametersAreNamedNotQuoted) {
  auto kind = ParseAlertQuery(With({{"kind", "<b>zhang.wei@example.cn"}}));
  ASSERT_FALSE(kind.ok());
  EXPECT_EQ(kind.error().code, ErrorCode::kParse);
  EXPECT_EQ(kind.error().where.field, "kind");
  EXPECT_EQ(kind.error().message.find("zhang"), std::string::npos);
  for (const char* bad : {"1899", "20x6", "-1", "10000"}) {
    auto year = ParseAlertQuery(With({{"year", bad}}));
    ASSERT_FALSE(year.ok()) << bad;
    EXPECT_EQ(year.error().where.field, "year");
  }
}

}  // namespace
}  // namespace xb::server
