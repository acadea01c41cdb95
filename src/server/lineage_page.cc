// The dashboard's lineage page (DESIGN.md §12; issue 15, questions 1 and 2): /lineage lists the
// datasets the ledger's transfers took as sources; /lineage?sha256=HEX draws where that file
// went and what derived from it, as SVG made on the server by Graphviz's dot from the DOT of
// `xborder lineage` (registry/lineage.h; server/lineage_graph.h). The page has no script (the
// CSP allows none).
#include <algorithm>
#include <map>
#include <set>

#include "registry/lineage.h"
#include "server/lineage_graph.h"
#include "server/page_frame.h"
#include "server/service.h"

namespace xb::server {
namespace {

struct SourceRow {
  std::set<std::string> names;  // one file can be sent under several names
  size_t transfers = 0;
  std::string last_as_of;
};

std::string DatasetList(Lang lang, const LedgerSnapshot& snap, const std::string& q) {
  std::map<std::string, SourceRow> sources;  // by SHA-256
  for (uint64_t i : snap.transfers) {
    const EntrySummary& e = snap.entries[i];
    for (const auto& [name, sha] : e.sources) {
      SourceRow& row = sources[sha];
      row.names.insert(name);
      ++row.transfers;
      row.last_as_of = std::max(row.last_as_of, e.as_of);
    }
  }
  if (sources.empty()) return "<p>" + T(lang, "none") + "</p>";
  std::string t = "<table id=\"datasets-table\"><tr><th>" + T(lang, "file") + "</th><th>" +
                  "SHA-256</th><th class=\"num\">" + T(lang, "count") + "</th><th>" +
                  T(lang, "last") + "</th></tr>";
  for (const auto& [sha, row] : sources) {
    std::string names;
    for (const std::string& name : row.names) names += (names.empty() ? "" : ", ") + name;
    t += "<tr><td><a class=\"lineage-link\" href=\"/lineage" + q + "&amp;sha256=" + H(sha) + "\">" +
         H(names) + "</a></td><td><code>" + H(sha.substr(0, 16)) +
         "…</code></td><td class=\"num\">" + std::to_string(row.transfers) + "</td><td>" +
         H(row.last_as_of) + "</td></tr>";
  }
  return t + "</table>";
}

std::string ShaForm(Lang lang, const std::string& sha) {
  return "<form method=\"get\" action=\"/lineage\" id=\"lineage-form\"><input type=\"hidden\" "
         "name=\"lang\" value=\"" +
         std::string(LangCode(lang)) + "\"><label>SHA-256 <input name=\"sha256\" size=\"66\" " +
         "value=\"" + H(sha) + "\"></label> <button type=\"submit\">" + T(lang, "show") +
         "</button></form>";
}

std::string Holdings(Lang lang, const registry::Lineage& l, const std::string& q) {
  if (l.holdings.empty()) return "<p>" + T(lang, "none") + "</p>";
  std::string t = "<table id=\"holdings-table\"><tr><th>" + T(lang, "entry") + "</th><th>" +
                  T(lang, "date") + "</th><th>" + T(lang, "exporter") + "</th><th>" +
                  T(lang, "recipient") + "</th><th>" + T(lang, "third_party") + "</th><th>" +
                  T(lang, "country") + "</th></tr>";
  for (const registry::Holding& h : l.holdings) {
    const std::string entry = std::to_string(h.entry);
    t += "<tr><td>" +
         (h.type == "transfer" ? "<a href=\"/transfers/" + entry + q + "\">#" + entry + "</a>"
                               : "#" + entry + " " + T(lang, "onward")) +
         "</td><td>" + H(h.as_of) + "</td><td>" + H(h.exporter) + "</td><td>" + H(h.recipient) +
         "</td><td>" + H(h.third_party) + "</td><td>" + H(h.country) + "</td></tr>";
  }
  return t + "</table>";
}

std::string Derived(Lang lang, const registry::Lineage& l) {
  if (l.derived.empty() && l.derived_from.empty()) return "";
  std::string t = "<table id=\"derived-table\"><tr><th>" + T(lang, "file") + "</th><th>" +
                  "SHA-256</th><th>" + T(lang, "transfer") + "</th><th>" + T(lang, "generation") +
                  "</th></tr>";
  for (const auto* list : {&l.derived_from, &l.derived}) {
    for (const registry::DerivedFile& d : *list) {
      t += "<tr><td>" + H(d.name) + "</td><td><code>" + H(d.sha256.substr(0, 16)) +
           "…</code></td><td>#" + std::to_string(d.from_entry) + " " + H(d.package) +
           "</td><td class=\"num\">" +
           (d.generation == 0 ? T(lang, "source") : std::to_string(d.generation)) + "</td></tr>";
    }
  }
  return Section("derived", T(lang, "derived"), t + "</table>");
}

}  // namespace

void Service::LineagePage(Call& call) {
  const Lang lang = LangOf(call.req);
  PageFrame frame{lang, call.who,
                  call.who->via_session ? auth_->CsrfToken(call.who->session_id) : ""};
  const std::string q = "?lang=" + std::string(LangCode(lang));
  const std::string sha = call.req.get_param_value("sha256");
  std::string body = "<p class=\"muted\">" + T(lang, "lineage_note") + "</p>" + ShaForm(lang, sha);
  if (sha.empty()) {
    auto snap = Snapshot();
    if (!snap.ok()) return SendError(call, snap.error());
    body += Section("datasets", T(lang, "datasets_sent"), DatasetList(lang, **snap, q));
    return SendHtml(call, 200, Layout(frame, Tr(lang, "lineage"), body, "/lineage"));
  }
  auto lineage = TraceFile(sha);
  if (!lineage.ok()) {
    if (lineage.error().code != ErrorCode::kParse) return SendError(call, lineage.error());
    body += "<p class=\"bad\" id=\"lineage-error\">sha256: " + H(lineage.error().message) + "</p>";
    return SendHtml(call, 400, Layout(frame, Tr(lang, "lineage"), body, "/lineage"));
  }
  body += Section("graph", T(lang, "graph") + " <code>" + H(sha.substr(0, 16)) + "…</code>",
                  LineageGraphHtml(lang, *lineage));
  body += Section("holdings", T(lang, "holdings"), Holdings(lang, *lineage, q));
  body += Derived(lang, *lineage);
  SendHtml(call, 200, Layout(frame, Tr(lang, "lineage"), body, "/lineage"));
}

}  // namespace xb::server
