// The transfer mechanism a plan says is in place (`mechanism:` in the plan), and whether it
// satisfies a `mechanism_required` decision on the transfer date.
//
//   mechanism:
//     type: standard_contract        # one of the decision's `mechanisms`
//     reference: "沪网信备 2026-0142"  # filing number, approval number or certificate number
//     effective: 2026-05-01           # contract in force / approval or certificate issued
//     expires: 2029-04-30             # optional; else the law's validity (below)
//     filed: 2026-05-12               # standard contract only: filing date with the provincial CAC
//
// The law's periods come from the rule packs (rules::Engine::DueFrom), never from this file:
// the validity when `expires` is absent (a security assessment's `sa_validity`, Provisions
// 2024 Art. 9; a certificate's `cert_validity`; a standard contract has no fixed term) and the
// standard contract's filing deadline (`scc_filing`, Standard Contract Measures Art. 7).
#ifndef XBORDER_TRANSFER_MECHANISM_H_
#define XBORDER_TRANSFER_MECHANISM_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_date.h"
#include "core/status.h"
#include "rules/engine.h"

namespace xb::transfer {

struct Mechanism {
  std::string type;
  std::string reference;
  std::optional<CivilDate> effective;
  std::optional<CivilDate> expires;
  std::optional<CivilDate> filed;
};

// What the rule packs in force on the transfer date make of a mechanism's dates.
struct MechanismTerms {
  // The last day the mechanism holds: `expires`, else the day before the validity the packs
  // give from `effective` ends (valid for 3 years from issue: the anniversary is the first
  // day it no longer holds). nullopt: no fixed term, or no effective date.
  std::optional<CivilDate> expiry;
  // Standard contract with an effective date: the day it must be filed by, and the rule.
  std::optional<rules::ObligationDue> filing;
};

MechanismTerms TermsFromPacks(const Mechanism& mechanism, const rules::Engine& engine,
                              CivilDate as_of);

// Parses the plan's `mechanism:` section. Errors name the plan file, the line and the field.
Result<Mechanism> ParseMechanism(std::string_view yaml, const std::string& file, int line);

// Problems that stop a `mechanism_required` transfer: an absent mechanism, one of another type,
// no reference, not yet effective, or expired on `as_of` (terms.expiry). Empty when the
// mechanism serves.
std::vector<std::string> MechanismProblems(const std::optional<Mechanism>& mechanism,
                                           const std::vector<std::string>& accepted,
                                           CivilDate as_of, const MechanismTerms& terms);

// Warnings that do not stop the transfer: a standard contract with no filing date, or filed
// after terms.filing.
std::vector<std::string> MechanismWarnings(const Mechanism& mechanism, const MechanismTerms& terms);

}  // namespace xb::transfer

#endif  // XBORDER_TRANSFER_MECHANISM_H_
