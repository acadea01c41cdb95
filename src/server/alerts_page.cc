// The dashboard's alerts (DESIGN.md §12 Monitoring): /alerts lists the monitor's alert entries,
// newest first, filtered as GET /v1/alerts filters (alert_query.h); the dashboard shows this
// year's count by kind (AlertsPanel). Everything shown comes from the ledger and is escaped.
#include <map>

#include "monitor/alert.h"
#include "report/chart.h"
#include "server/alert_query.h"
#include "server/page_frame.h"
#include "server/request_params.h"
#include "server/service.h"

namespace xb::server {
namespace {

constexpr size_t kAlertsPerPage = 100;

std::string Count(size_t n) { return report::GroupThousands(static_cast<double>(n)); }

// The filter form: a GET form, so a filtered list is a link like any other.
std::string FilterForm(Lang lang, const AlertQuery& q) {
  std::string kinds = "<option value=\"\">" + T(lang, "any") + "</option>";
  for (std::string_view kind : monitor::kAlertKinds) {
    kinds += "<option value=\"" + H(kind) + "\"" + (q.kind == kind ? " selected" : "") + ">" +
             H(kind) + "</option>";
  }
  return "<form method=\"get\" action=\"/alerts\" id=\"alerts-filter\"><input type=\"hidden\" "
         "name=\"lang\" value=\"" +
         std::string(LangCode(lang)) + "\"><label>" + T(lang, "kind") + " <select name=\"kind\">" +
         kinds + "</select></label> <label>" + T(lang, "exporter") +
         " <input name=\"exporter\" value=\"" + H(q.exporter) + "\"></label> <label>" +
         T(lang, "year") + " <input name=\"year\" size=\"5\" value=\"" +
         (q.year ? std::to_string(*q.year) : "") + "\"></label> <button type=\"submit\">" +
         T(lang, "filter") + "</button></form>";
}

std::string AlertRow(const EntrySummary& a) {
  const std::string severity_class =
      a.severity == "critical" || a.severity == "high" ? "bad" : "muted";
  return "<tr class=\"alert-row\"><td>" + std::to_string(a.index) + "</td><td class=\"date\">" +
         H(a.time) + "</td><td><code class=\"alert-kind\">" + H(a.alert_kind) +
         "</code></td><td class=\"" + severity_class + "\">" + H(a.severity) + "</td><td>" +
         H(a.exporter) + "</td><td>" + H(a.recipient) +
         (a.country.empty() ? "" : " (" + H(a.country) + ")") + "</td><td>" + H(a.purpose) +
         "</td><td>" + H(a.detail) + "</td><td><code>" + H(a.event_ref) + "</code></td></tr>";
}

std::string AlertTable(Lang lang, const LedgerSnapshot& snap, const std::vector<uint64_t>& shown) {
  std::string t = "<table id=\"alerts-table\"><tr><th>#</th><th>" + T(lang, "time") + "</th><th>" +
                  T(lang, "kind") + "</th><th>" + T(lang, "severity") + "</th><th>" +
                  T(lang, "exporter") + "</th><th>" + T(lang, "recipient") + "</th><th>" +
                  T(lang, "purpose") + "</th><th>" + T(lang, "detail") + "</th><th>" +
                  T(lang, "event") + "</th></tr>";
  for (uint64_t i : shown) t += AlertRow(snap.entries[i]);
  return t + "</table>";
}

// "?lang=..&kind=..": the filter as query parameters, for the "older" link.
std::string FilterQuery(Lang lang, const AlertQuery& q) {
  std::string s = "?lang=" + std::string(LangCode(lang));
  if (!q.kind.empty()) s += "&kind=" + httplib::detail::encode_query_param(q.kind);
  if (!q.exporter.empty()) s += "&exporter=" + httplib::detail::encode_query_param(q.exporter);
  if (q.year) s += "&year=" + std::to_string(*q.year);
  return s;
}

}  // namespace

std::string AlertsPanel(Lang lang, const LedgerSnapshot& snap, int year, const std::string& q) {
  AlertQuery this_year;
  this_year.year = year;
  std::map<std::string, size_t> by_kind;
  const std::vector<uint64_t> alerts = MatchingAlerts(snap, this_year);
  for (uint64_t i : alerts) ++by_kind[snap.entries[i].alert_kind];
  std::string body = "<p><span class=\"figure\" id=\"alerts-this-year\">" + Count(alerts.size()) +
                     "</span> " + T(lang, "alerts_this_year") + " · <a id=\"alerts-link\" " +
                     "href=\"/alerts" + q + "&amp;year=" + std::to_string(year) + "\">" +
                     T(lang, "alerts_all") + "</a></p>";
  if (!by_kind.empty()) {
    body += "<table><tr><th>" + T(lang, "kind") + "</th><th class=\"num\">" +
            T(lang, "alerts_of_kind") + "</th></tr>";
    for (const auto& [kind, n] : by_kind) {
      body +=
          "<tr><td><code>" + H(kind) + "</code></td><td class=\"num\">" + Count(n) + "</td></tr>";
    }
    body += "</table>";
  }
  return Section("alerts", T(lang, "alerts") + " (" + std::to_string(year) + ")", body);
}

void Service::AlertsPage(Call& call) {
  const Lang lang = LangOf(call.req);
  PageFrame frame{lang, call.who,
                  call.who->via_session ? auth_->CsrfToken(call.who->session_id) : ""};
  auto query = ParseAlertQuery(call.req);
  auto before = QueryIndex(call.req, "before", false);
  if (!query.ok() || !before.ok()) {
    const Error& e = !query.ok() ? query.error() : before.error();
    return SendHtml(
        call, 400,
        Layout(frame, Tr(lang, "alerts"),
               "<p class=\"bad\">" + H(e.where.field) + ": " + H(e.message) + "</p>", "/alerts"));
  }
  auto snap = Snapshot();
  if (!snap.ok()) return SendError(call, snap.error());
  const std::vector<uint64_t> matching = MatchingAlerts(**snap, *query);
  // Newest first: the page before `before`.
  std::vector<uint64_t> shown;
  for (auto it = matching.rbegin(); it != matching.rend() && shown.size() < kAlertsPerPage; ++it) {
    if (*before && *it >= **before) continue;
    shown.push_back(*it);
  }
  std::string body = FilterForm(lang, *query);
  body += "<p><span class=\"figure\" id=\"alerts-matching\">" + Count(matching.size()) +
          "</span> " + T(lang, "alerts_matching") + "</p>";
  body += shown.empty() ? "<p>" + T(lang, "none") + "</p>" : AlertTable(lang, **snap, shown);
  if (!shown.empty() && shown.back() != matching.front()) {
    body += "<p><a id=\"alerts-older\" href=\"/alerts" + H(FilterQuery(lang, *query)) +
            "&amp;before=" + std::to_string(shown.back()) + "\">" + T(lang, "older") + "</a></p>";
  }
  body += "<p class=\"muted\">" + T(lang, "alerts_note") + "</p>";
  SendHtml(
      call, 200,
      Layout(frame, Tr(lang, "alerts"), Section("alert-list", T(lang, "alerts"), body), "/alerts"));
}

}  // namespace xb::server
