#include "server/alert_query.h"

#include <algorithm>

#include "core/timestamp.h"
#include "monitor/alert.h"
#include "server/request_params.h"

namespace xb::server {

Result<AlertQuery> ParseAlertQuery(const httplib::Request& req) {
  AlertQuery q;
  q.kind = req.get_param_value("kind");
  if (!q.kind.empty() && std::find(monitor::kAlertKinds.begin(), monitor::kAlertKinds.end(),
                                   q.kind) == monitor::kAlertKinds.end()) {
    return ParseError(
        "expected an alert kind (unplanned_flow, categories_beyond_plan, "
        "restricted_recipient, mechanism_invalid, threshold_approaching, "
        "threshold_crossed, volume_anomaly)",
        {"query", 0, "kind"});
  }
  q.exporter = req.get_param_value("exporter");
  if (!req.get_param_value("year").empty()) {
    auto year = QueryIndex(req, "year", false);
    if (!year.ok()) return std::move(year).error();
    if (**year < 1900 || **year > 9999) {
      return ParseError("expected a year 1900..9999", {"query", 0, "year"});
    }
    q.year = static_cast<int>(**year);
  }
  return q;
}

bool Matches(const AlertQuery& q, const EntrySummary& a) {
  if (!q.kind.empty() && a.alert_kind != q.kind) return false;
  if (!q.exporter.empty() && a.exporter != q.exporter) return false;
  if (!q.year) return true;
  // The year of the PRC calendar date, as the monitor counts years: an event at 20:00 on 31
  // December in New York is in the next year.
  std::optional<Timestamp> time = ParseTimestamp(a.time);
  return time && time->PrcDate().year() == *q.year;
}

std::vector<uint64_t> MatchingAlerts(const LedgerSnapshot& snap, const AlertQuery& query) {
  std::vector<uint64_t> out;
  for (uint64_t i : snap.alerts) {
    if (Matches(query, snap.entries[i])) out.push_back(i);
  }
  return out;
}

}  // namespace xb::server
