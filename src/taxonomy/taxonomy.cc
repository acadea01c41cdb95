#include "taxonomy/taxonomy.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <set>

#include "core/locations.h"

namespace xb {
namespace {

// yaml-cpp marks are 0-based.
Location Where(const std::string& path, const YAML::Node& node, const std::string& field) {
  return Location(path, node.Mark().line >= 0 ? node.Mark().line + 1 : 0, field);
}

Result<bool> ReadBool(const std::string& path, const YAML::Node& node, const std::string& field) {
  if (!node || !node.IsScalar())
    return ParseError("expected true or false", Location(path, 0, field));
  bool v = false;
  if (!YAML::convert<bool>::decode(node, v)) {
    return ParseError("expected true or false", Where(path, node, field));
  }
  return v;
}

Result<std::string> ReadString(const std::string& path, const YAML::Node& node,
                               const std::string& field) {
  if (!node || !node.IsScalar()) return ParseError("expected a string", Location(path, 0, field));
  return node.as<std::string>();
}

Result<std::vector<std::string>> ReadBasis(
    const std::string& path, const YAML::Node& node, const std::string& field,
    const std::map<std::string, std::string, std::less<>>& sources) {
  if (!node || !node.IsSequence() || node.size() == 0) {
    return ParseError("expected a non-empty list of source keys", Location(path, 0, field));
  }
  std::vector<std::string> basis;
  for (const auto& item : node) {
    if (!item.IsScalar()) return ParseError("expected a source key", Where(path, item, field));
    const std::string key = item.as<std::string>();
    if (sources.find(key) == sources.end()) {
      return ParseError("unknown source key '" + key + "'", Where(path, item, field));
    }
    basis.push_back(key);
  }
  return basis;
}

}  // namespace

std::optional<Jurisdiction> ParseJurisdiction(std::string_view code) {
  if (code == "CN") return Jurisdiction::kCN;
  if (code == "EU") return Jurisdiction::kEU;
  return std::nullopt;
}

Result<Taxonomy> Taxonomy::Load(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    return NotFound("cannot read taxonomy", Location(path));
  } catch (const YAML::Exception& e) {
    return ParseError("malformed YAML: " + e.msg,
                      Location(path, e.mark.line >= 0 ? e.mark.line + 1 : 0));
  }
  Taxonomy t;
  try {
    const YAML::Node version = root["version"];
    if (!version || version.as<std::string>() != "1") {
      return ParseError("unsupported taxonomy version (expected 1)", Location(path, 0, "version"));
    }
    const YAML::Node sources = root["sources"];
    if (!sources || !sources.IsMap()) {
      return ParseError("expected a map of source keys to citations", Location(path, 0, "sources"));
    }
    for (const auto& kv : sources) {
      const std::string key = kv.first.as<std::string>();
      XB_ASSIGN_OR_RETURN(std::string text, ReadString(path, kv.second, "sources." + key));
      t.sources_[key] = text;
    }
    const YAML::Node cats = root["categories"];
    if (!cats || !cats.IsSequence()) {
      return ParseError("expected a list of categories", Location(path, 0, "categories"));
    }
    std::set<std::string> category_ids;
    for (const auto& c : cats) {
      PiCategory cat;
      XB_ASSIGN_OR_RETURN(cat.id, ReadString(path, c["id"], "categories.id"));
      XB_ASSIGN_OR_RETURN(cat.description,
                          ReadString(path, c["description"], "categories." + cat.id));
      category_ids.insert(cat.id);
      t.categories_.push_back(std::move(cat));
    }
    const YAML::Node ents = root["entities"];
    if (!ents || !ents.IsMap()) {
      return ParseError("expected a map of entities", Location(path, 0, "entities"));
    }
    for (const auto& kv : ents) {
      EntityClassification e;
      e.entity = kv.first.as<std::string>();
      const YAML::Node& n = kv.second;
      const std::string f = "entities." + e.entity;
      XB_ASSIGN_OR_RETURN(e.category, ReadString(path, n["category"], f + ".category"));
      if (category_ids.count(e.category) == 0) {
        return ParseError("unknown category '" + e.category + "'",
                          Where(path, n["category"], f + ".category"));
      }
      XB_ASSIGN_OR_RETURN(e.personal_information,
                          ReadBool(path, n["personal_information"], f + ".personal_information"));
      XB_ASSIGN_OR_RETURN(e.sensitive_cn,
                          ReadBool(path, n["sensitive"]["CN"], f + ".sensitive.CN"));
      XB_ASSIGN_OR_RETURN(e.special_eu, ReadBool(path, n["sensitive"]["EU"], f + ".sensitive.EU"));
      const YAML::Node grade = n["grade"];
      if (!grade || !grade.IsScalar() || !YAML::convert<int>::decode(grade, e.grade) ||
          e.grade < 0 || e.grade > 4) {
        return ParseError("grade must be an integer 0..4", Location(path, 0, f + ".grade"));
      }
      if (e.personal_information != (e.grade > 0)) {
        return ParseError("personal information is graded 1..4, anything else 0",
                          Where(path, grade, f + ".grade"));
      }
      XB_ASSIGN_OR_RETURN(e.basis, ReadBasis(path, n["basis"], f + ".basis", t.sources_));
      if (n["note"]) {
        XB_ASSIGN_OR_RETURN(e.note, ReadString(path, n["note"], f + ".note"));
      }
      t.entities_.push_back(std::move(e));
    }
    const YAML::Node minors = root["minors"];
    if (!minors || !minors["age_limit"]) {
      return ParseError("expected minors.age_limit", Location(path, 0, "minors"));
    }
    t.minor_age_limit_ = minors["age_limit"].as<int>();
    if (minors["sensitive"]) {  // optional: PIPL's rule (CN yes, EU no) when absent
      XB_ASSIGN_OR_RETURN(t.minors_sensitive_cn_,
                          ReadBool(path, minors["sensitive"]["CN"], "minors.sensitive.CN"));
      XB_ASSIGN_OR_RETURN(t.minors_sensitive_eu_,
                          ReadBool(path, minors["sensitive"]["EU"], "minors.sensitive.EU"));
    }
    XB_ASSIGN_OR_RETURN(t.minor_basis_,
                        ReadBasis(path, minors["basis"], "minors.basis", t.sources_));
  } catch (const YAML::Exception& e) {
    return ParseError("unexpected value: " + e.msg,
                      Location(path, e.mark.line >= 0 ? e.mark.line + 1 : 0));
  }
  return t;
}

