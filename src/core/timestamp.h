// A moment with its UTC offset, as people write it ("2026-11-25T09:30:00+08:00"): incident
// discovery times, egress events. Minute precision; seconds and fractions are read and dropped.
#ifndef XBORDER_CORE_TIMESTAMP_H_
#define XBORDER_CORE_TIMESTAMP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/civil_date.h"

namespace xb {

struct Timestamp {
  CivilDate date;
  int minute_of_day = 0;   // local time
  int offset_minutes = 0;  // east of UTC
  int64_t UtcMinutes() const {
    return date.days_since_epoch() * 1440 + minute_of_day - offset_minutes;
  }
  // The same offset, `minutes` later.
  Timestamp Plus(int64_t minutes) const;
  // The same moment at another offset.
  Timestamp WithOffset(int offset_minutes) const;
  // The PRC calendar date of this moment (UTC+8): the day and year an egress event and its
  // alerts belong to (the monitor's year-to-date counts, its once-a-day alerts, the service's
  // year filter). The one place that says so.
  CivilDate PrcDate() const { return WithOffset(8 * 60).date; }
  std::string ToString() const;     // "2026-11-28T09:30+08:00"
  std::string ToUtcString() const;  // "2026-11-28T01:30Z"
};

// "YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH:MM)" (a space may stand for the 'T'); nullopt
// otherwise, including impossible dates and offsets beyond 14 hours.
std::optional<Timestamp> ParseTimestamp(std::string_view text);

}  // namespace xb

#endif  // XBORDER_CORE_TIMESTAMP_H_
