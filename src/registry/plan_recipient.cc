#include "registry/plan_recipient.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "ledger/open_ledger.h"
#include "registry/open_registry.h"

namespace xb::registry {
namespace {

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool InForce(const HeldMechanism& m, CivilDate on) {
  return (!m.effective || *m.effective <= on) && (!m.expires || on <= *m.expires);
}

rules::RawSection MechanismSection(const HeldMechanism& m) {
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "type" << YAML::Value << m.type << YAML::Key << "reference"
      << YAML::Value << YAML::DoubleQuoted << m.reference;
  if (m.effective) out << YAML::Key << "effective" << YAML::Value << m.effective->ToString();
  if (m.expires) out << YAML::Key << "expires" << YAML::Value << m.expires->ToString();
  if (m.filed) out << YAML::Key << "filed" << YAML::Value << m.filed->ToString();
  out << YAML::EndMap;
  return rules::RawSection{out.c_str(), 0};
}

}  // namespace

void FillPlanRecipient(const Recipient& r, CivilDate as_of, rules::Plan* plan) {
  if (!plan->recipient_name) plan->recipient_name = r.Label();
  if (!plan->recipient_country) plan->recipient_country = r.country;
  if (!plan->recipient_kind) plan->recipient_kind = r.kind;
  if (!plan->recipient_restricted_list) plan->recipient_restricted_list = r.restricted_list;
  if (!plan->recipient_dpf_certified && r.dpf_certified) plan->recipient_dpf_certified = true;
  if (!plan->mechanism) {
    const HeldMechanism* only = nullptr;
    int in_force = 0;
    for (const HeldMechanism& m : r.mechanisms) {
      if (InForce(m, as_of)) {
        only = &m;
        ++in_force;
      }
    }
    if (in_force == 1) plan->mechanism = MechanismSection(*only);
  }
}

std::vector<std::string> PlanConflicts(const Recipient& r, const rules::Plan& facts,
                                       CivilDate as_of) {
  std::vector<std::string> out;
  const std::string who = "registered recipient '" + r.id + "'";
  if (r.retired && *r.retired <= as_of) {
    out.push_back(who + " was retired on " + r.retired->ToString() +
                  "; register it again before sending it data");
  }
  // An individual's name is compared, never printed.
  if (facts.recipient_name && *facts.recipient_name != r.Label() &&
      *facts.recipient_name != r.name) {
    out.push_back("the plan names another recipient (recipient.name) than " + who);
  }
  if (facts.recipient_country && *facts.recipient_country != r.country) {
    out.push_back("the plan says recipient.country " + *facts.recipient_country + "; " + who +
                  " is in " + r.country);
  }
  if (facts.recipient_kind && *facts.recipient_kind != r.kind) {
    out.push_back("the plan says recipient.kind " + *facts.recipient_kind + "; " + who + " is " +
                  r.kind);
  }
  if (r.restricted_list && facts.recipient_restricted_list == false) {
    out.push_back("the plan says recipient.restricted_list false; " + who +
                  " is on the restricted list (PIPL Art. 42)");
  }
  if (facts.purpose && !r.purposes.empty() && !Contains(r.purposes, *facts.purpose)) {
    out.push_back(who + " may not receive data for purpose " + *facts.purpose +
                  " (registered purposes: " +
                  [&] {
                    std::string s;
                    for (const auto& p : r.purposes) s += (s.empty() ? "" : ", ") + p;
                    return s;
                  }() +
                  ")");
  }
  if (facts.categories && !r.categories.empty()) {
    for (const std::string& c : *facts.categories) {
      if (!Contains(r.categories, c)) {
        out.push_back(who + " may not receive category " + c +
                      " (not among its registered categories)");
      }
    }
  }
  return out;
}

Result<std::optional<Recipient>> ResolvePlanRecipient(rules::Plan* plan, const std::string& db_path,
                                                      const std::string& key_path,
                                                      CivilDate as_of) {
  if (!plan->recipient_id) return std::optional<Recipient>();
  const Location where(plan->file, plan->LineOf("recipient.id"), "recipient.id");
  auto ledger = ledger::OpenLedgerFile(db_path, key_path, ledger::LedgerAccess::kRead);
  if (!ledger.ok()) {
    if (ledger.error().code != ErrorCode::kNotFound) return std::move(ledger).error();
    return NotFound("the plan names registered recipient '" + *plan->recipient_id +
                        "', but there is no registry (no database at " + db_path + ")",
                    where);
  }
  XB_ASSIGN_OR_RETURN(auto registry, OpenRegistry(**ledger, db_path, false));
  XB_ASSIGN_OR_RETURN(std::optional<Recipient> r, registry->Find(*plan->recipient_id, false));
  if (!r) {
    return NotFound(
        "no recipient '" + *plan->recipient_id + "' is registered (xborder recipients list)",
        where);
  }
  FillPlanRecipient(*r, as_of, plan);
  return r;
}

}  // namespace xb::registry
