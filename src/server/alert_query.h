// Which of the ledger's alerts a request asks for: GET /v1/alerts and the /alerts page take the
// same filters (kind, exporter, year), read here once.
//
// Thread-safety: plain functions.
#ifndef XBORDER_SERVER_ALERT_QUERY_H_
#define XBORDER_SERVER_ALERT_QUERY_H_

#include <httplib.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "server/ledger_snapshot.h"

namespace xb::server {

struct AlertQuery {
  std::string kind;         // one of monitor::kAlertKinds; empty: any
  std::string exporter;     // exact name; empty: any
  std::optional<int> year;  // of the event's PRC calendar date (Timestamp::PrcDate), as the
                            // monitor counts years; none: any
};

// The query parameters kind, exporter and year; absent or empty ones do not filter.
// Errors: kParse naming the parameter (an unknown kind, a year outside 1900..9999), never
// quoting its value.
Result<AlertQuery> ParseAlertQuery(const httplib::Request& req);

bool Matches(const AlertQuery& query, const EntrySummary& alert);

// The indices of `snap`'s alert entries that match, ascending.
std::vector<uint64_t> MatchingAlerts(const LedgerSnapshot& snap, const AlertQuery& query);

}  // namespace xb::server

#endif  // XBORDER_SERVER_ALERT_QUERY_H_
