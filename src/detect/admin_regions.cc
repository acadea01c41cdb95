#include "detect/admin_regions.h"

#include <fstream>
#include <vector>

namespace xb {
namespace {

// Splits the first two fields of a simple CSV row: a bare numeric code and a name that may be
// quoted (the files carry no embedded quotes or commas in names).
bool SplitCodeAndName(std::string_view line, int* code, std::string_view* name) {
  const size_t comma = line.find(',');
  if (comma == std::string_view::npos || comma == 0 || comma > 9) return false;
  int v = 0;
  for (char c : line.substr(0, comma)) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  std::string_view rest = line.substr(comma + 1);
  const size_t end = rest.find(',');
  rest = rest.substr(0, end);
  if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"') {
    rest = rest.substr(1, rest.size() - 2);
  }
  if (rest.empty()) return false;
  *code = v;
  *name = rest;
  return true;
}

constexpr std::string_view kLevelWords[] = {"省", "市", "区", "县", "旗"};

}  // namespace

Result<std::unique_ptr<AdminRegions>> AdminRegions::Load(const std::string& dir) {
  std::unique_ptr<AdminRegions> regions(new AdminRegions());
  std::vector<std::string> names;
  struct FileSpec {
    const char* file;
    int scale;  // multiplies the code to 6 digits
  };
  for (const FileSpec& spec :
       {FileSpec{"provinces.csv", 10000}, FileSpec{"cities.csv", 100}, FileSpec{"areas.csv", 1}}) {
    const std::string path = dir + "/" + spec.file;
    std::ifstream in(path);
    if (!in) return NotFound("cannot open administrative-division table", Location(path));
    std::string line;
    int64_t line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line_no == 1 || line.empty()) continue;  // header
      int code = 0;
      std::string_view name;
      if (!SplitCodeAndName(line, &code, &name)) {
        return ParseError("expected a numeric code and a name", Location(path, line_no, "code"));
      }
      const int64_t six = static_cast<int64_t>(code) * spec.scale;
      if (six < 100000 || six > 999999) {
        return ParseError("code is not a GB/T 2260 code", Location(path, line_no, "code"));
      }
      regions->codes_.set(static_cast<size_t>(six));
      // "市辖区" / "县" are placeholders for a city's districts, not place names.
      if (name == "市辖区" || name == "县" || name == "省直辖县级行政区划" ||
          name == "自治区直辖县级行政区划") {
        continue;
      }
      names.emplace_back(name);
      for (std::string_view level : kLevelWords) {
        if (name.size() > level.size() + 3 && name.substr(name.size() - level.size()) == level) {
          names.emplace_back(name.substr(0, name.size() - level.size()));
        }
      }
    }
    if (in.bad()) return IoError("cannot read administrative-division table", Location(path));
  }
  XB_ASSIGN_OR_RETURN(regions->places_, Dictionary::FromEntries(names, dir));
  return regions;
}

bool AdminRegions::IsKnownRegion(int code) const {
  return code >= 0 && code < 1000000 && codes_.test(static_cast<size_t>(code));
}

}  // namespace xb
