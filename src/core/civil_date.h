// Calendar dates (proleptic Gregorian, no time zone): plan dates, rule in-force dates,
// birth dates read from resident IDs, deadlines.
#ifndef XBORDER_CORE_CIVIL_DATE_H_
#define XBORDER_CORE_CIVIL_DATE_H_

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace xb {

class CivilDate {
 public:
  // 1970-01-01.
  constexpr CivilDate() = default;

  // Returns nullopt unless (year, month, day) is a real date in years 1..9999.
  static std::optional<CivilDate> FromYmd(int year, int month, int day);
  // Parses exactly "YYYY-MM-DD"; nullopt for anything else, including impossible dates.
  static std::optional<CivilDate> Parse(std::string_view text);
  static constexpr CivilDate FromDays(int64_t days_since_epoch) {
    CivilDate d;
    d.days_ = days_since_epoch;
    return d;
  }
  // Today in UTC+8 (the PRC has one time zone; the rules speak of Beijing dates).
  static CivilDate TodayInChina();

  int year() const;
  int month() const;
  int day() const;
  int64_t days_since_epoch() const { return days_; }
  // 1 = Monday .. 7 = Sunday (ISO 8601).
  int iso_weekday() const;

  CivilDate AddDays(int64_t n) const { return FromDays(days_ + n); }
  // Adds calendar months; the day is clamped to the month's length (Jan 31 + 1 month = Feb 28/29).
  CivilDate AddMonths(int n) const;
  CivilDate AddYears(int n) const { return AddMonths(12 * n); }

  // Whole years between `birth` and *this (age on this date); negative if birth is later.
  int YearsSince(CivilDate birth) const;

  std::string ToString() const;  // "YYYY-MM-DD"

  friend constexpr auto operator<=>(CivilDate a, CivilDate b) = default;

 private:
  int64_t days_ = 0;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

}  // namespace xb

#endif  // XBORDER_CORE_CIVIL_DATE_H_
