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
// Validity when `expires` is absent: security assessment 3 years from the result (Provisions
// 2024 Art. 9), certification 3 years (Certification Measures 2025), standard contract: no fixed
// term (valid while the contract runs; re-filing triggers apply).
#ifndef XBORDER_TRANSFER_MECHANISM_H_
#define XBORDER_TRANSFER_MECHANISM_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_date.h"
#include "core/status.h"

namespace xb::transfer {

struct Mechanism {
  std::string type;
  std::string reference;
  std::optional<CivilDate> effective;
  std::optional<CivilDate> expires;
  std::optional<CivilDate> filed;

  // `expires`, or the end of the law's validity period when it is known.
  std::optional<CivilDate> EffectiveExpiry() const;
};

// Parses the plan's `mechanism:` section. Errors name the plan file, the line and the field.
Result<Mechanism> ParseMechanism(std::string_view yaml, const std::string& file, int line);

// Problems that stop a `mechanism_required` transfer: an absent mechanism, one of another type,
// no reference, not yet effective, or expired on `as_of`. Empty when the mechanism serves.
std::vector<std::string> MechanismProblems(const std::optional<Mechanism>& mechanism,
                                           const std::vector<std::string>& accepted,
                                           CivilDate as_of);

// Warnings that do not stop the transfer (e.g. a standard contract filed late: the filing is
// due within 10 working days of the contract taking effect, Standard Contract Measures Art. 7).
std::vector<std::string> MechanismWarnings(const Mechanism& mechanism,
                                           std::optional<CivilDate> filing_deadline);

}  // namespace xb::transfer

#endif  // XBORDER_TRANSFER_MECHANISM_H_
