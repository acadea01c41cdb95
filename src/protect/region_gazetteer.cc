#include "protect/region_gazetteer.h"

#include <cctype>

#include "io/table_reader.h"

namespace xb::protect {
namespace {

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

// Short forms people write: "广西" for "广西壮族自治区", "石家庄" for "石家庄市".
std::vector<std::string> MatchNames(const std::string& name, bool allow_short) {
  std::vector<std::string> names = {name};
  if (!allow_short) return names;
  static const char* kSuffixes[] = {
      "壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市"};
  for (const char* suffix : kSuffixes) {
    std::string_view s(suffix);
    if (name.size() > s.size() + 3 && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      names.push_back(name.substr(0, name.size() - s.size()));
      break;
    }
  }
  return names;
}

bool IsPlaceholderCity(const std::string& name) { return name == "市辖区" || name == "县"; }

}  // namespace

Result<std::unique_ptr<RegionGazetteer>> RegionGazetteer::Load(const std::string& dir) {
  std::unique_ptr<RegionGazetteer> g(new RegionGazetteer());
  struct Spec {
    const char* file;
    int level;  // 0 province, 1 city, 2 area
  };
  for (Spec spec : {Spec{"provinces.csv", 0}, Spec{"cities.csv", 1}, Spec{"areas.csv", 2}}) {
    const std::string path = dir + "/" + spec.file;
    io::ReadOptions options;
    options.format = io::TableFormat::kCsv;
    options.delimiter = ',';
    XB_ASSIGN_OR_RETURN(auto reader, io::OpenTable(path, options));
    const auto& columns = reader->columns();
    if (columns.size() < 2 || columns[0] != "code" || columns[1] != "name") {
      return ParseError("expected columns code,name", Location(path, 1));
    }
    io::Row row;
    while (true) {
      XB_ASSIGN_OR_RETURN(bool more, reader->Next(&row));
      if (!more) break;
      std::string code(row.fields[0]);
      const size_t want = spec.level == 0 ? 2 : spec.level == 1 ? 4 : 6;
      if (code.size() != want || !AllDigits(code)) {
        return ParseError("division code of unexpected shape", Location(path, row.line, "code"));
      }
      Division d{code, std::string(row.fields[1]), {}};
      d.match_names = MatchNames(d.name, spec.level < 2);
      g->names_[code] = d.name;
      if (spec.level == 0) {
        g->provinces_.push_back(std::move(d));
      } else if (spec.level == 1) {
        g->cities_[code.substr(0, 2)].push_back(std::move(d));
      } else {
        g->areas_[code.substr(0, 4)].push_back(std::move(d));
      }
    }
  }
  return g;
}

RegionGazetteer::Labels RegionGazetteer::Resolve(std::string_view value) const {
  // A division code (6 digits) or a resident ID (15 or 18 characters, code first).
  if ((value.size() == 6 || value.size() == 15 || value.size() == 18) &&
      AllDigits(value.substr(0, 6))) {
    return ResolveCode(value.substr(0, 6));
  }
  return ResolveAddress(value);
}

RegionGazetteer::Labels RegionGazetteer::ResolveCode(std::string_view code6) const {
  Labels l;
  const std::string p(code6.substr(0, 2)), c(code6.substr(0, 4)), a(code6);
  auto name = [&](const std::string& code) -> const std::string* {
    auto it = names_.find(code);
    return it == names_.end() ? nullptr : &it->second;
  };
  const std::string* pn = name(p);
  l.province = pn ? *pn : p;
  const std::string* cn = name(c);
  l.city = cn ? l.province + (IsPlaceholderCity(*cn) ? "" : *cn) : l.province + c;
  const std::string* an = name(a);
  l.county = an ? l.city + *an : l.city + a;
  return l;
}

RegionGazetteer::Labels RegionGazetteer::ResolveAddress(std::string_view text) const {
  Labels l;
  auto match = [](const std::vector<Division>& divisions, std::string_view rest,
                  size_t* consumed) -> const Division* {
    const Division* best = nullptr;
    size_t best_len = 0;
    for (const auto& d : divisions) {
      for (const auto& n : d.match_names) {
        if (n.size() > best_len && rest.substr(0, n.size()) == n) {
          best = &d;
          best_len = n.size();
        }
      }
    }
    *consumed = best_len;
    return best;
  };
  size_t used = 0;
  const Division* province = match(provinces_, text, &used);
  if (province == nullptr) return l;
  // Unresolved lower levels repeat the label above, so that the labels still form a tree.
  l.province = l.city = l.county = province->name;
  std::string_view rest = text.substr(used);
  auto cities = cities_.find(province->code);
  if (cities == cities_.end()) return l;
  const Division* city = match(cities->second, rest, &used);
  std::vector<const Division*> city_candidates;
  if (city != nullptr) {
    rest = rest.substr(used);
    city_candidates.push_back(city);
  } else {
    // Municipalities and counties directly under a province: the area follows the province.
    for (const auto& c : cities->second) {
      if (IsPlaceholderCity(c.name)) city_candidates.push_back(&c);
    }
  }
  for (const Division* c : city_candidates) {
    auto areas = areas_.find(c->code);
    if (areas == areas_.end()) continue;
    const Division* area = match(areas->second, rest, &used);
    if (area == nullptr) continue;
    l.city = l.province + (IsPlaceholderCity(c->name) ? "" : c->name);
    l.county = l.city + area->name;
    return l;
  }
  if (city != nullptr) {
    l.city = l.county = l.province + (IsPlaceholderCity(city->name) ? "" : city->name);
  }
  return l;
}

}  // namespace xb::protect
