#include "rules/plan.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "rules/fact_model.h"
#include "rules/suggest.h"

namespace xb::rules {
namespace {

enum class Kind {
  kMap,
  kBool,
  kCount,
  kDate,
  kText,
  kEnum,
  kCountry,
  kList,
  kTextList,
  kRaw,
  kFtz
};

struct KeySpec {
  const char* path;
  Kind kind;
  int fact = -1;                // vocabulary source for kEnum / kList
  const char* null_means = "";  // kEnum: the symbol an explicit null states ("" = not stated)
};

// The plan schema (DESIGN.md §5 plus the fields later stages read).
const KeySpec kSchema[] = {
    {"as_of", Kind::kDate},
    {"jurisdiction", Kind::kEnum, kJurisdiction},
    {"exporter", Kind::kMap},
    {"exporter.name", Kind::kText},
    {"exporter.ciio", Kind::kBool},
    {"exporter.state_organ", Kind::kBool},
    {"exporter.ftz", Kind::kFtz, kExporterFtz},
    {"exporter.individuals_processed", Kind::kCount},
    {"exporter.role", Kind::kEnum, kExporterRole},
    {"exporter.sector", Kind::kEnum, kExporterSector, "other"},
    {"exporter.outside_china", Kind::kBool},
    {"exporter.gba_city", Kind::kBool},
    {"exporter.public_authority", Kind::kBool},
    {"recipient", Kind::kMap},
    {"recipient.id", Kind::kText},
    {"recipient.name", Kind::kText},
    {"recipient.country", Kind::kCountry},
    {"recipient.kind", Kind::kEnum, kRecipientKind},
    {"recipient.restricted_list", Kind::kBool},
    {"recipient.dpf_certified", Kind::kBool},
    {"recipient.role", Kind::kEnum, kRecipientRole},
    {"recipient.organisation", Kind::kEnum, kRecipientOrganisation},
    {"recipient.privacy_shield_certified", Kind::kBool},
    {"recipient.reciprocal_measures", Kind::kBool},
    {"purpose", Kind::kEnum, kPurpose},
    {"approvals", Kind::kList, kApprovals},
    {"derogation", Kind::kEnum, kDerogation},
    {"data", Kind::kMap},
    {"data.personal_information", Kind::kBool},
    {"data.important_data", Kind::kBool},
    {"data.on_ftz_negative_list", Kind::kBool},
    {"data.collected_abroad", Kind::kBool},
    {"data.domestic_data_added", Kind::kBool},
    {"data.individuals", Kind::kCount},
    {"data.sensitive_individuals", Kind::kCount},
    {"data.categories", Kind::kList, kDataCategories},
    {"data.subjects", Kind::kList, kDataSubjects},
    {"data.individuals_are_parties", Kind::kBool},
    {"data.ftz_sector_covered", Kind::kBool},
    {"data.datasets", Kind::kTextList},
    {"data.categories_needed", Kind::kTextList},
    {"history", Kind::kMap},
    {"history.individuals_ytd", Kind::kCount},
    {"history.sensitive_individuals_ytd", Kind::kCount},
    {"history.individuals_since_prev_year", Kind::kCount},
    {"history.sensitive_individuals_since_prev_year", Kind::kCount},
    {"history.exempt_individuals_ytd", Kind::kCount},
    {"history.exempt_sensitive_individuals_ytd", Kind::kCount},
    {"history.exempt_individuals_since_prev_year", Kind::kCount},
    {"history.exempt_sensitive_individuals_since_prev_year", Kind::kCount},
    {"policy", Kind::kRaw},
    {"mechanism", Kind::kRaw},
    {"consent", Kind::kRaw},
};

const KeySpec* FindSpec(const std::string& path) {
  for (const auto& s : kSchema) {
    if (path == s.path) return &s;
  }
  return nullptr;
}

int LineOf(const YAML::Node& n) { return n.Mark().line >= 0 ? n.Mark().line + 1 : 0; }

// The value a scalar holds, described by shape only: plan values may be personal data.
std::string Shape(const YAML::Node& n) {
  if (n.IsNull()) return "nothing";
  if (n.IsSequence()) return "a list";
  if (n.IsMap()) return "a mapping";
  const std::string& s = n.Scalar();
  bool digits =
      !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) return "a number";
  return "text of " + std::to_string(s.size()) + " characters";
}

class PlanParser {
 public:
  PlanParser(const std::string& file, const CountryCodes* countries,
             std::vector<PlanWarning>* warnings)
      : file_(file), countries_(countries), warnings_(warnings) {}

  Error Err(const YAML::Node& n, const std::string& field, const std::string& message) {
    return InvalidArgument(message, Location(file_, LineOf(n), field));
  }

