// Where the rule packs and the reference data live at run time.
#ifndef XBORDER_RULES_LOCATE_H_
#define XBORDER_RULES_LOCATE_H_

#include <memory>
#include <string>

#include "core/locations.h"
#include "core/status.h"
#include "core/work_calendar.h"
#include "rules/plan.h"
#include "rules/rule_pack.h"

namespace xb::rules {

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
