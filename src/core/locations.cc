#include "core/locations.h"

#include <cstdlib>
#include <filesystem>

namespace xb {
namespace {

bool IsDir(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::is_directory(p, ec);
}

const char* NonEmptyEnv(const char* name) {
  const char* value = std::getenv(name);
  return (value != nullptr && *value != '\0') ? value : nullptr;
}

}  // namespace

const std::string& SourceTreeDir() {
  static const std::string dir = XB_SOURCE_DIR;
  return dir;
}

const std::string& BuildTreeDir() {
  static const std::string dir = XB_BINARY_DIR;
  return dir;
}

std::string LocateRulesDir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = NonEmptyEnv("XBORDER_RULES")) return env;
  std::filesystem::path source_rules = std::filesystem::path(SourceTreeDir()) / "rules";
  if (IsDir(source_rules)) return source_rules.string();
  return "rules";
}

std::string LocateDataDir(const std::string& rules_dir) {
  if (const char* env = NonEmptyEnv("XBORDER_DATA")) return env;
  if (!rules_dir.empty()) {
    std::filesystem::path rules(rules_dir);
    if (rules.filename().empty()) rules = rules.parent_path();  // "rules/"
    std::filesystem::path beside = rules.parent_path() / "data";
    if (IsDir(beside / "calendar")) return beside.string();
  }
  std::filesystem::path source_data = std::filesystem::path(SourceTreeDir()) / "data";
  if (IsDir(source_data)) return source_data.string();
  return "data";
}

}  // namespace xb
