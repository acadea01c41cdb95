// The volume baseline of one flow, learnt from the flow itself with robust statistics
// (docs/monitor.md, "Volume anomalies").
//
// Records are summed per hour (UTC). An hour's total is compared with the same hour of day on
// each of the previous window_days days, one sample a day: the largest total among that day's
// hours within ± neighbour_hours (a nightly job that ran at 02:00 yesterday and runs at 03:00
// today is still compared with itself), silent hours counting as zero. With m the samples'
// median and MAD their median absolute deviation, the spread is
//     s = max(1.4826 × MAD, sqrt(m), 1)
// (1.4826 × MAD estimates a normal standard deviation; sqrt(m) is the Poisson floor that keeps a
// flow of identical days from alarming at its first extra record), and the hour is anomalous
// once its running total exceeds m + threshold × s and exceeds m by at least min_excess records.
// An anomaly is raised once per hour, as soon as the total crosses the limit (not when the hour
// ends), so the alert is as fast as the event that causes it. No alarm before min_samples days
// are known (the first days of a flow only teach).
//
// Only increases are anomalies: a flow falling silent is not a leak.
//
// Thread-safety: plain value; not thread-safe.
#ifndef XBORDER_MONITOR_VOLUME_BASELINE_H_
#define XBORDER_MONITOR_VOLUME_BASELINE_H_

#include <cstdint>
#include <deque>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/status.h"

namespace xb::monitor {

struct BaselineOptions {
  int window_days = 7;
  int neighbour_hours = 1;
  int min_samples = 4;      // days
  double threshold = 6.0;   // robust z-score
  int64_t min_excess = 50;  // records above the median, at least
};

struct VolumeAnomaly {
  int64_t hour = 0;  // UTC hours since 1970
  int64_t observed = 0;
  double median = 0;
  double mad = 0;
  double limit = 0;
  int samples = 0;
};

class VolumeBaseline {
 public:
  explicit VolumeBaseline(const BaselineOptions& options = {}) : options_(options) {}

  // Adds `records` sent in UTC hour `hour`. Returns the anomaly the first time this hour's
  // total exceeds its limit. An hour older than the current one is added to the history it
  // belongs to (a late event) and never alarms.
  std::optional<VolumeAnomaly> Add(int64_t hour, int64_t records);

  // The limit for `hour` from the history as it is, or nullopt while learning.
  std::optional<VolumeAnomaly> LimitFor(int64_t hour) const;

  nlohmann::json ToJson() const;
  // Errors: kCorruption for a record this class did not write.
  static Result<VolumeBaseline> FromJson(const nlohmann::json& j, const BaselineOptions& options);

 private:
  size_t capacity() const { return static_cast<size_t>(options_.window_days) * 24 + 24; }
  void AdvanceTo(int64_t hour);

  BaselineOptions options_;
  std::deque<int64_t> history_;  // totals of the hours before current_hour_, newest last
  int64_t current_hour_ = -1;
  int64_t current_total_ = 0;
  bool alerted_ = false;
};

}  // namespace xb::monitor

#endif  // XBORDER_MONITOR_VOLUME_BASELINE_H_
