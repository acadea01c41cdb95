#include "rules/locate.h"

namespace xb::rules {

Result<std::unique_ptr<RulesContext>> LoadRulesContext(const std::string& rules_dir_flag) {
  auto ctx = std::make_unique<RulesContext>();
  ctx->rules_dir = LocateRulesDir(rules_dir_flag);
  ctx->data_dir = LocateDataDir(ctx->rules_dir);
  XB_ASSIGN_OR_RETURN(ctx->rules, RuleSet::LoadDirectory(ctx->rules_dir));
  XB_ASSIGN_OR_RETURN(ctx->calendar,
                      WorkCalendar::LoadFile(ctx->data_dir + "/calendar/cn-workdays.yaml"));
  XB_ASSIGN_OR_RETURN(ctx->countries,
                      CountryCodes::LoadFile(ctx->data_dir + "/iso3166/alpha2.tsv"));
  return ctx;
}

}  // namespace xb::rules
