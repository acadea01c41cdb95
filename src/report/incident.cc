#include "report/incident.h"

#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <filesystem>

#include "core/atomic_file.h"

namespace xb::report {
namespace {

constexpr const char* kCategories[] = {
    "identity", "contact",           "biometric", "health",         "financial",   "whereabouts",
    "religion", "specific_identity", "minors",    "device_network", "organisation"};

class Reader {
 public:
  Reader(std::string file, YAML::Node root) : file_(std::move(file)), root_(std::move(root)) {}

  Error Bad(const YAML::Node& node, const std::string& field, const std::string& message) const {
    int line = node.IsDefined() ? node.Mark().line + 1 : 0;
    return InvalidArgument(message, {file_, line, "incident." + field});
  }

  Result<std::string> Text(const std::string& field, bool required = false) const {
    YAML::Node n = root_[field];
    if (!n || n.IsNull()) {
      if (required) return Bad(root_, field, "missing");
      return std::string();
    }
    if (!n.IsScalar()) return Bad(n, field, "expected text");
    return n.as<std::string>();
  }

  Result<std::vector<std::string>> List(const std::string& field) const {
    YAML::Node n = root_[field];
    std::vector<std::string> out;
    if (!n || n.IsNull()) return out;
    if (n.IsScalar()) return std::vector<std::string>{n.as<std::string>()};
    if (!n.IsSequence()) return Bad(n, field, "expected a list");
    for (const auto& item : n) {
      if (!item.IsScalar()) return Bad(item, field, "expected text items");
      out.push_back(item.as<std::string>());
    }
    return out;
  }

  Result<std::optional<int64_t>> Count(const std::string& field) const {
    YAML::Node n = root_[field];
    if (!n || n.IsNull()) return std::optional<int64_t>();
    int64_t v = 0;
    if (!n.IsScalar() || !YAML::convert<int64_t>::decode(n, v)) {
      return Bad(n, field, "expected a whole number");
    }
    if (v < 0) return Bad(n, field, "must not be negative");
    return std::optional<int64_t>(v);
  }

  const YAML::Node& root() const { return root_; }

 private:
  std::string file_;
  YAML::Node root_;
};

Result<std::pair<CivilDate, CivilDate>> OccurredAt(const Reader& r) {
  YAML::Node n = r.root()["occurred_at"];
  if (!n || n.IsNull()) return r.Bad(r.root(), "occurred_at", "missing (a date or {from, to})");
  auto date = [&](const YAML::Node& v, const std::string& field) -> Result<CivilDate> {
    if (!v || !v.IsScalar()) return r.Bad(n, field, "expected a date YYYY-MM-DD");
    auto d = CivilDate::Parse(v.as<std::string>());
    if (!d) return r.Bad(v, field, "expected a date YYYY-MM-DD");
    return *d;
  };
  if (n.IsScalar()) {
    XB_ASSIGN_OR_RETURN(CivilDate d, date(n, "occurred_at"));
    return std::make_pair(d, d);
  }
  if (!n.IsMap()) return r.Bad(n, "occurred_at", "expected a date or {from, to}");
  XB_ASSIGN_OR_RETURN(CivilDate from, date(n["from"], "occurred_at.from"));
  XB_ASSIGN_OR_RETURN(CivilDate to, date(n["to"], "occurred_at.to"));
  if (to < from) return r.Bad(n, "occurred_at", "'to' is before 'from'");
  return std::make_pair(from, to);
}

}  // namespace

Result<Incident> LoadIncidentFile(const std::string& path) {
  XB_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  YAML::Node doc;
  try {
    doc = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    return ParseError("malformed YAML: " + e.msg, {path, e.mark.line + 1, ""});
  }
  if (!doc.IsMap() || !doc["incident"] || !doc["incident"].IsMap()) {
    return InvalidArgument("expected a mapping 'incident:' at the top", {path, 1, "incident"});
  }
  Reader r(path, doc["incident"]);
  Incident in;
  in.file = path;
  XB_ASSIGN_OR_RETURN(std::string discovered, r.Text("discovered_at", true));
  auto ts = ParseTimestamp(discovered);
  if (!ts) {
    return r.Bad(r.root()["discovered_at"], "discovered_at",
                 "expected a date and time with its offset, e.g. 2026-11-25T09:30:00+08:00");
  }
  in.discovered_at = *ts;
  XB_ASSIGN_OR_RETURN(auto occurred, OccurredAt(r));
  in.occurred_from = occurred.first;
  in.occurred_to = occurred.second;
  XB_ASSIGN_OR_RETURN(in.description, r.Text("description"));
  XB_ASSIGN_OR_RETURN(in.cause, r.Text("cause"));
  XB_ASSIGN_OR_RETURN(in.categories, r.List("categories"));
  for (const std::string& c : in.categories) {
    bool known = false;
    for (const char* k : kCategories) known = known || c == k;
    if (!known) {
      return r.Bad(r.root()["categories"], "categories", "unknown PI category '" + c + "'");
    }
  }
  XB_ASSIGN_OR_RETURN(std::string ids, r.Text("affected_subjects_file"));
  if (!ids.empty()) {
    std::filesystem::path p(ids);
    in.affected_subjects_file =
        p.is_absolute() ? ids : (std::filesystem::path(path).parent_path() / p).string();
  }
  XB_ASSIGN_OR_RETURN(in.affected_individuals, r.Count("affected_individuals"));
  if (in.affected_subjects_file.empty() && !in.affected_individuals) {
    return r.Bad(r.root(), "affected_subjects_file",
                 "name the affected individuals: affected_subjects_file or affected_individuals");
  }
  XB_ASSIGN_OR_RETURN(in.measures_taken, r.List("measures_taken"));
  YAML::Node contact = r.root()["contact"];
  if (contact && !contact.IsNull()) {
    if (!contact.IsMap()) return r.Bad(contact, "contact", "expected {name, phone, email}");
    Reader c(path, contact);
    XB_ASSIGN_OR_RETURN(in.contact_name, c.Text("name"));
    XB_ASSIGN_OR_RETURN(in.contact_phone, c.Text("phone"));
    XB_ASSIGN_OR_RETURN(in.contact_email, c.Text("email"));
  }
  XB_ASSIGN_OR_RETURN(in.possible_harm, r.Text("possible_harm"));
  XB_ASSIGN_OR_RETURN(in.individual_measures, r.Text("individual_measures"));
  XB_ASSIGN_OR_RETURN(in.records, r.Count("records"));
  XB_ASSIGN_OR_RETURN(in.exporter, r.Text("exporter"));
  YAML::Node eu = r.root()["eu_data"];
  if (eu && !eu.IsNull()) {
    bool v = false;
    if (!eu.IsScalar() || !YAML::convert<bool>::decode(eu, v)) {
      return r.Bad(eu, "eu_data", "expected true or false");
    }
    in.eu_data = v;
  }
  return in;
}

}  // namespace xb::report
