#include "protect/privacy_model.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

namespace xb::protect {

const char* MetricName(Metric metric) {
  switch (metric) {
    case Metric::kLoss:
      return "loss";
    case Metric::kDiscernibility:
      return "discernibility";
    case Metric::kAecs:
      return "aecs";
    case Metric::kPrecision:
      return "precision";
  }
  return "loss";
}

std::optional<Metric> ParseMetric(std::string_view name) {
  if (name == "loss") return Metric::kLoss;
  if (name == "discernibility") return Metric::kDiscernibility;
  if (name == "aecs") return Metric::kAecs;
  if (name == "precision") return Metric::kPrecision;
  return std::nullopt;
}

std::vector<uint32_t> RankSensitiveValues(const std::vector<std::string>& values) {
  std::vector<double> numbers(values.size(), 0);
  bool numeric = true;
  for (size_t i = 0; i < values.size() && numeric; ++i) {
    const std::string& v = values[i];
    if (v.empty()) {
      numbers[i] = -INFINITY;
      continue;
    }
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), numbers[i]);
    numeric = ec == std::errc() && ptr == v.data() + v.size();
  }
  std::vector<uint32_t> order(values.size());
  std::iota(order.begin(), order.end(), 0u);
  auto less = [&](uint32_t a, uint32_t b) {
    return numeric ? numbers[a] < numbers[b] : values[a] < values[b];
  };
  std::sort(order.begin(), order.end(), less);
  std::vector<uint32_t> rank(values.size(), 0);
  uint32_t r = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    if (i > 0 && less(order[i - 1], order[i])) ++r;
    rank[order[i]] = r;
  }
  return rank;
}

}  // namespace xb::protect
