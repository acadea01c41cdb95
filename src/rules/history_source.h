// Where the engine gets the volumes an exporter already sent abroad (DESIGN.md §5 `history`,
// digest §1.3). A plan's `history` block wins; otherwise the engine asks a HistorySource, which
// the ledger implements (distinct keyed-hash subjects per exporter and calendar year).
//
// Thread-safety: implementations document their own; the engine calls Lookup once per plan.
#ifndef XBORDER_RULES_HISTORY_SOURCE_H_
#define XBORDER_RULES_HISTORY_SOURCE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/civil_date.h"
#include "core/status.h"

namespace xb::rules {

// Distinct individuals sent abroad in a window, split by sensitivity and by whether the transfer
// was made under a counted path (a mechanism or the small-volume exemption) or under an
// exemption that does not count toward the thresholds (Provisions 2024 Arts. 3, 4, 5(1)-(3), 6;
// digest CN-C-04).
struct VolumeFigures {
  int64_t individuals_counted = 0;
  int64_t sensitive_individuals_counted = 0;
  int64_t individuals_exempt = 0;
  int64_t sensitive_individuals_exempt = 0;
};

// Whether individuals sent under a decision with this outcome and exemption count toward the
// exporter's thresholds: every path does except the scenario exemptions. The Art. 5(4)
// small-volume exemption is itself measured on the same counter (digest CN-C-04), so it counts.
// `outcome` and `exemption` are the decision's names ("exempt", "small_volume"; "" for none).
inline bool CountsTowardThresholds(std::string_view outcome, std::string_view exemption) {
  return outcome != "exempt" || exemption == "small_volume";
}

struct ExporterHistory {
  VolumeFigures year_to_date;     // 1 January of as_of's year up to (excluding) as_of
  VolumeFigures since_prev_year;  // 1 January of the previous year up to as_of (2022/2023 rules)
};

class HistorySource {
 public:
  virtual ~HistorySource() = default;

  // The exporter's history as of `as_of`. Returns nullopt when the source has nothing to say
  // (no ledger, or no entry for this exporter); an Error only when the source is broken
  // (e.g. a corrupt ledger), which the caller reports rather than treating as zero.
  virtual Result<std::optional<ExporterHistory>> Lookup(const std::string& exporter_name,
                                                        CivilDate as_of) = 0;
  // One line for the output's assumptions, e.g. "ledger ./xborder.db".
  virtual std::string Describe() const = 0;
};

// The source used until the ledger exists: it never knows anything.
class NoLedgerHistorySource final : public HistorySource {
 public:
  Result<std::optional<ExporterHistory>> Lookup(const std::string&, CivilDate) override {
    return std::optional<ExporterHistory>();
  }
  std::string Describe() const override { return "no ledger"; }
};

}  // namespace xb::rules

#endif  // XBORDER_RULES_HISTORY_SOURCE_H_
