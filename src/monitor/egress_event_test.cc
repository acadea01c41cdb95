#include "monitor/egress_event.h"

#include <gtest/gtest.h>

namespace xb::monitor {
namespace {

constexpr char kEvent[] =
    R"({"time": "2026-11-25T10:00:00+08:00", "exporter": "Shanghai Huaxin Trading Co., Ltd.",
        "recipient": "Huaxin Holding GmbH", "country": "DE", "purpose": "hr_management",
        "categories": ["identity", "contact"], "subjects": ["350922199208221290", "x"],
        "records": 120, "bytes": 48000, "system": "hr-sync", "flow": "hr-sync", "extra": [1, {}]})";

TEST(EgressEvent, ReadsTheDesignExample) {
  EventParser parser;
  EgressEvent e;
  auto bad = parser.Parse(kEvent, &e);
  ASSERT_FALSE(bad.has_value()) << MalformedKindName(bad->kind) << " " << bad->field;
  EXPECT_EQ(e.time.ToUtcString(), "2026-11-25T02:00Z");
  EXPECT_EQ(e.exporter, "Shanghai Huaxin Trading Co., Ltd.");
  EXPECT_EQ(e.country, "DE");
  EXPECT_EQ(e.categories, CategoryBit("identity") | CategoryBit("contact"));
  ASSERT_EQ(e.subjects.size(), 2u);
  EXPECT_EQ(e.subjects[0], "350922199208221290");
  EXPECT_EQ(e.records, 120);
  EXPECT_EQ(e.bytes, 48000);
  EXPECT_EQ(e.system, "hr-sync");

  // The parser's buffers are reused: a smaller event leaves nothing of the first behind.
  ASSERT_FALSE(parser.Parse(R"({"time":"2026-11-25T10:00Z","exporter":"A","recipient":"B",
                                "purpose":"analytics"})",
                            &e));
  EXPECT_TRUE(e.subjects.empty());
  EXPECT_EQ(e.categories, 0u);
  EXPECT_TRUE(e.country.empty());
  EXPECT_EQ(e.records, 0);
}

struct BadCase {
  std::string text;
  MalformedKind kind;
  const char* field;
};

