// Consent in a transfer (issue: `consent: require` filters out individuals without valid
// consent and says how many; `consent: strict` refuses instead).
#ifndef XBORDER_TRANSFER_CONSENT_FILTER_H_
#define XBORDER_TRANSFER_CONSENT_FILTER_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "consent/consent_store.h"
#include "consent/coverage.h"
#include "transfer/subject_pass.h"

namespace xb::transfer {

enum class ConsentMode {
  kNone,     // consent is not checked (the plan relies on another legal basis; noted)
  kRequire,  // rows of individuals without valid consent are removed
  kStrict,   // any individual without valid consent refuses the transfer
};

// Parses the plan's `consent:` value: none | require | strict (or {mode: ...}).
Result<ConsentMode> ParseConsentMode(std::string_view yaml, const std::string& file, int line);
std::string_view ConsentModeName(ConsentMode mode);

inline constexpr int kCoverageCount = static_cast<int>(consent::Coverage::kNoRecord) + 1;

struct ConsentOutcome {
  std::vector<bool> keep;  // per row; all true when mode is kNone
  // Distinct individuals by outcome (index: consent::Coverage).
  std::array<uint64_t, kCoverageCount> individuals{};
  uint64_t rows_removed = 0;
  uint64_t unidentified_rows =
      0;  // rows naming nobody: removed under kRequire (consent unknowable)

  uint64_t without_valid_consent() const;
};

// Decides every row. Under kRequire and kStrict a row is kept only if its subject's consent is
// valid; the caller refuses under kStrict when without_valid_consent() > 0.
ConsentOutcome ApplyConsent(ConsentMode mode, const std::vector<RowSubject>& rows,
                            const consent::ConsentIndex& index,
                            const consent::ConsentRequest& request);

}  // namespace xb::transfer

#endif  // XBORDER_TRANSFER_CONSENT_FILTER_H_
