#include "report/incident.h"

#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <filesystem>

#include "core/atomic_file.h"

namespace xb::report {
namespace {

constexpr const char* kKeys[] = {"discovered_at",
                                 "occurred_at",
                                 "description",
                                 "cause",
                                 "categories",
                                 "affected_subjects_file",
                                 "affected_individuals",
                                 "measures_taken",
                                 "contact",
                                 "possible_harm",
                                 "individual_measures",
                                 "records",
                                 "eu_data",
                                 "exporter"};
constexpr const char* kContactKeys[] = {"name", "phone", "email"};
constexpr const char* kRangeKeys[] = {"from", "to"};

constexpr const char* kCategories[] = {
    "identity", "contact",           "biometric", "health",         "financial",   "whereabouts",
    "religion", "specific_identity", "minors",    "device_network", "organisation"};

class Reader {
 public:
  // `prefix` names the mapping in errors ("incident", "incident.contact"); the lines of the
  // fields read are recorded in `lines` when given.
  Reader(std::string file, YAML::Node root, std::string prefix = "incident",
         std::map<std::string, int>* lines = nullptr)
      : file_(std::move(file)), root_(std::move(root)), prefix_(std::move(prefix)), lines_(lines) {}

  Error Bad(const YAML::Node& node, const std::string& field, const std::string& message) const {
    int line = node.IsDefined() ? node.Mark().line + 1 : 0;
    return InvalidArgument(message, {file_, line, prefix_ + "." + field});
  }

  // Records where `field` (and, for a list, each item) was written.
  void Mark(const std::string& field, const YAML::Node& n) const {
    if (lines_ == nullptr || !n.IsDefined()) return;
    (*lines_)[field] = n.Mark().line + 1;
    if (!n.IsSequence()) return;
    for (size_t i = 0; i < n.size(); ++i) {
      (*lines_)[field + "[" + std::to_string(i + 1) + "]"] = n[i].Mark().line + 1;
    }
  }

  // Appends "<prefix>.<key>" for every key of the mapping not in `known`.
  template <size_t N>
  void Unknown(const char* const (&known)[N], std::vector<std::string>* out) const {
    if (!root_.IsMap()) return;
    for (const auto& kv : root_) {
      std::string key = kv.first.Scalar();
      bool found = false;
      for (const char* k : known) found = found || key == k;
      if (!found) out->push_back(prefix_ + "." + key);
    }
  }

  Result<std::string> Text(const std::string& field, bool required = false) const {
    YAML::Node n = root_[field];
    if (!n || n.IsNull()) {
      if (required) return Bad(root_, field, "missing");
      return std::string();
    }
    if (!n.IsScalar()) return Bad(n, field, "expected text");
    Mark(field, n);
    return n.as<std::string>();
  }

  Result<std::vector<std::string>> List(const std::string& field) const {
    YAML::Node n = root_[field];
    std::vector<std::string> out;
    if (!n || n.IsNull()) return out;
    if (n.IsScalar()) {
      Mark(field + "[1]", n);
      return std::vector<std::string>{n.as<std::string>()};
    }
    if (!n.IsSequence()) return Bad(n, field, "expected a list");
    Mark(field, n);
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
  std::string prefix_;
  std::map<std::string, int>* lines_;
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

Result<Incident> LoadIncidentFile(const std::string& path, const std::string& resolve_in) {
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
  Incident in;
  in.file = path;
  Reader r(path, doc["incident"], "incident", &in.lines);
  for (const auto& kv : doc) {
    if (kv.first.Scalar() != "incident") in.unknown_keys.push_back(kv.first.Scalar());
  }
  r.Unknown(kKeys, &in.unknown_keys);
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
  // Dates are compared with the day of discovery where it was discovered (its own offset).
  if (in.occurred_to > in.discovered_at.date) {
    return r.Bad(r.root()["occurred_at"], "occurred_at",
                 "falls after discovered_at (" + in.discovered_at.date.ToString() +
                     "): an incident cannot be discovered before it occurs");
  }
  if (r.root()["occurred_at"].IsMap()) {
    Reader(path, r.root()["occurred_at"], "incident.occurred_at")
        .Unknown(kRangeKeys, &in.unknown_keys);
  }
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
    const std::filesystem::path folder = resolve_in.empty()
                                             ? std::filesystem::path(path).parent_path()
                                             : std::filesystem::path(resolve_in);
    in.affected_subjects_file = p.is_absolute() ? ids : (folder / p).string();
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
    Reader c(path, contact, "incident.contact");
    c.Unknown(kContactKeys, &in.unknown_keys);
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

std::vector<FreeTextField> FreeTextFields(const Incident& in) {
  std::vector<FreeTextField> out;
  auto add = [&](std::string field, const std::string& text) {
    if (!text.empty()) out.push_back({std::move(field), &text});
  };
  add("description", in.description);
  add("cause", in.cause);
  for (size_t i = 0; i < in.measures_taken.size(); ++i) {
    add("measures_taken[" + std::to_string(i + 1) + "]", in.measures_taken[i]);
  }
  add("possible_harm", in.possible_harm);
  add("individual_measures", in.individual_measures);
  return out;
}

Status CheckFreeText(const Incident& in, const TextDetector& detector) {
  std::vector<TextFinding> findings;
  for (const FreeTextField& f : FreeTextFields(in)) {
    XB_RETURN_IF_ERROR(detector.Detect(*f.text, &findings));
    for (const TextFinding& found : findings) {
      if (found.masked) continue;
      auto line = in.lines.find(f.field);
      return InvalidArgument(
          "the text holds personal information (" + std::string(EntityTypeName(found.type)) +
              "): the notices print it as written, so describe the incident without names, "
              "identifiers, contact details or addresses of individuals",
          {in.file, line == in.lines.end() ? 0 : line->second, "incident." + f.field});
    }
  }
  return Status::Ok();
}

}  // namespace xb::report