TEST(EgressEvent, MalformedEventsSayKindAndField) {
  const std::string ok_head = R"({"time":"2026-11-25T10:00Z","exporter":"A","recipient":"B",)";
  const BadCase cases[] = {
      {"not json", MalformedKind::kNotJson, ""},
      {"[1, 2]", MalformedKind::kNotJson, ""},
      {R"({"time":"2026-11-25T10:00Z","exporter":"A","recipient":"B","purpose":"x"} trailing)",
       MalformedKind::kNotJson, ""},
      {R"({"exporter":"A","recipient":"B","purpose":"x"})", MalformedKind::kMissingField, "time"},
      {R"({"time":"2026-11-25T10:00Z","recipient":"B","purpose":"x"})",
       MalformedKind::kMissingField, "exporter"},
      {R"({"time":"2026-11-25","exporter":"A","recipient":"B","purpose":"x"})",
       MalformedKind::kBadTime, "time"},
      {R"({"time":20261125,"exporter":"A","recipient":"B","purpose":"x"})",
       MalformedKind::kWrongType, "time"},
      {R"({"time":"2026-11-25T10:00Z","exporter":"A","recipient":"B","purpose":"x",
           "categories":["identity","salary"]})",
       MalformedKind::kUnknownCategory, "categories"},
      {R"({"time":"2026-11-25T10:00Z","exporter":"A","recipient":"B","purpose":"x",
           "subjects":[12345]})",
       MalformedKind::kWrongType, "subjects"},
      // A member given twice: neither value is taken.
      {R"({"time":"2026-11-25T10:00Z","exporter":"A","recipient":"B","purpose":"analytics",
           "subjects":["aa"],"subjects":[]})",
       MalformedKind::kRepeatedField, "subjects"},
      {R"({"time":"2026-11-25T10:00Z","exporter":"A","recipient":"B","purpose":"analytics",
           "categories":["health"],"categories":["contact"]})",
       MalformedKind::kRepeatedField, "categories"},
      {R"({"time":"2026-11-25T10:00Z","exporter":"A","exporter":"C","recipient":"B",
           "purpose":"analytics"})",
       MalformedKind::kRepeatedField, "exporter"},
      {R"({"time":"2026-11-25T10:00Z","exporter":"A","recipient":"B","purpose":"x",
           "records":-1})",
       MalformedKind::kWrongType, "records"},
      {R"({"time":"2026-11-25T10:00Z","exporter":"A","recipient":"B","purpose":"x",
           "records":1.5})",
       MalformedKind::kWrongType, "records"},
      // Counts far beyond any event's (sums of them must not overflow).
      {R"({"time":"2026-11-25T10:00Z","exporter":"A","recipient":"B","purpose":"analytics",
           "records":9223372036854775000})",
       MalformedKind::kWrongType, "records"},
      {R"({"time":"2026-11-25T10:00Z","exporter":"A","recipient":"B","purpose":"analytics",
           "bytes":1099511627777})",
       MalformedKind::kWrongType, "bytes"},
      // Free text where a vetted value belongs (a gateway mapping a field wrongly): it would
      // reach alerts and the ledger.
      {R"({"time":"2026-11-25T10:00Z","exporter":"A","recipient":"B","purpose":"analytics",
           "country":"13800138000"})",
       MalformedKind::kUnknownValue, "country"},
      {R"({"time":"2026-11-25T10:00Z","exporter":"A","recipient":"B","purpose":"analytics",
           "country":"de"})",
       MalformedKind::kUnknownValue, "country"},
      {R"({"time":"2026-11-25T10:00Z","exporter":"A","recipient":"B",
           "purpose":"zhang.wei@example.cn"})",
       MalformedKind::kUnknownValue, "purpose"},
      // An exporter is a name, not a payload: bounded before anything shows it.
      {R"({"time":"2026-11-25T10:00Z","recipient":"B","purpose":"analytics","exporter":")" +
           std::string(kMaxExporterBytes + 1, 'x') + R"("})",
       MalformedKind::kWrongType, "exporter"},
  };
  EventParser parser;
  EgressEvent e;
  for (const auto& c : cases) {
    auto bad = parser.Parse(c.text, &e);
    ASSERT_TRUE(bad.has_value()) << c.text;
    EXPECT_EQ(bad->kind, c.kind) << c.text << " " << MalformedKindName(bad->kind);
    EXPECT_EQ(bad->field, c.field) << c.text;
  }
  std::string huge = R"({"time":"2026-11-25T10:00Z","exporter":"A","recipient":"B","purpose":"x",)"
                     R"("subjects":[")" +
                     std::string(kMaxEventBytes, 'a') + R"("]})";
  EXPECT_EQ(parser.Parse(huge, &e)->kind, MalformedKind::kTooLarge);
  // And a good one still parses after all that.
  EXPECT_FALSE(parser.Parse(kEvent, &e).has_value());
}

TEST(EgressEvent, CountsUpToTheBoundAreRead) {
  EventParser parser;
  EgressEvent e;
  const std::string text = R"({"time":"2026-11-25T10:00Z","exporter":"A","recipient":"B",
      "purpose":"analytics","records":)" +
                           std::to_string(kMaxEventCount) + "}";
  ASSERT_FALSE(parser.Parse(text, &e).has_value());
  EXPECT_EQ(e.records, kMaxEventCount);
}

TEST(EgressEvent, KeyedHashesAreRecognisedByShape) {
  EXPECT_TRUE(LooksLikeKeyedHash(std::string(64, 'a')));
  EXPECT_FALSE(LooksLikeKeyedHash(std::string(64, 'A')));
  EXPECT_FALSE(LooksLikeKeyedHash(std::string(63, 'a')));
  EXPECT_FALSE(LooksLikeKeyedHash("350922199208221290"));
}

}  // namespace
}  // namespace xb::monitor