  Status Walk(const YAML::Node& map, const std::string& prefix, Plan* plan) {
    for (const auto& kv : map) {
      if (!kv.first.IsScalar()) return Err(kv.first, prefix, "keys must be plain names");
      const std::string key = kv.first.Scalar();
      const std::string path = prefix.empty() ? key : prefix + "." + key;
      const KeySpec* spec = FindSpec(path);
      if (spec == nullptr) {
        Warn(kv.first, key, prefix);
        continue;
      }
      plan->lines[path] = LineOf(kv.first);
      XB_RETURN_IF_ERROR(Read(*spec, kv.second, path, plan));
    }
    return Status::Ok();
  }

 private:
  void Warn(const YAML::Node& key_node, const std::string& key, const std::string& prefix) {
    std::vector<std::string> siblings, everywhere;
    for (const auto& s : kSchema) {
      std::string p = s.path;
      size_t dot = p.rfind('.');
      std::string parent = dot == std::string::npos ? "" : p.substr(0, dot);
      std::string leaf = dot == std::string::npos ? p : p.substr(dot + 1);
      if (parent == prefix) siblings.push_back(leaf);
      if (leaf == key) everywhere.push_back(p);
    }
    std::string hint = DidYouMean(key, siblings);
    if (hint.empty() && !everywhere.empty()) hint = " (did you mean '" + everywhere[0] + "'?)";
    const std::string where = prefix.empty() ? "" : " in '" + prefix + "'";
    warnings_->push_back(
        {"unknown key '" + key + "'" + where + hint + "; ignored", LineOf(key_node)});
  }

  Result<bool> Bool(const YAML::Node& n, const std::string& path) {
    if (n.IsScalar() && (n.Scalar() == "true" || n.Scalar() == "false"))
      return n.Scalar() == "true";
    return Err(n, path, "expected true or false, found " + Shape(n));
  }

