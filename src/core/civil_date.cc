#include "core/civil_date.h"

#include <chrono>
#include <cstdio>

namespace xb {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Ymd {
  int y;
  int m;
  int d;
};

Ymd CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

}  // namespace

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

std::optional<CivilDate> CivilDate::FromYmd(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month)) {
    return std::nullopt;
  }
  return FromDays(DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
}

std::optional<CivilDate> CivilDate::Parse(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  auto digits = [&](size_t from, size_t len, int* out) {
    int v = 0;
    for (size_t i = from; i < from + len; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      v = v * 10 + (t[i] - '0');
    }
    *out = v;
    return true;
  };
  int y, m, d;
  if (!digits(0, 4, &y) || !digits(5, 2, &m) || !digits(8, 2, &d)) return std::nullopt;
  return FromYmd(y, m, d);
}

CivilDate CivilDate::TodayInChina() {
  using namespace std::chrono;
  const auto now = system_clock::now() + hours(8);
  return FromDays(duration_cast<days>(now.time_since_epoch()).count());
}

int CivilDate::year() const { return CivilFromDays(days_).y; }
int CivilDate::month() const { return CivilFromDays(days_).m; }
int CivilDate::day() const { return CivilFromDays(days_).d; }

int CivilDate::iso_weekday() const {
  // 1970-01-01 was a Thursday (4).
  int64_t w = (days_ + 3) % 7;
  if (w < 0) w += 7;
  return static_cast<int>(w) + 1;
}

CivilDate CivilDate::AddMonths(int n) const {
  Ymd c = CivilFromDays(days_);
  int64_t months = static_cast<int64_t>(c.y) * 12 + (c.m - 1) + n;
  // Floor division: before year 1 (an as-of date in years 1-13 minus 14 years) `months` is
  // negative, and truncating division would give a month outside 1-12.
  int64_t year = months / 12;
  if (months % 12 < 0) --year;
  int y = static_cast<int>(year);
  int m = static_cast<int>(months - year * 12) + 1;
  int d = c.d;
  if (d > DaysInMonth(y, m)) d = DaysInMonth(y, m);
  return FromDays(DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
}

int CivilDate::YearsSince(CivilDate birth) const {
  Ymd now = CivilFromDays(days_);
  Ymd b = CivilFromDays(birth.days_);
  int years = now.y - b.y;
  if (now.m < b.m || (now.m == b.m && now.d < b.d)) --years;
  return years;
}

std::string CivilDate::ToString() const {
  Ymd c = CivilFromDays(days_);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.y, c.m, c.d);
  return buf;
}

}  // namespace xb
