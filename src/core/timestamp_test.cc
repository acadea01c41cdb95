#include "core/timestamp.h"

#include <gtest/gtest.h>

namespace xb {
namespace {

TEST(Timestamp, ParsesOffsetsAndDropsSeconds) {
  auto t = ParseTimestamp("2026-11-25T10:00:59.123+08:00");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->ToString(), "2026-11-25T10:00+08:00");
  EXPECT_EQ(t->ToUtcString(), "2026-11-25T02:00Z");
  EXPECT_EQ(ParseTimestamp("2026-11-25 02:00Z")->UtcMinutes(), t->UtcMinutes());
  auto west = ParseTimestamp("2026-12-31T20:30-05:00");
  ASSERT_TRUE(west.has_value());
  EXPECT_EQ(west->WithOffset(480).ToString(), "2027-01-01T09:30+08:00");  // next year in Beijing
}

TEST(Timestamp, RejectsWhatIsNotATimestamp) {
  for (const char* bad : {"2026-11-25", "2026-11-25T10:00", "2026-02-30T10:00Z",
                          "2026-11-25T24:00Z", "2026-11-25T10:00+15:00", "2026-11-25T10:00:61Z",
                          "2026-11-25T10:00+0800", "2026-11-25T10:00Zx", ""}) {
    EXPECT_FALSE(ParseTimestamp(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace xb
