#include "monitor/volume_baseline.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace xb::monitor {
namespace {

double Median(std::vector<double>& v) {
  const size_t n = v.size();
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n / 2), v.end());
  double upper = v[n / 2];
  if (n % 2 == 1) return upper;
  double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n / 2));
  return (lower + upper) / 2;
}

}  // namespace

void VolumeBaseline::AdvanceTo(int64_t hour) {
  if (current_hour_ < 0) {
    current_hour_ = hour;
    return;
  }
  // Close the current hour and the silent ones up to `hour` (at most a window's worth).
  int64_t gap = hour - current_hour_;
  history_.push_back(current_total_);
  for (int64_t i = 1; i < gap && i <= static_cast<int64_t>(capacity()); ++i) history_.push_back(0);
  while (history_.size() > capacity()) history_.pop_front();
  current_hour_ = hour;
  current_total_ = 0;
  alerted_ = false;
}

std::optional<VolumeAnomaly> VolumeBaseline::LimitFor(int64_t hour) const {
  // One sample per past day: the largest total of that day's hours around this hour of day,
  // so a flow that runs at 02:00 one night and 03:00 the next is still compared with itself.
  // history_.back() is hour current_hour_ - 1; hour h is at index size - (current_hour_ - h).
  std::vector<double> samples;
  const int64_t size = static_cast<int64_t>(history_.size());
  for (int day = 1; day <= options_.window_days; ++day) {
    std::optional<int64_t> best;
    for (int d = -options_.neighbour_hours; d <= options_.neighbour_hours; ++d) {
      int64_t h = hour - 24 * day + d;
      int64_t index = size - (current_hour_ - h);
      if (h < current_hour_ && index >= 0 && index < size) {
        int64_t v = history_[static_cast<size_t>(index)];
        best = best ? std::max(*best, v) : v;
      }
    }
    if (best) samples.push_back(static_cast<double>(*best));
  }
  if (static_cast<int>(samples.size()) < options_.min_samples) return std::nullopt;
  VolumeAnomaly a;
  a.hour = hour;
  a.samples = static_cast<int>(samples.size());
  a.median = Median(samples);
  for (double& x : samples) x = std::fabs(x - a.median);
  a.mad = Median(samples);
  double spread = std::max({1.4826 * a.mad, std::sqrt(a.median), 1.0});
  a.limit = std::max(a.median + options_.threshold * spread,
                     a.median + static_cast<double>(options_.min_excess));
  return a;
}

std::optional<VolumeAnomaly> VolumeBaseline::Add(int64_t hour, int64_t records) {
  // Events bound records (kMaxEventCount); a total saturates rather than wrap.
  auto add = [records](int64_t& total) {
    total = records > std::numeric_limits<int64_t>::max() - total
                ? std::numeric_limits<int64_t>::max()
                : total + records;
  };
  if (current_hour_ >= 0 && hour < current_hour_) {
    int64_t index = static_cast<int64_t>(history_.size()) - (current_hour_ - hour);
    if (index >= 0) add(history_[static_cast<size_t>(index)]);
    return std::nullopt;
  }
  if (hour != current_hour_) AdvanceTo(hour);
  add(current_total_);
  if (alerted_) return std::nullopt;
  std::optional<VolumeAnomaly> limit = LimitFor(hour);
  if (!limit || static_cast<double>(current_total_) <= limit->limit) return std::nullopt;
  alerted_ = true;
  limit->observed = current_total_;
  return limit;
}

nlohmann::json VolumeBaseline::ToJson() const {
  return {{"hour", current_hour_},
          {"total", current_total_},
          {"alerted", alerted_},
          {"history", std::vector<int64_t>(history_.begin(), history_.end())}};
}

Result<VolumeBaseline> VolumeBaseline::FromJson(const nlohmann::json& j,
                                                const BaselineOptions& options) {
  VolumeBaseline b(options);
  if (!j.is_object() || !j.contains("hour") || !j["hour"].is_number_integer() ||
      !j.contains("total") || !j["total"].is_number_integer() || !j.contains("history") ||
      !j["history"].is_array()) {
    return Corruption("a stored volume baseline is malformed");
  }
  b.current_hour_ = j["hour"].get<int64_t>();
  b.current_total_ = j["total"].get<int64_t>();
  b.alerted_ = j.value("alerted", false);
  for (const auto& v : j["history"]) {
    if (!v.is_number_integer()) return Corruption("a stored volume baseline is malformed");
    b.history_.push_back(v.get<int64_t>());
  }
  while (b.history_.size() > b.capacity()) b.history_.pop_front();
  return b;
}

}  // namespace xb::monitor
