// Privacy models on quasi-identifiers and utility metrics for the anonymisation search.
#ifndef XBORDER_PROTECT_PRIVACY_MODEL_H_
#define XBORDER_PROTECT_PRIVACY_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xb::protect {

enum class LDiversityVariant {
  kDistinct,   // at least l distinct sensitive values per class
  kRecursive,  // recursive (c,l): r1 < c * (r_l + ... + r_m), counts sorted descending
};

struct LDiversity {
  LDiversityVariant variant = LDiversityVariant::kDistinct;
  int l = 2;
  double c = 1.0;  // recursive only
};

enum class EmdDistance {
  kEqual,    // every pair of sensitive values is at distance 1 (categorical)
  kOrdered,  // values ranked (numbers by value, otherwise by text); distance |i - j| / (m - 1)
};

struct TCloseness {
  EmdDistance distance = EmdDistance::kEqual;
  double t = 0.2;  // max Earth Mover's Distance between a class's and the table's distribution
};

// Classes that violate the model are suppressed (every quasi-identifier becomes "*", other
// columns are kept: ARX's convention) as long as at most suppression_limit * rows rows are.
// Suppressed rows form no class and are not checked against the model.
struct PrivacyModel {
  uint64_t k = 1;
  std::optional<LDiversity> l_diversity;
  std::optional<TCloseness> t_closeness;
  double suppression_limit = 0;  // fraction of rows, 0..1
};

enum class Metric {
  kLoss,            // ARX's Loss (Iyengar), geometric mean over attributes of (1 + loss) - 1
  kDiscernibility,  // sum of class sizes squared; a suppressed row costs the row count
  kAecs,            // average equivalence class size: rows / non-suppressed classes
  kPrecision,       // Sweeney's Prec as a loss: mean of level / (height - 1); suppressed 1
};

const char* MetricName(Metric metric);

// Ranks sensitive values for ordered t-closeness: by numeric value when every non-empty value is
// a number, otherwise by byte order. Returns one rank per value (0-based; equal values share).
std::vector<uint32_t> RankSensitiveValues(const std::vector<std::string>& values);
std::optional<Metric> ParseMetric(std::string_view name);

}  // namespace xb::protect

#endif  // XBORDER_PROTECT_PRIVACY_MODEL_H_