  Result<int64_t> Count(const YAML::Node& n, const std::string& path) {
    if (!n.IsScalar()) return Err(n, path, "expected a count (whole number), found " + Shape(n));
    const std::string& s = n.Scalar();
    if (!s.empty() && s[0] == '-' && s.size() > 1 &&
        std::all_of(s.begin() + 1, s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return Err(n, path, "a count cannot be negative");
    }
    if (s.empty() || s.size() > 15 ||
        !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return Err(n, path, "expected a count (whole number without separators), found " + Shape(n));
    }
    return std::stoll(s);
  }

  Result<std::string> Symbol(const YAML::Node& n, const std::string& path, int fact) {
    if (!n.IsScalar()) return Err(n, path, "expected a name, found " + Shape(n));
    const auto& vocab = model_.info(fact).vocabulary;
    const std::string& s = n.Scalar();
    if (std::find(vocab.begin(), vocab.end(), s) == vocab.end()) {
      std::string list;
      for (const auto& v : vocab) list += (list.empty() ? "" : ", ") + v;
      std::string hint = DidYouMean(s, vocab);
      return Err(
          n, path,
          "unknown value" + (hint.empty() ? std::string() : hint) + "; expected one of: " + list);
    }
    return s;
  }

  Status Read(const KeySpec& spec, const YAML::Node& n, const std::string& path, Plan* plan) {
    switch (spec.kind) {
      case Kind::kMap:
        if (n.IsNull()) return Status::Ok();
        if (!n.IsMap()) return Err(n, path, "expected a mapping, found " + Shape(n));
        if (path == "history") plan->has_history = true;
        return Walk(n, path, plan);
      case Kind::kBool: {
        if (n.IsNull()) return Status::Ok();  // "ciio:" with no value = not stated
        XB_ASSIGN_OR_RETURN(bool b, Bool(n, path));
        SetBool(path, b, plan);
        return Status::Ok();
      }
      case Kind::kCount: {
        if (n.IsNull()) return Status::Ok();
        XB_ASSIGN_OR_RETURN(int64_t c, Count(n, path));
        SetCount(path, c, plan);
        return Status::Ok();
      }
      case Kind::kDate: {
        if (n.IsNull()) return Status::Ok();
        auto d = n.IsScalar() ? CivilDate::Parse(n.Scalar()) : std::nullopt;
        if (!d) return Err(n, path, "expected a date YYYY-MM-DD, found " + Shape(n));
        plan->as_of = *d;
        return Status::Ok();
      }
      case Kind::kText:
        if (n.IsNull()) return Status::Ok();
        if (!n.IsScalar()) return Err(n, path, "expected text, found " + Shape(n));
        (path == "exporter.name"  ? plan->exporter_name
         : path == "recipient.id" ? plan->recipient_id
                                  : plan->recipient_name) = n.Scalar();
        return Status::Ok();
      case Kind::kFtz: {
        if (n.IsNull() || (n.IsScalar() && (n.Scalar() == "none" || n.Scalar() == "false"))) {
          plan->exporter_ftz = "none";
          return Status::Ok();
        }
        XB_ASSIGN_OR_RETURN(plan->exporter_ftz, Symbol(n, path, spec.fact));
        return Status::Ok();
      }
      case Kind::kEnum: {
        if (n.IsNull() && *spec.null_means == '\0') return Status::Ok();
        std::string s = spec.null_means;
        if (!n.IsNull()) {
          XB_ASSIGN_OR_RETURN(s, Symbol(n, path, spec.fact));
        }
        if (path == "jurisdiction")
          plan->jurisdiction = s;
        else if (path == "exporter.role")
          plan->exporter_role = s;
        else if (path == "recipient.kind")
          plan->recipient_kind = s;
        else if (path == "recipient.role")
          plan->recipient_role = s;
        else if (path == "purpose")
          plan->purpose = s;
        else if (path == "derogation")
          plan->derogation = s;
        else if (path == "exporter.sector")
          plan->exporter_sector = s;
        else if (path == "recipient.organisation")
          plan->recipient_organisation = s;
        return Status::Ok();
      }
      case Kind::kCountry: {
        if (n.IsNull()) return Status::Ok();
        if (!n.IsScalar())
          return Err(n, path, "expected an ISO 3166-1 alpha-2 code, found " + Shape(n));
        std::string code = n.Scalar();
        if (!EncodeCountry(code)) {
          std::string upper = code;
          for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
          std::string hint = EncodeCountry(upper) && (!countries_ || countries_->Contains(upper))
                                 ? " (did you mean '" + upper + "'?)"
                                 : "";
          return Err(n, path,
                     "expected an ISO 3166-1 alpha-2 code (two capital letters), found " +
                         Shape(n) + hint);
        }
        if (countries_ != nullptr && !countries_->Contains(code)) {
          return Err(n, path, "'" + code + "' is not an ISO 3166-1 alpha-2 country code");
        }
        plan->recipient_country = code;
        return Status::Ok();
      }
      case Kind::kList: {
        auto& out = path == "approvals"       ? plan->approvals
                    : path == "data.subjects" ? plan->subjects
                                              : plan->categories;
        if (n.IsNull()) {
          out = std::vector<std::string>{};
          return Status::Ok();
        }
        if (!n.IsSequence()) return Err(n, path, "expected a list, found " + Shape(n));
        std::vector<std::string> items;
        for (const auto& it : n) {
          XB_ASSIGN_OR_RETURN(std::string s, Symbol(it, path, spec.fact));
          items.push_back(s);
        }
        out = items;
        return Status::Ok();
      }
      case Kind::kTextList: {
        if (n.IsNull()) return Status::Ok();
        if (!n.IsSequence()) return Err(n, path, "expected a list, found " + Shape(n));
        auto& out = path == "data.datasets" ? plan->datasets : plan->categories_needed;
        for (const auto& it : n) {
          if (!it.IsScalar()) return Err(it, path, "expected text, found " + Shape(it));
          out.push_back(it.Scalar());
        }
        return Status::Ok();
      }
      case Kind::kRaw: {
        RawSection raw{YAML::Dump(n), LineOf(n)};
        if (path == "mechanism") XB_RETURN_IF_ERROR(ReadMechanismDates(raw, file_));
        (path == "policy"      ? plan->policy
         : path == "mechanism" ? plan->mechanism
                               : plan->consent) = raw;
        return Status::Ok();
      }
    }
    return Status::Ok();
  }

  void SetBool(const std::string& p, bool b, Plan* plan) {
    if (p == "exporter.ciio")
      plan->exporter_ciio = b;
    else if (p == "exporter.state_organ")
      plan->exporter_state_organ = b;
    else if (p == "recipient.restricted_list")
      plan->recipient_restricted_list = b;
    else if (p == "recipient.dpf_certified")
      plan->recipient_dpf_certified = b;
    else if (p == "data.personal_information")
      plan->personal_information = b;
    else if (p == "data.important_data")
      plan->important_data = b;
    else if (p == "data.on_ftz_negative_list")
      plan->on_ftz_negative_list = b;
    else if (p == "data.collected_abroad")
      plan->collected_abroad = b;
    else if (p == "data.domestic_data_added")
      plan->domestic_data_added = b;
    else if (p == "exporter.outside_china")
      plan->exporter_outside_china = b;
    else if (p == "exporter.gba_city")
      plan->exporter_gba_city = b;
    else if (p == "exporter.public_authority")
      plan->exporter_public_authority = b;
    else if (p == "recipient.privacy_shield_certified")
      plan->recipient_privacy_shield_certified = b;
    else if (p == "recipient.reciprocal_measures")
      plan->recipient_reciprocal_measures = b;
    else if (p == "data.individuals_are_parties")
      plan->individuals_are_parties = b;
    else if (p == "data.ftz_sector_covered")
      plan->ftz_sector_covered = b;
  }

  void SetCount(const std::string& p, int64_t c, Plan* plan) {
    PlanHistory& h = plan->history;
    if (p == "exporter.individuals_processed")
      plan->exporter_individuals_processed = c;
    else if (p == "data.individuals")
      plan->individuals = c;
    else if (p == "data.sensitive_individuals")
      plan->sensitive_individuals = c;
    else if (p == "history.individuals_ytd")
      h.individuals_ytd = c;
    else if (p == "history.sensitive_individuals_ytd")
      h.sensitive_individuals_ytd = c;
    else if (p == "history.individuals_since_prev_year")
      h.individuals_since_prev_year = c;
    else if (p == "history.sensitive_individuals_since_prev_year")
      h.sensitive_individuals_since_prev_year = c;
    else if (p == "history.exempt_individuals_ytd")
      h.exempt_individuals_ytd = c;
    else if (p == "history.exempt_sensitive_individuals_ytd")
      h.exempt_sensitive_individuals_ytd = c;
    else if (p == "history.exempt_individuals_since_prev_year")
      h.exempt_individuals_since_prev_year = c;
    else if (p == "history.exempt_sensitive_individuals_since_prev_year")
      h.exempt_sensitive_individuals_since_prev_year = c;
  }

  const std::string& file_;
  const CountryCodes* countries_;
  std::vector<PlanWarning>* warnings_;
  FactModel model_;
};

}  // namespace

int Plan::LineOf(const std::string& dotted) const {
  auto it = lines.find(dotted);
  return it == lines.end() ? 0 : it->second;
}

Result<CountryCodes> CountryCodes::LoadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFound("cannot open the country code list", Location(path));
  CountryCodes out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    std::string code = line.substr(0, line.find('\t'));
    if (!EncodeCountry(code)) return ParseError("expected a two-letter code", Location(path, n));
    out.codes_.insert(code);
  }
  if (out.codes_.empty()) return ParseError("no country codes", Location(path));
  return out;
}

