#include "core/civil_date.h"

#include <gtest/gtest.h>

namespace xb {
namespace {

TEST(CivilDate, ParsesOnlyRealDates) {
  EXPECT_TRUE(CivilDate::Parse("2024-02-29").has_value());
  EXPECT_FALSE(CivilDate::Parse("2023-02-29").has_value());
  EXPECT_FALSE(CivilDate::Parse("2024-13-01").has_value());
  EXPECT_FALSE(CivilDate::Parse("2024-1-01").has_value());
  EXPECT_FALSE(CivilDate::Parse("2024-01-01x").has_value());
}

TEST(CivilDate, RoundTripsAndOrders) {
  auto a = *CivilDate::Parse("2024-03-22");
  EXPECT_EQ(a.ToString(), "2024-03-22");
  EXPECT_EQ(a.year(), 2024);
  EXPECT_EQ(a.month(), 3);
  EXPECT_EQ(a.day(), 22);
  EXPECT_LT(*CivilDate::Parse("2023-06-01"), a);
  EXPECT_EQ(a.AddDays(10).ToString(), "2024-04-01");
}

TEST(CivilDate, WeekdayIsIso) {
  EXPECT_EQ(CivilDate::Parse("2026-11-23")->iso_weekday(), 1);  // a Monday
  EXPECT_EQ(CivilDate::Parse("1970-01-01")->iso_weekday(), 4);
}

TEST(CivilDate, AddMonthsClampsToMonthEnd) {
  EXPECT_EQ(CivilDate::Parse("2024-01-31")->AddMonths(1).ToString(), "2024-02-29");
  EXPECT_EQ(CivilDate::Parse("2024-02-29")->AddYears(3).ToString(), "2027-02-28");
}

TEST(CivilDate, AddMonthsCrossesYearZero) {
  // Before year 1 the month count is negative; the month must still be 1-12.
  EXPECT_EQ(CivilDate::Parse("0010-02-28")->AddYears(-14),
            CivilDate::Parse("0020-02-28")->AddYears(-24));
  EXPECT_EQ(CivilDate::Parse("0001-03-15")->AddMonths(-3).AddMonths(3),
            *CivilDate::Parse("0001-03-15"));
  EXPECT_EQ(CivilDate::Parse("0010-02-28")->AddYears(-14).AddYears(14),
            *CivilDate::Parse("0010-02-28"));
  EXPECT_EQ(CivilDate::Parse("0001-01-31")->AddMonths(-11).AddMonths(12),
            *CivilDate::Parse("0001-02-28"));
}

TEST(CivilDate, AgeChangesOnTheBirthday) {
  auto birth = *CivilDate::Parse("2012-11-23");
  EXPECT_EQ(CivilDate::Parse("2026-11-22")->YearsSince(birth), 13);
  EXPECT_EQ(CivilDate::Parse("2026-11-23")->YearsSince(birth), 14);
}

}  // namespace
}  // namespace xb
