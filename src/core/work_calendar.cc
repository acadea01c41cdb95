#include "core/work_calendar.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace xb {
namespace {

constexpr int kMaxWorkingDays = 100000;

Location At(const std::string& file, const YAML::Node& node, const std::string& field) {
  return Location(file, node.Mark().line >= 0 ? node.Mark().line + 1 : 0, field);
}

// "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD".
bool ParseRange(const std::string& text, CivilDate* first, CivilDate* last) {
  size_t dots = text.find("..");
  std::optional<CivilDate> a =
      CivilDate::Parse(dots == std::string::npos ? text : text.substr(0, dots));
  std::optional<CivilDate> b =
      dots == std::string::npos ? a : CivilDate::Parse(text.substr(dots + 2));
  if (!a || !b || *b < *a || b->days_since_epoch() - a->days_since_epoch() > 31) return false;
  *first = *a;
  *last = *b;
  return true;
}

}  // namespace

Result<WorkCalendar> WorkCalendar::Parse(std::string_view yaml_text, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    return ParseError("malformed YAML: " + e.msg, Location(file, e.mark.line + 1));
  }
  WorkCalendar cal;
  YAML::Node years = root["years"];
  if (!years || !years.IsMap())
    return ParseError("expected a mapping 'years'", Location(file, 1, "years"));
  bool any = false;
  for (const auto& entry : years) {
    int year = 0;
    try {
      year = entry.first.as<int>();
    } catch (const YAML::Exception&) {
      return ParseError("year key is not a number", At(file, entry.first, "years"));
    }
    if (year < 1900 || year > 9999)
      return ParseError("year out of range", At(file, entry.first, "years"));
    const YAML::Node& body = entry.second;
    if (!body.IsMap())
      return ParseError("expected a mapping", At(file, body, "years." + std::to_string(year)));
    std::string status = body["status"] ? body["status"].Scalar() : "";
    if (status != "published" && status != "statutory") {
      return ParseError("status must be 'published' or 'statutory'",
                        At(file, body, "years." + std::to_string(year) + ".status"));
    }
    if (status == "published") cal.published_years_.insert(year);
    for (const char* key : {"holidays", "workdays"}) {
      YAML::Node list = body[key];
      if (!list) continue;
      const std::string field = "years." + std::to_string(year) + "." + key;
      if (!list.IsSequence()) return ParseError("expected a list of dates", At(file, list, field));
      for (const auto& item : list) {
        CivilDate first, last;
        if (!item.IsScalar() || !ParseRange(item.Scalar(), &first, &last)) {
          return ParseError("expected YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD (at most 31 days)",
                            At(file, item, field));
        }
        if (first.year() != year || last.year() != year) {
          return ParseError("date does not belong to year " + std::to_string(year),
                            At(file, item, field));
        }
        for (CivilDate d = first; d <= last; d = d.AddDays(1)) {
          bool holiday = std::string(key) == "holidays";
          if (!holiday && d.iso_weekday() < 6) {
            return ParseError(
                "make-up working day " + d.ToString() + " is not a Saturday or Sunday",
                At(file, item, field));
          }
          auto& other = holiday ? cal.extra_workdays_ : cal.holidays_;
          if (other.count(d.days_since_epoch())) {
            return ParseError(d.ToString() + " is listed both as a holiday and as a working day",
                              At(file, item, field));
          }
          (holiday ? cal.holidays_ : cal.extra_workdays_).insert(d.days_since_epoch());
        }
      }
    }
    cal.first_year_ = any ? std::min(cal.first_year_, year) : year;
    cal.last_year_ = any ? std::max(cal.last_year_, year) : year;
    any = true;
  }
  return cal;
}

Result<WorkCalendar> WorkCalendar::LoadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open the working-day calendar", Location(path));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return IoError("cannot read the working-day calendar", Location(path));
  return Parse(text.str(), path);
}

bool WorkCalendar::IsWorkingDay(CivilDate date) const {
  const int64_t d = date.days_since_epoch();
  if (extra_workdays_.count(d)) return true;
  if (holidays_.count(d)) return false;
  return date.iso_weekday() < 6;
}

CivilDate WorkCalendar::AddWorkingDays(CivilDate from, int n) const {
  n = std::clamp(n, -kMaxWorkingDays, kMaxWorkingDays);
  const int step = n < 0 ? -1 : 1;
  int remaining = n < 0 ? -n : n;
  CivilDate d = from;
  while (remaining > 0) {
    d = d.AddDays(step);
    if (IsWorkingDay(d)) --remaining;
  }
  return d;
}

bool WorkCalendar::Provisional(CivilDate date) const {
  return published_years_.count(date.year()) == 0;
}

bool WorkCalendar::ProvisionalBetween(CivilDate a, CivilDate b) const {
  if (b < a) std::swap(a, b);
  for (int y = a.year(); y <= b.year(); ++y) {
    if (published_years_.count(y) == 0) return true;
  }
  return false;
}

}  // namespace xb
