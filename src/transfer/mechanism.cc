#include "transfer/mechanism.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace xb::transfer {

namespace {

// The rule-pack obligation that sets a mechanism's validity from the day it takes effect.
std::string_view ValidityObligation(std::string_view type) {
  if (type == "security_assessment") return "sa_validity";
  if (type == "certification") return "cert_validity";
  return {};  // a standard contract holds while the contract runs
}

}  // namespace

MechanismTerms TermsFromPacks(const Mechanism& m, const rules::Engine& engine, CivilDate as_of) {
  MechanismTerms terms;
  terms.expiry = m.expires;
  if (!m.effective) return terms;
  if (std::string_view id = ValidityObligation(m.type); !id.empty() && !terms.expiry) {
    if (auto end = engine.DueFrom(id, *m.effective, as_of)) terms.expiry = end->date.AddDays(-1);
  }
  if (m.type == "standard_contract")
    terms.filing = engine.DueFrom("scc_filing", *m.effective, as_of);
  return terms;
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
                                           CivilDate as_of, const MechanismTerms& terms) {
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
  if (terms.expiry && *terms.expiry < as_of) {
    problems.push_back("the mechanism expired on " + terms.expiry->ToString());
  }
  return problems;
}

std::vector<std::string> MechanismWarnings(const Mechanism& m, const MechanismTerms& terms) {
  std::vector<std::string> warnings;
  if (m.type != "standard_contract" || !terms.filing) return warnings;
  const rules::ObligationDue& filing = *terms.filing;
  if (!m.filed) {
    warnings.push_back(
        "no filing date given for the standard contract: it must be filed with the provincial "
        "CAC by " +
        filing.date.ToString() + " (" + filing.citation + ")");
  } else if (*m.filed > filing.date) {
    warnings.push_back("the standard contract was filed on " + m.filed->ToString() +
                       ", after its filing deadline " + filing.date.ToString() + " (" +
                       filing.citation + ")");
  }
  return warnings;
}

}  // namespace xb::transfer
