// Request counters and latency histograms for GET /metrics (Prometheus text exposition format
// 0.0.4): requests by route template, method and status, latency by route template and method
// (a template served by two methods is two routes, so every series has a label set of its own),
// plus gauges the server sets
// (ledger size, last verify time and result).
//
// Thread-safety: Record() and the setters may be called from any thread; Render() takes a
// consistent-enough snapshot (each counter is read atomically, not all of them at one instant).
#ifndef XBORDER_SERVER_METRICS_H_
#define XBORDER_SERVER_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace xb::server {

// A route as the metrics label it.
struct MetricsRoute {
  std::string method;  // "GET", "POST" ...
  std::string path;    // the template: "/v1/transfers/{index}"
};

class Metrics {
 public:
  // `routes` as the route table lists them; index routes.size() stands for "(unmatched)",
  // whose latency is labelled method="(any)".
  explicit Metrics(std::vector<MetricsRoute> routes);
  Metrics(const Metrics&) = delete;  // holds atomics
  Metrics& operator=(const Metrics&) = delete;

  // `route` indexes the constructor's list (out of range: unmatched).
  void Record(size_t route, const std::string& method, int status, double seconds);

  void SetLedgerSize(uint64_t size) { ledger_size_.store(size, std::memory_order_relaxed); }
  void SetVerify(int64_t unix_seconds, bool ok) {
    verify_unix_.store(unix_seconds, std::memory_order_relaxed);
    verify_ok_.store(ok ? 1 : 0, std::memory_order_relaxed);
  }

  // Database sessions replaced after a failed read (LedgerPool), and access records the
  // database refused (AccessLog): counters kept by their owners, copied here before Render.
  void SetStorageCounters(uint64_t reconnects, uint64_t access_dropped) {
    reconnects_.store(reconnects, std::memory_order_relaxed);
    access_dropped_.store(access_dropped, std::memory_order_relaxed);
  }

  std::string Render() const;

  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  5.0};

 private:
  struct Histogram {
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> counts{};  // last: +Inf
    std::atomic<uint64_t> sum_us{0};
  };
  std::vector<MetricsRoute> routes_;
  std::vector<std::unique_ptr<Histogram>> latency_;  // one per route, plus unmatched
  mutable std::mutex mu_;
  std::map<std::pair<size_t, std::pair<std::string, int>>, uint64_t> requests_;  // GUARDED_BY(mu_)
  std::atomic<uint64_t> ledger_size_{0};
  std::atomic<int64_t> verify_unix_{0};
  std::atomic<int> verify_ok_{-1};  // -1: not verified yet
  std::atomic<uint64_t> reconnects_{0};
  std::atomic<uint64_t> access_dropped_{0};
};

}  // namespace xb::server

#endif  // XBORDER_SERVER_METRICS_H_
