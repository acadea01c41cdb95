// The PRC working-day calendar (工作日): Monday to Friday, minus public holidays, plus the
// weekend days the State Council designates as make-up working days (调休上班). Legal deadlines
// such as "file within 10 working days" (Standard Contract Measures Art. 7) or "within the 60
// working days before expiry" (Provisions 2024 Art. 9) are counted on it.
//
// The calendar is data (data/calendar/cn-workdays.yaml), one entry per year with its status:
// `published` (copied from the State Council notice) or `statutory` (the notice was not yet out;
// only the statutory holiday days are known). Outside the years the file covers, every
// Monday-Friday counts as a working day and Provisional() reports it.
//
// Thread-safety: immutable after loading; share freely between threads.
#ifndef XBORDER_CORE_WORK_CALENDAR_H_
#define XBORDER_CORE_WORK_CALENDAR_H_

#include <string>
#include <string_view>
#include <unordered_set>

#include "core/civil_date.h"
#include "core/status.h"

namespace xb {

class WorkCalendar {
 public:
  // A calendar with no holiday data: weekdays are working days, every date is provisional.
  WorkCalendar() = default;

  // Parses the YAML format described in data/calendar/cn-workdays.yaml. `file` names the source
  // in errors. Errors (kParse, with file:line): malformed YAML, a bad date or range, a year key
  // that does not match its dates, a make-up working day that is not a Saturday or Sunday, a
  // date listed both as holiday and as working day, an unknown status.
  static Result<WorkCalendar> Parse(std::string_view yaml_text, const std::string& file);
  // Reads and parses `path`. Errors: kNotFound / kIo when unreadable, else as Parse.
  static Result<WorkCalendar> LoadFile(const std::string& path);

  bool IsWorkingDay(CivilDate date) const;

  // n > 0: the n-th working day after `from` (the day itself is not counted, as in "within 10
  // working days of the contract taking effect"). n < 0: the |n|-th working day before `from`.
  // n == 0: `from`. Bounded: |n| is clamped to 100,000.
  CivilDate AddWorkingDays(CivilDate from, int n) const;

  // True when `date`'s year is not covered by published holiday data (a `statutory` year or a
  // year outside the file), so a deadline computed through it may move.
  bool Provisional(CivilDate date) const;
  // True when any date in [a, b] (either order) is Provisional.
  bool ProvisionalBetween(CivilDate a, CivilDate b) const;

  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }

 private:
  std::unordered_set<int64_t> holidays_;        // days since epoch
  std::unordered_set<int64_t> extra_workdays_;  // weekend days worked
  std::unordered_set<int> published_years_;
  int first_year_ = 0;
  int last_year_ = -1;
};

}  // namespace xb

#endif  // XBORDER_CORE_WORK_CALENDAR_H_
