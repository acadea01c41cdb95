// The protection policy (docs/protect.md): per-column transforms, the quasi-identifiers with
// their hierarchies, the privacy model and the utility metric.
#ifndef XBORDER_PROTECT_POLICY_H_
#define XBORDER_PROTECT_POLICY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "protect/generalizer.h"
#include "protect/privacy_model.h"
#include "protect/transform.h"

namespace xb::protect {

struct ColumnPolicy {
  std::string column;
  TransformSpec transform;
  int64_t line = 0;  // in the policy file
};

struct QuasiIdentifierPolicy {
  std::string column;
  std::string hierarchy_file;  // ARX CSV, resolved against the policy's folder; or empty
  GeneralizerSpec builtin;     // when hierarchy_file is empty
  int64_t line = 0;
};

struct Policy {
  std::string path;
  std::vector<ColumnPolicy> columns;
  std::vector<QuasiIdentifierPolicy> quasi_identifiers;
  PrivacyModel model;
  std::string sensitive_column;  // l-diversity / t-closeness; empty if neither
  int64_t privacy_line = 0;
  Metric metric = Metric::kLoss;
  double risk_threshold = 0.2;  // prosecutor risk above which a record counts as at risk
  bool drop_unlisted = false;   // unlisted_columns: drop (default keep)
};

// Parses a policy. Relative hierarchy paths resolve against the folder of `path`. Errors
// (kParse / kInvalidArgument) name `path`, the line and the field: malformed YAML, an unknown
// key or transform, a bad number, a column listed both as a transform and a quasi-identifier
// (other than keep), l-diversity and t-closeness on different columns.
Result<Policy> ParsePolicy(std::string_view yaml, const std::string& path);

// Reads and parses the file at `path`. Errors: kNotFound, kIo, and those of ParsePolicy.
Result<Policy> LoadPolicy(const std::string& path);

}  // namespace xb::protect

#endif  // XBORDER_PROTECT_POLICY_H_
