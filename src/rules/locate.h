// Where the rule packs and the reference data live at run time.
#ifndef XBORDER_RULES_LOCATE_H_
#define XBORDER_RULES_LOCATE_H_

#include <memory>
#include <string>

#include "core/status.h"
#include "core/work_calendar.h"
#include "rules/plan.h"
#include "rules/rule_pack.h"

namespace xb::rules {

// The rule pack directory: `flag` when non-empty, else $XBORDER_RULES, else the source tree's
// rules/ (XB_SOURCE_DIR, set at build time) when it exists, else ./rules.
std::string LocateRulesDir(const std::string& flag);

// The data directory (calendar, country codes): $XBORDER_DATA, else data/ beside `rules_dir`,
// else the source tree's data/, else ./data.
std::string LocateDataDir(const std::string& rules_dir);

// Everything `assess` needs besides the plan, loaded once. Not copyable (an Engine refers into it).
struct RulesContext {
  std::string rules_dir;
  std::string data_dir;
  RuleSet rules;
  WorkCalendar calendar;
  CountryCodes countries;
};

// Locates and loads the rule packs, data/calendar/cn-workdays.yaml and data/iso3166/alpha2.tsv.
// Errors: those of RuleSet::LoadDirectory, WorkCalendar::LoadFile, CountryCodes::LoadFile.
Result<std::unique_ptr<RulesContext>> LoadRulesContext(const std::string& rules_dir_flag);

}  // namespace xb::rules

#endif  // XBORDER_RULES_LOCATE_H_
