// The dashboard's lineage page (DESIGN.md §12; issue 15, questions 1 and 2): /lineage lists the
// datasets the ledger's transfers took as sources; /lineage?sha256=HEX draws where that file
// went and what derived from it, as SVG made on the server by Graphviz's dot from the DOT of
// `xborder lineage` (registry/lineage.h). The page has no script (the CSP allows none).
//
// Escaping: the DOT escapes quotes and backslashes in labels, and dot writes every label, title
// and comment of the SVG as XML text (&lt; &gt; &amp; &#45;), so a name from the ledger cannot
// become markup; the SVG is inlined from its <svg> element on, without comments. Without
// Graphviz the page shows the DOT text, escaped.
#include <algorithm>
#include <map>
#include <set>

#include "registry/graphviz.h"
#include "registry/lineage.h"
#include "server/page_frame.h"
#include "server/service.h"

namespace xb::server {
namespace {

// The <svg> element of dot's output, without the XML prolog, doctype and comments.
std::string InlineSvg(const std::string& svg) {
  const size_t start = svg.find("<svg");
  if (start == std::string::npos) return "";
  // dot sizes the drawing in points; the page lets it shrink to the column (its viewBox keeps
  // the proportions).
  std::string out = "<svg style=\"max-width:100%;height:auto\"";
  size_t at = start + 4;
  while (at < svg.size()) {
    const size_t comment = svg.find("<!--", at);
    if (comment == std::string::npos) {
      out.append(svg, at, std::string::npos);
      break;
    }
    out.append(svg, at, comment - at);
    const size_t end = svg.find("-->", comment + 4);
    if (end == std::string::npos) break;
    at = end + 3;
  }
  return out;
}

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

// Graphviz's layout time grows faster than the graph (a file sent nightly for years: about a
// minute of CPU per view at 1,000 transfers), so a page draws at most this many nodes.
constexpr size_t kMostNodesDrawn = 300;

std::string Graph(Lang lang, const registry::Lineage& l) {
  if (l.nodes.empty()) return "<p>" + T(lang, "lineage_nothing") + "</p>";
  if (l.nodes.size() > kMostNodesDrawn) {
    return "<p class=\"muted\" id=\"lineage-too-large\">" + T(lang, "graph_too_large") + "</p>";
  }
  const std::string dot = registry::LineageToDot(l);
  auto svg = registry::RenderSvg(dot);
  if (!svg.ok()) {
    return "<p class=\"muted\">" + T(lang, "no_graphviz") + "</p><pre id=\"lineage-dot\">" +
           H(dot) + "</pre>";
  }
  return "<div id=\"lineage-svg\" style=\"overflow-x:auto\">" + InlineSvg(*svg) + "</div>";
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
                  Graph(lang, *lineage));
  body += Section("holdings", T(lang, "holdings"), Holdings(lang, *lineage, q));
  body += Derived(lang, *lineage);
  SendHtml(call, 200, Layout(frame, Tr(lang, "lineage"), body, "/lineage"));
}

}  // namespace xb::server
