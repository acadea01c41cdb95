#include "monitor/volume_baseline.h"

#include <gtest/gtest.h>

#include <limits>

namespace xb::monitor {
namespace {

// A flow sending `base` records every hour of the day, a bit more by day.
int64_t Normal(int64_t hour) {
  int h = static_cast<int>(hour % 24);
  return (h >= 9 && h < 18 ? 1000 : 200) + (hour * 37) % 41;
}

TEST(VolumeBaseline, LearnsThenFlagsASpikeOnceAsSoonAsItCrossesTheLimit) {
  VolumeBaseline b;
  const int64_t start = 24 * 20417;  // 00:00 UTC on a day in November 2025
  for (int64_t h = start; h < start + 24 * 7; ++h) {
    EXPECT_FALSE(b.Add(h, Normal(h)).has_value()) << h - start;
  }
  const int64_t spike = start + 24 * 7 + 10;  // 10:00 on day 8
  for (int64_t h = start + 24 * 7; h < spike; ++h) EXPECT_FALSE(b.Add(h, Normal(h)).has_value());
  EXPECT_FALSE(b.Add(spike, Normal(spike)).has_value());  // the usual volume
  auto a = b.Add(spike, 3 * Normal(spike));               // then three times more
  ASSERT_TRUE(a.has_value());
  EXPECT_NEAR(a->median, 1020, 25);
  EXPECT_GT(a->limit, a->median);
  EXPECT_EQ(a->samples, 7);
  EXPECT_FALSE(b.Add(spike, 5000).has_value());  // once per hour
  EXPECT_FALSE(b.Add(spike + 1, Normal(spike + 1)).has_value());
}

TEST(VolumeBaseline, NightVolumesAreComparedWithNights) {
  VolumeBaseline b;
  const int64_t start = 24 * 20417;
  for (int64_t h = start; h < start + 24 * 7; ++h) b.Add(h, Normal(h));
  // 900 records at 03:00 is normal for noon but more than four times a night's.
  auto a = b.Add(start + 24 * 7 + 3, 900);
  ASSERT_TRUE(a.has_value());
  EXPECT_LT(a->median, 300);
}

TEST(VolumeBaseline, SilentHoursCountAsZeroAndSmallExcessesDoNotAlarm) {
  BaselineOptions o;
  VolumeBaseline b(o);
  const int64_t start = 24 * 20417;
  for (int d = 0; d < 7; ++d) b.Add(start + 24 * d + 2, 120);  // a nightly sync at 02:00 only
  EXPECT_FALSE(b.Add(start + 24 * 7 + 2, 130).has_value());    // a little more: not an anomaly
  EXPECT_FALSE(b.Add(start + 24 * 7 + 14, 40).has_value());    // below min_excess at an idle hour
  auto a = b.Add(start + 24 * 8 + 14, 400);                    // a real burst at an idle hour
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->median, 0);
}

TEST(VolumeBaseline, RoundTripsThroughJson) {
  VolumeBaseline b;
  const int64_t start = 24 * 20417;
  for (int64_t h = start; h < start + 24 * 7 + 5; ++h) b.Add(h, Normal(h));
  auto back = VolumeBaseline::FromJson(nlohmann::json::parse(b.ToJson().dump()), {});
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->ToJson(), b.ToJson());
  EXPECT_EQ(b.Add(start + 24 * 8, 5000).has_value(), back->Add(start + 24 * 8, 5000).has_value());
  EXPECT_FALSE(VolumeBaseline::FromJson(nlohmann::json::parse("{}"), {}).ok());
}

// Totals saturate: a flood of the largest counts an event may carry never wraps negative.
TEST(VolumeBaseline, TotalsSaturateInsteadOfOverflowing) {
  VolumeBaseline b;
  const int64_t start = 24 * 20417;
  for (int64_t h = start; h < start + 24 * 7; ++h) b.Add(h, 100);
  const int64_t hour = start + 24 * 7;
  auto a = b.Add(hour, std::numeric_limits<int64_t>::max() - 10);
  ASSERT_TRUE(a.has_value());
  b.Add(hour, 1000);
  b.Add(hour - 1, std::numeric_limits<int64_t>::max());  // a late event for the hour before
  b.Add(hour - 1, 1000);
  auto j = b.ToJson();
  EXPECT_EQ(j["total"].get<int64_t>(), std::numeric_limits<int64_t>::max());
  for (const auto& v : j["history"]) EXPECT_GE(v.get<int64_t>(), 0) << j.dump();
}

}  // namespace
}  // namespace xb::monitor
