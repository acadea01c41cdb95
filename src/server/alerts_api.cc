// GET /v1/alerts: the monitor's alerts (ledger entries of "type": "alert", DESIGN.md §12
// Monitoring), oldest first, paged like GET /v1/transfers and filtered by kind, exporter and
// year (alert_query.h). An alert entry names no individual (the monitor's contract), so the
// entries are served as recorded.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "server/alert_query.h"
#include "server/request_params.h"
#include "server/service.h"

namespace xb::server {
using Json = nlohmann::json;

void Service::ListAlerts(Call& call) {
  auto query = ParseAlertQuery(call.req);
  if (!query.ok()) return SendError(call, query.error());
  auto page = QueryPage(call.req);
  if (!page.ok()) return SendError(call, page.error());
  auto snap = Snapshot();
  if (!snap.ok()) return SendError(call, snap.error());
  const std::vector<uint64_t> matching = MatchingAlerts(**snap, *query);
  auto first = matching.begin();
  if (page->after) first = std::upper_bound(matching.begin(), matching.end(), *page->after);
  Json list = Json::array();
  Status read = ledgers_->Read([&](ledger::Ledger& l) -> Status {
    list = Json::array();
    for (auto it = first; it != matching.end() && list.size() < page->limit; ++it) {
      XB_ASSIGN_OR_RETURN(std::string entry, l.Entry(*it));
      list.push_back({{"index", *it}, {"entry", Json::parse(entry)}});
    }
    return Status::Ok();
  });
  if (!read.ok()) return SendError(call, read.error());
  Json out = {{"size", (*snap)->size}, {"matching", matching.size()}, {"alerts", list}};
  // Where the next page starts, when there is one.
  if (!list.empty() && list.back()["index"].get<uint64_t>() != matching.back()) {
    out["next_after"] = list.back()["index"];
  }
  SendJson(call, 200, out.dump());
}

}  // namespace xb::server
