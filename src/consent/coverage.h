// Whether an individual's consents cover one transfer (PIPL Arts. 14, 29, 31, 39). Pure logic,
// no storage: the store hands over the records of one subject, this decides.
#ifndef XBORDER_CONSENT_COVERAGE_H_
#define XBORDER_CONSENT_COVERAGE_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "consent/consent_record.h"
#include "core/civil_date.h"

namespace xb::consent {

// What the transfer needs consent for.
struct ConsentRequest {
  std::string recipient;                // plan recipient.name
  std::string purpose;                  // plan purpose
  std::vector<std::string> categories;  // PI categories being exported
  CivilDate as_of;                      // the transfer date
};

// The outcome for one individual, best first: a subject with several records gets the best
// outcome any one record achieves.
enum class Coverage {
  kValid,                 // a record covers recipient, purpose and categories on as_of
  kMinorWithoutGuardian,  // the individual is under 14 and no covering record has guardian consent
  kNotSeparate,           // a covering record exists, but consent was not given separately
  kNoticeIncomplete,      // a covering record exists, but its Art. 39 notice lacks items
  kWithdrawn,             // a covering record existed but was withdrawn on or before as_of
  kNotYetGranted,         // the only covering records are dated after as_of
  kNotCovered,            // records exist, none covers this recipient/purpose/categories
  kNoRecord,              // no consent on file
};

std::string_view CoverageName(Coverage c);

// Decides coverage. `is_minor`: under 14 on as_of (PIPL Art. 31: a guardian must consent).
Coverage Evaluate(std::span<const ConsentRecord> records, const ConsentRequest& request,
                  bool is_minor);

// True when `granted` covers `wanted` under the "*" wildcard and case-insensitive ASCII match.
bool Covers(const std::vector<std::string>& granted, std::string_view wanted);

}  // namespace xb::consent

#endif  // XBORDER_CONSENT_COVERAGE_H_
