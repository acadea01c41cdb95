#include "rules/locate.h"

#include <cstdlib>
#include <filesystem>

namespace xb::rules {
namespace {

bool IsDir(const std::string& p) {
  std::error_code ec;
  return std::filesystem::is_directory(p, ec);
}

}  // namespace

std::string LocateRulesDir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("XBORDER_RULES"); env != nullptr && *env != '\0') return env;
#ifdef XB_SOURCE_DIR
  if (IsDir(std::string(XB_SOURCE_DIR) + "/rules")) return std::string(XB_SOURCE_DIR) + "/rules";
#endif
  return "rules";
}

std::string LocateDataDir(const std::string& rules_dir) {
  if (const char* env = std::getenv("XBORDER_DATA"); env != nullptr && *env != '\0') return env;
  std::filesystem::path beside = std::filesystem::path(rules_dir).parent_path() / "data";
  if (std::filesystem::path(rules_dir).filename().empty()) {
    beside = std::filesystem::path(rules_dir).parent_path().parent_path() / "data";
  }
  if (IsDir((beside / "calendar").string())) return beside.string();
#ifdef XB_SOURCE_DIR
  if (IsDir(std::string(XB_SOURCE_DIR) + "/data")) return std::string(XB_SOURCE_DIR) + "/data";
#endif
  return "data";
}

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
