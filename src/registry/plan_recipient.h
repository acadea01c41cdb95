// A plan that names a registered recipient (`recipient: {id: R}`): the registry fills in the
// recipient facts the plan leaves out, and whatever the plan states that contradicts the
// registry is a reason to refuse the transfer.
#ifndef XBORDER_REGISTRY_PLAN_RECIPIENT_H_
#define XBORDER_REGISTRY_PLAN_RECIPIENT_H_

#include <optional>
#include <string>
#include <vector>

#include "core/civil_date.h"
#include "core/status.h"
#include "registry/recipient.h"
#include "rules/plan.h"

namespace xb::registry {

// Fills the plan's unstated recipient facts from `r`: name (an individual's is replaced by
// Recipient::Label(), so no name reaches the ledger), country, kind, restricted list, DPF
// certification, and `mechanism:` when the plan has none and exactly one of the recipient's
// mechanisms is in force on `as_of` (expires absent counts as in force; the transfer checks the
// law's validity as for a plan's own mechanism).
void FillPlanRecipient(const Recipient& r, CivilDate as_of, rules::Plan* plan);

// What the plan (with the categories the transfer computed, `facts`) contradicts in the
// registry on `as_of`, one reason per contradiction, each naming the recipient and the field:
// another name, country or kind; restricted-list status stated as false for a listed
// recipient; a purpose or a category the recipient may not receive; a recipient retired on or
// before `as_of`. Empty when the plan agrees with the registry.
std::vector<std::string> PlanConflicts(const Recipient& r, const rules::Plan& facts,
                                       CivilDate as_of);

// For a plan with `recipient: {id: R}`: reads R from the registry in the database at `db_path`
// (read-only: writes nothing) and fills in the plan (FillPlanRecipient). Returns the recipient,
// or nullopt when the plan names none by id. Errors: kNotFound (file, line and field
// recipient.id of the plan) when R is not registered or there is no database; those of opening
// the ledger and the registry.
Result<std::optional<Recipient>> ResolvePlanRecipient(rules::Plan* plan, const std::string& db_path,
                                                      const std::string& key_path, CivilDate as_of);

}  // namespace xb::registry

#endif  // XBORDER_REGISTRY_PLAN_RECIPIENT_H_
