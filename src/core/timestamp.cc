#include "core/timestamp.h"

namespace xb {
namespace {

bool Digits(std::string_view s, size_t at, size_t n) {
  if (at + n > s.size()) return false;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// REQUIRES: Digits(s, at, n).
int Number(std::string_view s, size_t at, size_t n) {
  int v = 0;
  for (size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

std::string TwoDigits(int v) {
  std::string s = std::to_string(v);
  return s.size() < 2 ? "0" + s : s;
}

}  // namespace

Timestamp Timestamp::Plus(int64_t minutes) const {
  int64_t local = date.days_since_epoch() * 1440 + minute_of_day + minutes;
  int64_t days = local >= 0 ? local / 1440 : (local - 1439) / 1440;
  Timestamp t = *this;
  t.date = CivilDate::FromDays(days);
  t.minute_of_day = static_cast<int>(local - days * 1440);
  return t;
}

Timestamp Timestamp::WithOffset(int offset) const {
  Timestamp t = Plus(offset - offset_minutes);
  t.offset_minutes = offset;
  return t;
}

std::string Timestamp::ToString() const {
  std::string out =
      date.ToString() + "T" + TwoDigits(minute_of_day / 60) + ":" + TwoDigits(minute_of_day % 60);
  if (offset_minutes == 0) return out + "Z";
  int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  return out + (offset_minutes < 0 ? "-" : "+") + TwoDigits(off / 60) + ":" + TwoDigits(off % 60);
}

std::string Timestamp::ToUtcString() const { return WithOffset(0).ToString(); }

std::optional<Timestamp> ParseTimestamp(std::string_view s) {
  // 2026-11-25T09:30[:00[.123]](Z|+08:00)
  if (s.size() < 17 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':') return std::nullopt;
  auto date = CivilDate::Parse(s.substr(0, 10));
  if (!date || !Digits(s, 11, 2) || !Digits(s, 14, 2)) return std::nullopt;
  int hour = Number(s, 11, 2), minute = Number(s, 14, 2);
  size_t at = 16;
  if (at < s.size() && s[at] == ':') {
    if (!Digits(s, at + 1, 2) || Number(s, at + 1, 2) > 59) return std::nullopt;
    at += 3;
    if (at < s.size() && s[at] == '.') {  // fractions of a second are dropped
      ++at;
      while (at < s.size() && s[at] >= '0' && s[at] <= '9') ++at;
    }
  }
  if (hour > 23 || minute > 59 || at >= s.size()) return std::nullopt;
  Timestamp t;
  t.date = *date;
  t.minute_of_day = hour * 60 + minute;
  if (s[at] == 'Z' && at + 1 == s.size()) return t;
  if ((s[at] != '+' && s[at] != '-') || at + 6 != s.size() || s[at + 3] != ':' ||
      !Digits(s, at + 1, 2) || !Digits(s, at + 4, 2)) {
    return std::nullopt;
  }
  int off = Number(s, at + 1, 2) * 60 + Number(s, at + 4, 2);
  if (off > 14 * 60) return std::nullopt;
  t.offset_minutes = s[at] == '-' ? -off : off;
  return t;
}

}  // namespace xb