Result<Taxonomy> Taxonomy::LoadDefault(const std::string& data_dir) {
  const std::string dir = data_dir.empty() ? LocateDataDir() : data_dir;
  return Load(dir + "/taxonomy/pi_taxonomy.yaml");
}

const EntityClassification* Taxonomy::Find(std::string_view entity) const {
  for (const auto& e : entities_) {
    if (e.entity == entity) return &e;
  }
  return nullptr;
}

bool Taxonomy::IsSensitive(std::string_view entity, Jurisdiction j,
                           bool subject_minor_under_14) const {
  const EntityClassification* e = Find(entity);
  const bool pi = e == nullptr || e->personal_information;
  if (subject_minor_under_14 && pi && MinorsSensitive(j)) return true;
  return e != nullptr && e->sensitive(j);
}

std::set<std::string> Taxonomy::SensitiveCategories(Jurisdiction j,
                                                    SensitiveCategoryReading reading) const {
  std::set<std::string> sensitive, not_sensitive;
  for (const EntityClassification& e : entities_) {
    if (!e.personal_information) continue;
    (e.sensitive(j) ? sensitive : not_sensitive).insert(e.category);
  }
  if (reading == SensitiveCategoryReading::kEveryKind) {
    for (const std::string& c : not_sensitive) sensitive.erase(c);
  }
  if (MinorsSensitive(j)) sensitive.insert("minors");
  return sensitive;
}

std::string_view Taxonomy::Citation(std::string_view key) const {
  auto it = sources_.find(key);
  return it == sources_.end() ? std::string_view() : std::string_view(it->second);
}

bool IsMinor(CivilDate birth, CivilDate as_of, int age_limit) {
  return as_of <= birth.AddYears(age_limit);
}

CivilDate FirstMinorBirthDate(CivilDate as_of, int age_limit) {
  // IsMinor is monotone in the birth date: false before the answer, true from it on. The answer
  // lies within a few days of as_of minus age_limit years (clamping moves a date by at most 3).
  const CivilDate around = as_of.AddYears(-age_limit);
  int64_t lo = around.days_since_epoch() - 8;  // not a minor
  int64_t hi = around.days_since_epoch() + 8;  // a minor
  while (hi - lo > 1) {
    const int64_t mid = lo + (hi - lo) / 2;
    (IsMinor(CivilDate::FromDays(mid), as_of, age_limit) ? hi : lo) = mid;
  }
  return CivilDate::FromDays(hi);
}

}  // namespace xb
