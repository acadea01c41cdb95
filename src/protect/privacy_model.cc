#include "protect/privacy_model.h"

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

}  // namespace xb::protect
