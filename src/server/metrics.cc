#include "server/metrics.h"

#include <cstdio>

namespace xb::server {

Metrics::Metrics(std::vector<MetricsRoute> routes) : routes_(std::move(routes)) {
  routes_.push_back({"(any)", "(unmatched)"});
  for (size_t i = 0; i < routes_.size(); ++i) latency_.push_back(std::make_unique<Histogram>());
}

void Metrics::Record(size_t route, const std::string& method, int status, double seconds) {
  if (route >= routes_.size()) route = routes_.size() - 1;
  Histogram& h = *latency_[route];
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  h.counts[b].fetch_add(1, std::memory_order_relaxed);
  h.sum_us.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{route, {method, status}}];
}

namespace {

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

std::string Metrics::Render() const {
  std::string out;
  out +=
      "# HELP xborder_http_requests_total HTTP requests by route template, method and status.\n"
      "# TYPE xborder_http_requests_total counter\n";
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [key, count] : requests_) {
      out += "xborder_http_requests_total{route=\"" + routes_[key.first].path + "\",method=\"" +
             key.second.first + "\",status=\"" + std::to_string(key.second.second) + "\"} " +
             std::to_string(count) + "\n";
    }
  }
  out +=
      "# HELP xborder_http_request_duration_seconds Time from request headers read to response "
      "written, by route template and method.\n"
      "# TYPE xborder_http_request_duration_seconds histogram\n";
  for (size_t r = 0; r < routes_.size(); ++r) {
    const Histogram& h = *latency_[r];
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) cumulative += h.counts[b].load();
    if (cumulative == 0) continue;
    const std::string label =
        "route=\"" + routes_[r].path + "\",method=\"" + routes_[r].method + "\"";
    uint64_t running = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      running += h.counts[b].load();
      std::string le = b < kBuckets.size() ? Num(kBuckets[b]) : "+Inf";
      out += "xborder_http_request_duration_seconds_bucket{" + label + ",le=\"" + le + "\"} " +
             std::to_string(running) + "\n";
    }
    out += "xborder_http_request_duration_seconds_sum{" + label + "} " +
           Num(static_cast<double>(h.sum_us.load()) / 1e6) + "\n";
    out += "xborder_http_request_duration_seconds_count{" + label + "} " + std::to_string(running) +
           "\n";
  }
  out +=
      "# HELP xborder_ledger_entries Entries in the ledger (tree size of the latest head).\n"
      "# TYPE xborder_ledger_entries gauge\n"
      "xborder_ledger_entries " +
      std::to_string(ledger_size_.load()) + "\n";
  out +=
      "# HELP xborder_ledger_last_verify_timestamp_seconds When the server last verified the "
      "whole ledger (0: not yet).\n"
      "# TYPE xborder_ledger_last_verify_timestamp_seconds gauge\n"
      "xborder_ledger_last_verify_timestamp_seconds " +
      std::to_string(verify_unix_.load()) + "\n";
  out +=
      "# HELP xborder_ledger_last_verify_ok 1 if the last verify passed, 0 if it failed, -1 not "
      "run yet.\n"
      "# TYPE xborder_ledger_last_verify_ok gauge\n"
      "xborder_ledger_last_verify_ok " +
      std::to_string(verify_ok_.load()) + "\n";
  out +=
      "# HELP xborder_db_reconnects_total Ledger database sessions replaced after a failed read.\n"
      "# TYPE xborder_db_reconnects_total counter\n"
      "xborder_db_reconnects_total " +
      std::to_string(reconnects_.load()) + "\n";
  out +=
      "# HELP xborder_access_log_dropped_total Access records the database did not accept.\n"
      "# TYPE xborder_access_log_dropped_total counter\n"
      "xborder_access_log_dropped_total " +
      std::to_string(access_dropped_.load()) + "\n";
  return out;
}

}  // namespace xb::server
