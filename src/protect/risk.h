// Re-identification risk of a table by its quasi-identifiers (El Emam's prosecutor, journalist
// and marketer models), and an independent check of a privacy model on a published table.
// Both work on the cell texts of the table they are given, not on the search's data structures,
// so they can check the search's output.
#ifndef XBORDER_PROTECT_RISK_H_
#define XBORDER_PROTECT_RISK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "protect/privacy_model.h"
#include "protect/table.h"

namespace xb::protect {

// Without a population table the sample is its own population, so the journalist risk equals
// the prosecutor risk and the marketer risk is classes / rows (El Emam 2013, ch. 11).
struct RiskSummary {
  uint64_t rows = 0;     // rows considered (suppressed rows excluded)
  uint64_t classes = 0;  // equivalence classes
  uint64_t smallest_class = 0;
  uint64_t sample_uniques = 0;    // rows alone in their class
  double prosecutor_max = 0;      // 1 / smallest class
  double prosecutor_average = 0;  // classes / rows
  double records_at_risk = 0;     // share of rows whose risk 1/|class| exceeds the threshold
  double journalist_max = 0;
  double journalist_average = 0;
  double marketer = 0;
  double threshold = 0;
};

// Classes of the values in `columns`; rows with (*skip)[row] set are left out.
RiskSummary ComputeRisk(const Table& table, const std::vector<size_t>& columns, double threshold,
                        const std::vector<uint8_t>* skip = nullptr);

struct VerifyResult {
  bool satisfied = false;
  uint64_t rows = 0;
  uint64_t suppressed_rows = 0;  // rows showing "*" in every quasi-identifier, see below
  uint64_t classes = 0;
  uint64_t smallest_class = 0;
  uint64_t violating_classes = 0;
  std::string failure;  // what failed, empty when satisfied
};

// Re-checks `model` on a published table: groups rows by the texts of `qi_columns`, and checks
// each class for k, l and t (global distribution: all rows). Rows showing "*" in every
// quasi-identifier count as suppressed unless together they form a class that satisfies the
// model (the most general node publishes every row that way). Errors: kInvalidArgument when a
// column is missing.
Result<VerifyResult> VerifyPrivacy(const Table& table, const std::vector<std::string>& qi_columns,
                                   const std::string& sensitive_column, const PrivacyModel& model);

}  // namespace xb::protect

#endif  // XBORDER_PROTECT_RISK_H_
