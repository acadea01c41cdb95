#include "core/work_calendar.h"

#include <gtest/gtest.h>

#include <string>

#include "core/locations.h"

namespace xb {
namespace {

CivilDate D(const char* text) { return *CivilDate::Parse(text); }

class ShippedCalendar : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto cal =
        WorkCalendar::LoadFile(xb::SourceTreeDir() + "/data/calendar/cn-workdays.yaml");
    ASSERT_TRUE(cal.ok()) << cal.error().ToString();
    calendar_ = new WorkCalendar(std::move(cal).value());
  }
  static void TearDownTestSuite() { delete calendar_; }
  static WorkCalendar* calendar_;
};
WorkCalendar* ShippedCalendar::calendar_ = nullptr;

TEST_F(ShippedCalendar, CoversEveryYearFrom2021To2027) {
  EXPECT_EQ(calendar_->first_year(), 2021);
  EXPECT_EQ(calendar_->last_year(), 2027);
}

struct DayCase {
  const char* date;
  bool working;
};

TEST_F(ShippedCalendar, HolidaysAndMakeUpDays) {
  const DayCase cases[] = {
      {"2024-02-12", false},  // Spring Festival Monday
      {"2024-02-04", true},   // Sunday worked
      {"2024-02-18", true},   // Sunday worked
      {"2024-03-22", true},   // Friday, the Provisions' effective date
      {"2024-03-23", false},  // ordinary Saturday
      {"2023-06-25", true},   // Dragon Boat make-up Sunday
      {"2023-10-02", false},  // National Day
      {"2025-01-28", false},  // Spring Festival eve, a holiday since the 2024 revision
      {"2026-01-04", true},   // Sunday worked
      {"2026-02-23", false},  // last day of the 2026 Spring Festival
      {"2026-02-28", true},   // Saturday worked
      {"2026-10-08", true},   // Thursday after National Day
      {"2027-02-08", false},  // statutory Spring Festival day, 2027
  };
  for (const auto& c : cases) EXPECT_EQ(calendar_->IsWorkingDay(D(c.date)), c.working) << c.date;
}

TEST_F(ShippedCalendar, AddWorkingDaysSkipsHolidaysAndCountsMakeUpDays) {
  // Contract effective Friday 2024-09-27: Sep 29 (Sun) and Oct 8-11 are working days, Oct 1-7 not.
  // 1: Sep 29, 2: Sep 30, 3: Oct 8, 4: Oct 9, 5: Oct 10, 6: Oct 11, 7: Oct 12 (Sat, worked),
  // 8: Oct 14, 9: Oct 15, 10: Oct 16.
  EXPECT_EQ(calendar_->AddWorkingDays(D("2024-09-27"), 10), D("2024-10-16"));
  EXPECT_EQ(calendar_->AddWorkingDays(D("2024-10-16"), -10), D("2024-09-27"));
  EXPECT_EQ(calendar_->AddWorkingDays(D("2024-03-22"), 0), D("2024-03-22"));
  // An ordinary stretch: 10 working days after Monday 2024-03-11 is Monday 2024-03-25.
  EXPECT_EQ(calendar_->AddWorkingDays(D("2024-03-11"), 10), D("2024-03-25"));
}

TEST_F(ShippedCalendar, ProvisionalOutsidePublishedYears) {
  EXPECT_FALSE(calendar_->Provisional(D("2026-06-01")));
  EXPECT_TRUE(calendar_->Provisional(D("2027-06-01")));
  EXPECT_TRUE(calendar_->Provisional(D("2030-01-02")));
  EXPECT_TRUE(calendar_->ProvisionalBetween(D("2026-12-01"), D("2027-01-10")));
  EXPECT_FALSE(calendar_->ProvisionalBetween(D("2024-01-01"), D("2026-12-31")));
}

struct BadCase {
  const char* yaml;
  int line;
};

TEST(WorkCalendarParse, RejectsBadDataWithLine) {
  const BadCase cases[] = {
      {"years:\n  2024:\n    status: published\n    holidays: [2024-13-01]\n", 4},
      {"years:\n  2024:\n    status: published\n    workdays: [2024-03-20]\n", 4},  // a Wednesday
      {"years:\n  2024:\n    status: maybe\n", 3},
      {"years:\n  2024:\n    status: published\n    holidays: [2025-01-01]\n", 4},
      {"years:\n  2024:\n    status: published\n    holidays: [2024-02-04]\n    workdays: "
       "[2024-02-04]\n",
       5},
      {"years: [\n", 2},
  };
  for (const auto& c : cases) {
    auto cal = WorkCalendar::Parse(c.yaml, "cal.yaml");
    ASSERT_FALSE(cal.ok()) << c.yaml;
    EXPECT_EQ(cal.error().where.file, "cal.yaml");
    EXPECT_EQ(cal.error().where.line, c.line) << c.yaml << " → " << cal.error().ToString();
  }
}

TEST(WorkCalendarParse, EmptyCalendarCountsWeekdays) {
  WorkCalendar cal;
  EXPECT_TRUE(cal.IsWorkingDay(D("2024-02-12")));
  EXPECT_FALSE(cal.IsWorkingDay(D("2024-02-04")));
  EXPECT_TRUE(cal.Provisional(D("2024-02-12")));
}

}  // namespace
}  // namespace xb
