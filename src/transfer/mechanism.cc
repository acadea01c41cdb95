#include "transfer/mechanism.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace xb::transfer {

std::optional<CivilDate> Mechanism::EffectiveExpiry() const {
  if (expires) return expires;
  if (!effective) return std::nullopt;
  if (type == "security_assessment" || type == "certification") {
    return effective->AddYears(3).AddDays(-1);
  }
  return std::nullopt;
}

Result<Mechanism> ParseMechanism(std::string_view yaml, const std::string& file, int line) {
  Mechanism m;
  try {
    YAML::Node node = YAML::Load(std::string(yaml));
    if (!node.IsMap()) {
      return InvalidArgument("expected a mapping with type and reference",
                             {file, line, "mechanism"});
    }
    for (const auto& kv : node) {
      std::string key = kv.first.as<std::string>();
      int key_line = line + kv.first.Mark().line;
      std::string field = "mechanism." + key;
      if (!kv.second.IsScalar())
        return InvalidArgument("expected a single value", {file, key_line, field});
      std::string value = kv.second.as<std::string>();
      auto date = [&]() -> Result<std::optional<CivilDate>> {
        auto d = CivilDate::Parse(value);
        if (!d) return InvalidArgument("expected a date YYYY-MM-DD", {file, key_line, field});
        return std::optional<CivilDate>(d);
      };
      if (key == "type") {
        m.type = value;
      } else if (key == "reference") {
        m.reference = value;
      } else if (key == "effective" || key == "approved" || key == "issued") {
        XB_ASSIGN_OR_RETURN(m.effective, date());
      } else if (key == "expires") {
        XB_ASSIGN_OR_RETURN(m.expires, date());
      } else if (key == "filed") {
        XB_ASSIGN_OR_RETURN(m.filed, date());
      } else {
        return InvalidArgument("unknown key (known: type, reference, effective, expires, filed)",
                               {file, key_line, field});
      }
    }
  } catch (const YAML::Exception& e) {
    return ParseError(std::string("malformed YAML: ") + e.what(), {file, line, "mechanism"});
  }
  static const std::vector<std::string> kTypes = {
      "security_assessment",     "standard_contract",
      "certification",           "standard_contractual_clauses",
      "binding_corporate_rules", "code_of_conduct",
      "ad_hoc_clauses"};
  if (std::find(kTypes.begin(), kTypes.end(), m.type) == kTypes.end()) {
    return InvalidArgument(
        "mechanism type must be one of security_assessment, standard_contract, "
        "certification (CN) or standard_contractual_clauses, "
        "binding_corporate_rules, code_of_conduct, certification, "
        "ad_hoc_clauses (EU)",
        {file, line, "mechanism.type"});
  }
  return m;
}

std::vector<std::string> MechanismProblems(const std::optional<Mechanism>& m,
                                           const std::vector<std::string>& accepted,
                                           CivilDate as_of) {
  std::string options;
  for (const auto& a : accepted) options += (options.empty() ? "" : " or ") + a;
  if (!m) return {"the decision requires " + options + ", and the plan names no mechanism"};
  std::vector<std::string> problems;
  if (std::find(accepted.begin(), accepted.end(), m->type) == accepted.end()) {
    problems.push_back("the plan's mechanism is " + m->type + ", but the decision requires " +
                       options);
  }
  if (m->reference.find_first_not_of(" \t") == std::string::npos) {
    problems.push_back("the mechanism has no reference (filing, approval or certificate number)");
  }
  if (!m->effective) {
    problems.push_back("the mechanism has no effective date");
  } else if (*m->effective > as_of) {
    problems.push_back("the mechanism takes effect on " + m->effective->ToString() +
                       ", after the transfer date " + as_of.ToString());
  }
  if (auto expiry = m->EffectiveExpiry(); expiry && *expiry < as_of) {
    problems.push_back("the mechanism expired on " + expiry->ToString());
  }
  return problems;
}

std::vector<std::string> MechanismWarnings(const Mechanism& m,
                                           std::optional<CivilDate> filing_deadline) {
  std::vector<std::string> warnings;
  if (m.type != "standard_contract") return warnings;
  if (!m.filed) {
    warnings.push_back(
        "no filing date given for the standard contract: it must be filed with the "
        "provincial CAC within 10 working days of taking effect "
        "(Standard Contract Measures Art. 7)");
  } else if (filing_deadline && *m.filed > *filing_deadline) {
    warnings.push_back("the standard contract was filed on " + m.filed->ToString() +
                       ", after the 10-working-day deadline " + filing_deadline->ToString() +
                       " (Standard Contract Measures Art. 7)");
  }
  return warnings;
}

}  // namespace xb::transfer