CountryCodes CountryCodes::FromList(const std::vector<std::string>& codes) {
  CountryCodes out;
  out.codes_.insert(codes.begin(), codes.end());
  return out;
}

Result<MechanismDates> ReadMechanismDates(const RawSection& section, const std::string& file) {
  MechanismDates out;
  YAML::Node n;
  try {
    n = YAML::Load(section.yaml);
  } catch (const YAML::Exception&) {
    return out;  // the block came from YAML::Dump (or the registry): not reached in practice
  }
  if (!n.IsMap()) return out;
  if (n["type"] && n["type"].IsScalar()) out.type = n["type"].Scalar();
  YAML::Node effective = n["effective"];
  if (!effective || effective.IsNull()) return out;
  auto d = effective.IsScalar() ? CivilDate::Parse(effective.Scalar()) : std::nullopt;
  if (!d) {
    return InvalidArgument("expected a date YYYY-MM-DD, found " + Shape(effective),
                           Location(file, section.line, "mechanism.effective"));
  }
  out.effective = *d;
  return out;
}

Result<Plan> ParsePlan(std::string_view yaml_text, const std::string& file,
                       const CountryCodes* countries, std::vector<PlanWarning>* warnings) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    return ParseError("malformed YAML: " + e.msg, Location(file, e.mark.line + 1));
  }
  if (!root.IsMap()) return ParseError("a plan is a YAML mapping of keys", Location(file, 1));
  Plan plan;
  plan.file = file;
  PlanParser parser(file, countries, warnings);
  try {
    XB_RETURN_IF_ERROR(parser.Walk(root, "", &plan));
  } catch (const YAML::Exception& e) {
    return ParseError("malformed plan: " + e.msg, Location(file, e.mark.line + 1));
  }
  return plan;
}

Result<Plan> LoadPlanFile(const std::string& path, const CountryCodes* countries,
                          std::vector<PlanWarning>* warnings) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open the plan", Location(path));
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().size() > (1 << 20))
    return InvalidArgument("plan larger than 1 MiB", Location(path));
  return ParsePlan(text.str(), path, countries, warnings);
}

}  // namespace xb::rules
