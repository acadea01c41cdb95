// The protection pipeline (`xborder protect`): column transforms, then the optimal
// generalisation of the quasi-identifiers under the policy's privacy model, with the
// re-identification risk before and after.
#ifndef XBORDER_PROTECT_PROTECT_H_
#define XBORDER_PROTECT_PROTECT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "protect/policy.h"
#include "protect/risk.h"
#include "protect/table.h"
#include "protect/transform.h"

namespace xb::protect {

struct ProtectOptions {
  TransformKeys keys;      // sub-keys for tokenize, fpe and date_shift
  std::string data_dir;    // data/ with cn-admin-divisions/; empty: the source tree's data/
  std::string input_name;  // names the input in error messages
};

struct ColumnAction {
  std::string column;
  std::string action;  // keep, drop, redact, ..., or "quasi-identifier"
};

struct ProtectReport {
  uint64_t rows = 0;
  std::vector<ColumnAction> columns;
  // Anonymisation (empty quasi_identifiers: none was asked for).
  std::vector<std::string> quasi_identifiers;
  std::vector<int> levels;             // chosen level per quasi-identifier, 0 = original
  std::vector<int> heights;            // levels available per quasi-identifier
  std::vector<double> attribute_loss;  // loss metric: per quasi-identifier
  std::string sensitive_column;
  PrivacyModel model;
  Metric metric = Metric::kLoss;
  double metric_value = 0;
  uint64_t suppressed_rows = 0;
  uint64_t classes = 0;
  uint64_t lattice_size = 0;
  uint64_t nodes_evaluated = 0;
  double search_seconds = 0;
  RiskSummary risk_before;
  RiskSummary risk_after;
};

struct ProtectOutcome {
  Table table;  // the protected table, dropped columns removed
  ProtectReport report;
};

// Errors: kInvalidArgument / kParse naming the policy file, line and field for a column absent
// from the data; kParse naming the hierarchy file for a malformed hierarchy; kInvalidArgument
// naming the input line and column for a value its hierarchy does not list (described by shape,
// never by content), or a value a transform cannot handle; the search's errors (k larger than the
// rows: kInvalidArgument; nothing satisfies the model: kFailedPrecondition).
Result<ProtectOutcome> Protect(const Table& input, const Policy& policy,
                               const ProtectOptions& options);

// True when the policy needs the secret key (tokenize, fpe, date_shift).
bool PolicyNeedsKey(const Policy& policy);

// The report as JSON (stable field names, documented in docs/protect.md), with the result of
// VerifyPrivacy on the written output when `verify` is not null.
std::string ReportToJson(const ProtectReport& report, const VerifyResult* verify = nullptr);

}  // namespace xb::protect

#endif  // XBORDER_PROTECT_PROTECT_H_
