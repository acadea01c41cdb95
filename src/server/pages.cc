// The dashboard: server-rendered HTML with inline SVG charts, no JavaScript, printable. Every
// page is also reachable with the Bearer header (scripts and tests); forms that change state
// carry the session's CSRF token and are checked on the server (server.cc).
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "report/chart.h"
#include "server/i18n.h"
#include "server/page_frame.h"
#include "server/request_params.h"
#include "server/service.h"

namespace xb::server {
namespace fs = std::filesystem;
using Json = nlohmann::json;
using report::Chart;
using report::ChartKind;
using report::EscapeXml;
using report::GroupThousands;
using report::RenderSvg;

std::string H(std::string_view text) { return EscapeXml(text); }

Lang LangOf(const httplib::Request& req) {
  if (req.has_param("lang")) return ParseLang(req.get_param_value("lang"));
  return req.get_header_value("Accept-Language").rfind("zh", 0) == 0 ? Lang::kZh : Lang::kEn;
}

std::string T(Lang lang, std::string_view key) { return H(Tr(lang, key)); }

constexpr const char* kCss = R"css(
body{font:14px/1.45 system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:0;color:#1a202c;background:#f7fafc}
header{background:#1a365d;color:#fff;padding:10px 24px;display:flex;gap:18px;align-items:center;flex-wrap:wrap}
header a,header button{color:#fff;text-decoration:none;background:none;border:0;font:inherit;cursor:pointer;padding:0}
header .who{margin-left:auto;opacity:.85}
main{max-width:1100px;margin:0 auto;padding:16px 24px}
section{background:#fff;border:1px solid #e2e8f0;border-radius:6px;padding:12px 16px;margin:0 0 16px}
h1{font-size:20px;margin:8px 0 16px}h2{font-size:16px;margin:0 0 10px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #edf2f7;vertical-align:top}
th{font-weight:600;color:#4a5568}.num{text-align:right;font-variant-numeric:tabular-nums}.date{white-space:nowrap}
.ok{color:#276749;font-weight:600}.bad{color:#c53030;font-weight:600}.muted{color:#718096}
code,pre{font:12px ui-monospace,monospace;word-break:break-all;white-space:pre-wrap}
pre{background:#edf2f7;padding:8px;border-radius:4px}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:16px}
textarea{width:100%;font:12px ui-monospace,monospace}
.figure{font-size:28px;font-weight:700}
@media print{header form,header a.nav{display:none}body{background:#fff}section{break-inside:avoid;border:0}}
@media (max-width:800px){.grid{grid-template-columns:1fr}}
)css";

std::string Layout(const PageFrame& f, std::string_view title, const std::string& body,
                   const std::string& self_path) {
  const std::string other = f.lang == Lang::kZh ? "en" : "zh";
  std::string h = "<!doctype html><html lang=\"" +
                  std::string(f.lang == Lang::kZh ? "zh-CN" : "en") +
                  "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                  "content=\"width=device-width,initial-scale=1\"><title>" +
                  H(title) + " · xborder</title><style>" + kCss + "</style></head><body><header>";
  const std::string q = "?lang=" + std::string(LangCode(f.lang));
  h += "<strong>xborder</strong><a class=\"nav\" href=\"/" + q + "\">" + T(f.lang, "dashboard") +
       "</a>";
  if (f.who != nullptr && Allows(f.who->role, Access::kAssess)) {
    h += "<a class=\"nav\" id=\"nav-new-transfer\" href=\"/transfers/new" + q + "\">" +
         T(f.lang, "new_transfer") + "</a>";
  }
  if (f.who != nullptr) {
    h += "<a class=\"nav\" id=\"nav-alerts\" href=\"/alerts" + q + "\">" + T(f.lang, "alerts") +
         "</a><a class=\"nav\" id=\"nav-lineage\" href=\"/lineage" + q + "\">" +
         T(f.lang, "lineage") + "</a>";
  }
  h += "<a class=\"nav\" href=\"" + H(self_path) + "?lang=" + other + "\">" +
       T(f.lang, "language") + "</a>";
  if (f.who != nullptr) {
    h += "<span class=\"who\">" + T(f.lang, "signed_in_as") + " <b id=\"who\">" + H(f.who->name) +
         "</b> (" + T(f.lang, "role") + ": <span id=\"role\">" +
         std::string(RoleName(f.who->role)) + "</span>)</span>";
    if (!f.csrf.empty()) {
      h +=
          "<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"" +
          f.csrf + "\"><button type=\"submit\">" + T(f.lang, "sign_out") + "</button></form>";
    }
  }
  h += "</header><main><h1>" + H(title) + "</h1>" + body + "</main></body></html>";
  return h;
}

std::string Section(const std::string& id, const std::string& title, const std::string& body) {
  return "<section id=\"" + id + "\"><h2>" + title + "</h2>" + body + "</section>";
}

namespace {

std::string UtcTime(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

std::string DecisionLabel(const std::string& decision) {
  return H(decision.empty() ? "-" : decision);
}

// --- The dashboard's sections, one function each.

// This year's distinct individuals per exporter against each threshold.
std::string YearToDateSection(Lang lang, const DashboardModel& m) {
  std::string charts;
  std::string table = "<table><tr><th>" + T(lang, "exporter") + "</th><th class=\"num\">" +
                      T(lang, "individuals_sent") + "</th><th class=\"num\">" +
                      T(lang, "sensitive") + "</th><th class=\"num\">" + T(lang, "exempt") +
                      "</th></tr>";
  for (const ExporterYear& e : m.exporters) {
    Chart chart;
    chart.kind = ChartKind::kGauges;
    chart.title = e.exporter;
    for (const Threshold& t : kThresholds) {
      const bool sensitive = std::string_view(t.kind) == "sensitive";
      chart.items.push_back(
          {lang == Lang::kZh ? t.label_zh : t.label_en,
           static_cast<double>(sensitive ? e.sensitive_individuals : e.individuals),
           static_cast<double>(t.value)});
    }
    charts += RenderSvg(chart, {980, 280});
    table += "<tr><td>" + H(e.exporter) + "</td><td class=\"num ytd-figure\">" +
             GroupThousands(static_cast<double>(e.individuals)) + "</td><td class=\"num\">" +
             GroupThousands(static_cast<double>(e.sensitive_individuals)) +
             "</td><td class=\"num\">" + GroupThousands(static_cast<double>(e.exempt_individuals)) +
             "</td></tr>";
  }
  table += "</table>";
  std::string note = "<p class=\"muted\">" + T(lang, "ytd_note");
  for (const Threshold& t : kThresholds) {
    note += " " + H(lang == Lang::kZh ? t.label_zh : t.label_en) + " (" + H(t.citation) +
            ", <code>" + H(t.rule) + "</code>);";
  }
  note += "</p>";
  return Section("ytd", T(lang, "ytd") + " (" + std::to_string(m.year) + ")",
                 m.exporters.empty() ? "<p>" + T(lang, "none") + "</p>" : charts + table + note);
}

// Transfers and refusals by month.
std::string ByMonthSection(Lang lang, const DashboardModel& m) {
  Chart sent;
  sent.title = std::string(Tr(lang, "transfers")) + " (" + std::to_string(m.year) + ")";
  Chart refused;
  refused.title = std::string(Tr(lang, "refusals")) + " (" + std::to_string(m.year) + ")";
  for (int i = 0; i < 12; ++i) {
    sent.items.push_back({std::to_string(i + 1), static_cast<double>(m.transfers_by_month[i]), 0});
    refused.items.push_back(
        {std::to_string(i + 1), static_cast<double>(m.refusals_by_month[i]), 0});
  }
  return Section("by-month", T(lang, "by_month"),
                 "<p><span class=\"figure\" id=\"transfers-this-year\">" +
                     std::to_string(m.transfers_this_year) + "</span> " + T(lang, "transfers") +
                     " · <span class=\"figure\">" + std::to_string(m.refusals_this_year) +
                     "</span> " + T(lang, "refusals") + "</p><div class=\"grid\"><div>" +
                     RenderSvg(sent, {500, 240}) + "</div><div>" + RenderSvg(refused, {500, 240}) +
                     "</div></div>");
}

// Latest transfers (links to their pages and proofs).
std::string LatestTransfersSection(Lang lang, const LedgerSnapshot& snap, const std::string& q) {
  std::string t = "<table id=\"latest\"><tr><th>#</th><th>" + T(lang, "date") + "</th><th>" +
                  T(lang, "exporter") + "</th><th>" + T(lang, "recipient") + "</th><th>" +
                  T(lang, "country") + "</th><th>" + T(lang, "decision") + "</th><th>" +
                  T(lang, "status") + "</th></tr>";
  const auto& ids = snap.transfers;
  for (size_t k = 0; k < ids.size() && k < 15; ++k) {
    const EntrySummary& e = snap.entries[ids[ids.size() - 1 - k]];
    t += "<tr><td><a class=\"transfer-link\" href=\"/transfers/" + std::to_string(e.index) + q +
         "\">" + std::to_string(e.index) + "</a></td><td>" + H(e.as_of) + "</td><td>" +
         H(e.exporter) + "</td><td>" + H(e.recipient) + "</td><td>" + H(e.country) + "</td><td>" +
         DecisionLabel(e.decision) + "</td><td class=\"" +
         (e.type == "transfer" ? "ok\">" + T(lang, "sent") : "bad\">" + T(lang, "refused")) +
         "</td></tr>";
  }
  t += "</table>";
  return Section("transfers", T(lang, "all_transfers"),
                 ids.empty() ? "<p>" + T(lang, "none") + "</p>" : t);
}

// Recipients and countries.
std::string RecipientsSection(Lang lang, const DashboardModel& m) {
  std::string t = "<table><tr><th>" + T(lang, "recipient") + "</th><th>" + T(lang, "country") +
                  "</th><th class=\"num\">" + T(lang, "count") + "</th><th class=\"num\">" +
                  T(lang, "individuals_sent") + "</th><th>" + T(lang, "last") + "</th></tr>";
  for (const PlaceRow& p : m.recipients) {
    t += "<tr><td>" + H(p.recipient) + "</td><td>" + H(p.country) + "</td><td class=\"num\">" +
         std::to_string(p.transfers) + "</td><td class=\"num\">" +
         GroupThousands(static_cast<double>(p.individuals)) + "</td><td>" + H(p.last_as_of) +
         "</td></tr>";
  }
  t += "</table><p class=\"muted\">";
  for (const auto& [country, n] : m.countries) t += H(country) + ": " + std::to_string(n) + " ";
  t += "</p>";
  return Section("recipients", T(lang, "recipients"),
                 m.recipients.empty() ? "<p>" + T(lang, "none") + "</p>" : t);
}

// Mechanisms and their windows.
std::string MechanismsSection(Lang lang, const DashboardModel& m) {
  std::string t = "<table><tr><th>" + T(lang, "mechanism") + "</th><th>" + T(lang, "reference") +
                  "</th><th class=\"num\">" + T(lang, "count") + "</th><th>" + T(lang, "windows") +
                  "</th></tr>";
  for (const MechanismRow& mech : m.mechanisms) {
    std::string windows;
    for (const DueItem& d : mech.windows)
      windows += H(d.due) + " " + H(d.title) + " (" + H(d.citation) + ")<br>";
    t += "<tr><td>" + H(mech.type) + "</td><td>" + H(mech.reference) + "</td><td class=\"num\">" +
         std::to_string(mech.transfers) + "</td><td>" + (windows.empty() ? "-" : windows) +
         "</td></tr>";
  }
  t += "</table>";
  return Section("mechanisms", T(lang, "mechanisms"),
                 m.mechanisms.empty() ? "<p>" + T(lang, "none") + "</p>" : t);
}

// Obligations coming due.
std::string ObligationsSection(Lang lang, const DashboardModel& m, const std::string& q) {
  std::string t = "<table><tr><th>" + T(lang, "due") + "</th><th class=\"num\">" +
                  T(lang, "working_days") + "</th><th>" + T(lang, "obligation") + "</th><th>" +
                  T(lang, "citation") + "</th><th>" + T(lang, "transfer") + "</th></tr>";
  for (const DueItem& d : m.obligations) {
    t += "<tr><td class=\"date\">" + H(d.due) +
         (d.provisional ? " <span class=\"muted\" title=\"" + T(lang, "provisional") + "\">*</span>"
                        : "") +
         "</td><td class=\"num\">" + std::to_string(d.working_days_left) + "</td><td>" +
         H(d.title) + "</td><td>" + H(d.citation) + "</td><td><a href=\"/transfers/" +
         std::to_string(d.index) + q + "\">#" + std::to_string(d.index) + "</a> " + H(d.recipient) +
         "</td></tr>";
  }
  t += "</table>";
  return Section("obligations", T(lang, "obligations"),
                 m.obligations.empty() ? "<p>" + T(lang, "none") + "</p>" : t);
}

// Consent coverage and withdrawals.
std::string ConsentSection(Lang lang, const DashboardModel& m, const std::string& q) {
  std::string t = "<p>" + T(lang, "coverage") + ":</p><table><tr>";
  for (const auto& [coverage, n] : m.consent) t += "<th>" + H(coverage) + "</th>";
  t += "</tr><tr>";
  for (const auto& [coverage, n] : m.consent) {
    t += "<td class=\"num\">" + GroupThousands(static_cast<double>(n)) + "</td>";
  }
  t += "</tr></table><h2 style=\"margin-top:12px\">" + T(lang, "withdrawals") + "</h2>";
  if (m.withdrawals.empty()) {
    t += "<p>" + T(lang, "none") + "</p>";
  } else {
    t += "<table><tr><th>" + T(lang, "entry") + "</th><th>" + T(lang, "date") + "</th><th>" +
         T(lang, "recipient") + "</th><th>" + T(lang, "country") + "</th><th class=\"num\">" +
         T(lang, "individuals_sent") + "</th></tr>";
    for (const WithdrawalRow& w : m.withdrawals) {
      t += "<tr><td><a href=\"/transfers/" + std::to_string(w.index) + q + "\">#" +
           std::to_string(w.index) + "</a></td><td>" + H(w.as_of) + "</td><td>" + H(w.recipient) +
           "</td><td>" + H(w.country) + "</td><td class=\"num\">" + std::to_string(w.individuals) +
           "</td></tr>";
    }
    t += "</table>";
  }
  return Section("consent", T(lang, "consent"), t);
}

// The checkpoint and whether the ledger verifies.
std::string CheckpointSection(Lang lang, const DashboardModel& m, const VerifyState& v) {
  std::string status;
  if (v.unix_seconds == 0) {
    status = "<span class=\"muted\">" + T(lang, "not_verified") + "</span>";
  } else if (v.ok) {
    status = "<span class=\"ok\" id=\"verify-status\">" + T(lang, "verified") +
             "</span> <span class=\"muted\">(" + T(lang, "size") + " " + std::to_string(v.size) +
             ", " + T(lang, "verified_at") + " " + UtcTime(v.unix_seconds) + ")</span>";
    if (v.size < m.size) {
      status +=
          " <span class=\"muted\" id=\"verify-pending\">" + T(lang, "verify_pending") + "</span>";
    }
  } else {
    status = "<span class=\"bad\" id=\"verify-status\">" + T(lang, "verify_failed") +
             "</span>: " + H(v.problem);
  }
  return Section("checkpoint", T(lang, "checkpoint"),
                 "<p>" + T(lang, "size") + ": <b id=\"ledger-size\">" + std::to_string(m.size) +
                     "</b> · " + T(lang, "root") + ": <code>" + m.root_hex + "</code></p><p>" +
                     status + "</p><pre>" + H(m.checkpoint_note) + "</pre>");
}

// Documents.
std::string DocumentsSection(Lang lang, const DashboardModel& m) {
  std::string t;
  if (m.documents.empty()) {
    t = "<p class=\"muted\">" + T(lang, "documents_none") + "</p>";
  } else {
    t = "<table id=\"documents-table\"><tr><th>" + T(lang, "document") + "</th><th>" +
        T(lang, "date") + "</th><th>" + T(lang, "exporter") + "</th><th>" +
        T(lang, "ledger_entry") + "</th><th>" + T(lang, "files") + "</th></tr>";
    for (const DocumentRow& d : m.documents) {
      std::string files;
      for (const DocumentRow::File& f : d.files) {
        const std::string href =
            "/v1/reports/" + std::to_string(d.index) + "/" + f.name;  // names: [a-z0-9.-]
        files += f.on_server ? "<a class=\"doc\" href=\"" + H(href) + "\">" + H(f.name) + "</a> "
                             : "<span class=\"muted\">" + H(f.name) + "</span> ";
      }
      t += "<tr><td>" + H(d.kind) + "</td><td>" + H(d.made_on) + "</td><td>" + H(d.exporter) +
           "</td><td>#" + std::to_string(d.index) + "</td><td>" + files + "</td></tr>";
    }
    t += "</table><p class=\"muted\">" + T(lang, "documents_note") + "</p>";
  }
  return Section("documents", T(lang, "documents"), t);
}

// --- A transfer's page: its sections, one function each.

// What the entry records: parties, purpose, decision, counts, and why it was refused.
std::string FactsSection(Lang lang, const EntrySummary& e, const Json& entry) {
  std::string facts = "<table>";
  auto row = [&](std::string_view key, const std::string& value) {
    facts += "<tr><th>" + T(lang, key) + "</th><td>" + value + "</td></tr>";
  };
  row("date", H(e.as_of));
  row("exporter", H(e.exporter));
  row("recipient", H(e.recipient) + " (" + H(e.country) + ")");
  row("purpose", H(e.purpose));
  row("decision", "<b id=\"decision\">" + DecisionLabel(e.decision) + "</b>");
  row("mechanism", H(e.mechanism_type) + " " + H(e.mechanism_reference));
  row("individuals_sent", GroupThousands(static_cast<double>(e.individuals)) + " (" +
                              T(lang, "sensitive") + " " +
                              GroupThousands(static_cast<double>(e.sensitive_individuals)) + ")");
  if (entry.contains("reasons") && entry["reasons"].is_array()) {
    std::string reasons;
    for (const auto& r : entry["reasons"])
      reasons += H(r.is_string() ? r.get<std::string>() : "") + "<br>";
    row("refused_because", reasons);
  }
  facts += "</table>";
  return Section("facts", T(lang, "transfer") + " #" + std::to_string(e.index), facts);
}

// The rules the decision rests on, with their citations.
std::string BasisSection(Lang lang, const Json& entry) {
  std::string basis = "<ul>";
  if (entry.contains("decision") && entry["decision"].contains("basis")) {
    for (const auto& b : entry["decision"]["basis"]) {
      basis += "<li><code>" + H(b.value("rule", "")) + "</code> — " + H(b.value("citation", "")) +
               "</li>";
    }
  }
  basis += "</ul>";
  return Section("basis", T(lang, "basis"), basis);
}

// The obligations the package's decision.json lists (none when the package is not here).
std::string PackageObligationsSection(Lang lang, const std::optional<fs::path>& package) {
  auto decision_text =
      package ? ReadFile((*package / "decision.json").string()) : Result<std::string>(NotFound(""));
  if (!decision_text.ok()) {
    return Section("obligations", T(lang, "obligations"),
                   "<p class=\"muted\">" + T(lang, "no_package") + "</p>");
  }
  Json d = Json::parse(*decision_text, nullptr, false);
  std::string obligations = "<table><tr><th>" + T(lang, "obligation") + "</th><th>" +
                            T(lang, "due") + "</th><th>" + T(lang, "citation") + "</th></tr>";
  if (d.is_object() && d.contains("obligations")) {
    for (const auto& o : d["obligations"]) {
      obligations +=
          "<tr><td>" + H(o.value("title", "")) + "</td><td class=\"date\">" +
          H(o.contains("due") && o["due"].is_string() ? o["due"].get<std::string>() : "-") +
          "</td><td>" + H(o.value("citation", "")) + "</td></tr>";
    }
  }
  obligations += "</table>";
  return Section("obligations", T(lang, "obligations"), obligations);
}

// The package's files and digests: its manifest when the package is here, else the entry's.
std::string ManifestSection(Lang lang, const Json& entry, const std::optional<fs::path>& package) {
  auto manifest_text =
      package ? ReadFile((*package / "manifest.json").string()) : Result<std::string>(NotFound(""));
  Json files = entry.contains("files") ? entry["files"] : Json::object();
  if (manifest_text.ok()) {
    Json mj = Json::parse(*manifest_text, nullptr, false);
    if (mj.is_object() && mj.contains("files")) files = mj["files"];
  }
  if (!files.is_object() || files.empty()) {
    return Section("manifest", T(lang, "manifest"),
                   "<p class=\"muted\">" + T(lang, "none") + "</p>");
  }
  std::string manifest = "<table><tr><th>" + T(lang, "file") + "</th><th>SHA-256</th></tr>";
  for (auto it = files.begin(); it != files.end(); ++it) {
    manifest += "<tr><td>" + H(it.key()) + "</td><td><code>" +
                H(it.value().is_string() ? it.value().get<std::string>() : "") +
                "</code></td></tr>";
  }
  manifest += "</table>";
  return Section("manifest", T(lang, "manifest"), manifest);
}

// The inclusion proof against the current head, and how anyone checks it.
std::string ProofSection(Lang lang, const ledger::InclusionProofResult& proof, const Digest& root) {
  const std::string index = std::to_string(proof.index);
  std::string path;
  for (const Digest& d : proof.proof) path += "<li><code>" + ToHex(d) + "</code></li>";
  const std::string api =
      "/v1/ledger/proofs/inclusion?index=" + index + "&amp;size=" + std::to_string(proof.size);
  std::string p =
      "<table><tr><th>" + T(lang, "entry") + "</th><td>" + index + "</td></tr><tr><th>" +
      T(lang, "tree_size") + "</th><td>" + std::to_string(proof.size) + "</td></tr><tr><th>" +
      T(lang, "leaf_hash") + "</th><td><code id=\"leaf-hash\">" + ToHex(proof.leaf_hash) +
      "</code></td></tr><tr><th>" + T(lang, "path") + "</th><td><ol id=\"audit-path\">" + path +
      "</ol></td></tr><tr><th>" + T(lang, "root") + "</th><td><code id=\"proof-root\">" +
      ToHex(root) + "</code></td></tr></table>";
  p += "<h2 style=\"margin-top:12px\">" + T(lang, "how_verify") + "</h2><pre>" +
       H("# 1. The entry's leaf hash is SHA-256(0x00 || entry bytes) (RFC 9162):\n"
         "curl -s -H 'Authorization: Bearer $TOKEN' "
         "/v1/ledger/entries/" +
         index +
         " | jq -j .entry | (printf '\\0'; cat) | sha256sum\n"
         "# 2. Fold the audit path into the root and compare it with the signed checkpoint:\n"
         "curl -s -H 'Authorization: Bearer $TOKEN' '") +
       api +
       H("' > proof.json\n"
         "curl -s -H 'Authorization: Bearer $TOKEN' /v1/ledger/checkpoint > checkpoint.note\n"
         "python3 docs/ledger_verify.py --help   # independent verifier, Python standard library "
         "only\n"
         "# docs/ledger.md walks through the same check step by step.") +
       "</pre>";
  return Section("proof", T(lang, "proof"), p);
}

}  // namespace

void Service::SendProblemPage(Call& call, const Problem& problem) {
  const Lang lang = LangOf(call.req);
  // The refusal may come before anyone was identified (then the frame shows no user).
  PageFrame frame{lang, call.who, call.who != nullptr ? CsrfFor(*call.who) : ""};
  const std::string where = problem.field.empty() ? "" : " (" + H(problem.field) + ")";
  SendHtml(call, problem.status,
           Layout(frame, Tr(lang, "result"),
                  Section("result", T(lang, "result"),
                          "<p class=\"bad\" id=\"refused\">" + std::to_string(problem.status) +
                              " " + H(problem.title) + ": " + H(problem.detail) + where +
                              "</p><p><a href=\"/?lang=" + std::string(LangCode(lang)) + "\">" +
                              T(lang, "dashboard") + "</a></p>"),
                  "/"));
}

VerifyState Service::LastVerify() {
  std::lock_guard<std::mutex> lock(verify_mu_);
  return verify_;
}

void Service::DashboardPage(Call& call) {
  const Lang lang = LangOf(call.req);
  auto model = Model();
  if (!model.ok()) return SendError(call, model.error());
  const DashboardModel& m = **model;
  auto snap = Snapshot();
  if (!snap.ok()) return SendError(call, snap.error());
  PageFrame frame{lang, call.who, CsrfFor(*call.who)};
  const std::string q = "?lang=" + std::string(LangCode(lang));
  std::string body;

  body += YearToDateSection(lang, m);
  body += AlertsPanel(lang, **snap, m.year, q);
  body += ByMonthSection(lang, m);
  body += LatestTransfersSection(lang, **snap, q);
  body +=
      "<div class=\"grid\">" + RecipientsSection(lang, m) + MechanismsSection(lang, m) + "</div>";
  body += ObligationsSection(lang, m, q);
  body += ConsentSection(lang, m, q);
  body += CheckpointSection(lang, m, LastVerify());
  body += DocumentsSection(lang, m);
  SendHtml(call, 200, Layout(frame, Tr(lang, "title"), body, "/"));
}

void Service::TransferPage(Call& call) {
  const Lang lang = LangOf(call.req);
  PageFrame frame{lang, call.who, CsrfFor(*call.who)};
  const std::optional<uint64_t> parsed = ParseIndex(call.params[0]);
  const uint64_t index = parsed.value_or(0);
  auto snap = Snapshot();
  if (!snap.ok()) return SendError(call, snap.error());
  if (!parsed || index >= (*snap)->size || !(*snap)->entries[index].is_transfer()) {
    return SendHtml(call, 404, Layout(frame, "404", "<p>" + T(lang, "none") + "</p>", "/"));
  }
  std::string entry_text;
  ledger::InclusionProofResult proof;
  Status read = ledgers_->Read([&](ledger::Ledger& l) -> Status {
    XB_ASSIGN_OR_RETURN(entry_text, l.Entry(index));
    XB_ASSIGN_OR_RETURN(proof, l.ProveInclusion(index, (*snap)->size));
    return Status::Ok();
  });
  if (!read.ok()) return SendError(call, read.error());
  const Json entry = Json::parse(entry_text);
  const EntrySummary& e = (*snap)->entries[index];
  // Obligations and manifest come from the package, when it is on this server.
  const std::optional<fs::path> package =
      e.has_package_folder() ? std::optional(fs::path(options_.packages_dir) / e.package)
                             : std::nullopt;
  std::string body = FactsSection(lang, e, entry);
  body += BasisSection(lang, entry);
  body += PackageObligationsSection(lang, package);
  body += ManifestSection(lang, entry, package);
  body += ProofSection(lang, proof, (*snap)->root);
  SendHtml(call, 200,
           Layout(frame, std::string(Tr(lang, "transfer")) + " #" + std::to_string(index), body,
                  "/transfers/" + std::to_string(index)));
}

void Service::NewTransferPage(Call& call) {
  const Lang lang = LangOf(call.req);
  const std::string csrf = CsrfFor(*call.who);
  PageFrame frame{lang, call.who, csrf};
  const bool may_send = Allows(call.who->role, Access::kSend);
  std::string form =
      "<form method=\"post\" action=\"/transfers?lang=" + std::string(LangCode(lang)) +
      "\" id=\"transfer-form\"><input type=\"hidden\" name=\"csrf\" value=\"" + csrf +
      "\"><p><label>" + T(lang, "plan") +
      "<br><textarea name=\"plan\" rows=\"18\" required></textarea></label></p><p>";
  if (may_send) {
    form += "<label><input type=\"checkbox\" name=\"dry_run\" value=\"1\"> " + T(lang, "dry_run") +
            "</label>";
  } else {
    form += "<input type=\"hidden\" name=\"dry_run\" value=\"1\">" + T(lang, "engineer_dry_run");
  }
  form += "</p><p><button type=\"submit\">" + T(lang, "run") + "</button></p></form>";
  SendHtml(call, 200,
           Layout(frame, Tr(lang, "new_transfer"), Section("form", T(lang, "new_transfer"), form),
                  "/transfers/new"));
}

void Service::SubmitTransferForm(Call& call) {
  const Lang lang = LangOf(call.req);
  PageFrame frame{lang, call.who, CsrfFor(*call.who)};
  const std::optional<bool> dry_run = DryRunOrRefuse(call);
  if (!dry_run) return;
  auto run = RunPlan(call.req.get_param_value("plan"), "application/yaml", *dry_run, std::nullopt);
  if (!run.ok()) {
    Problem p = ProblemFromError(run.error(), options_.data_root, options_.db);
    std::string where =
        p.field.empty()
            ? ""
            : " (" + H(p.field) + (p.line > 0 ? ", line " + std::to_string(p.line) : "") + ")";
    return SendHtml(call, p.status == 500 ? 500 : 422,
                    Layout(frame, Tr(lang, "result"),
                           Section("result", T(lang, "result"),
                                   "<p class=\"bad\">" + H(p.detail) + where + "</p>"),
                           "/transfers/new"));
  }
  Json j = Json::parse(run->json);
  std::string body = "<p>" + T(lang, "status") + ": <b id=\"run-status\">" +
                     H(j.value("status", "")) + "</b> · " + T(lang, "decision") + ": <b>" +
                     H(j["decision"].value("decision", "")) + "</b></p>";
  for (const auto& r : j["refusal_reasons"])
    body += "<p class=\"bad\">" + H(r.get<std::string>()) + "</p>";
  if (run->index) {
    body += "<p><a id=\"open-entry\" href=\"/transfers/" + std::to_string(*run->index) +
            "?lang=" + std::string(LangCode(lang)) + "\">" + T(lang, "open_entry") + " #" +
            std::to_string(*run->index) + "</a></p>";
  }
  SendHtml(call, run->index ? 201 : 200,
           Layout(frame, Tr(lang, "result"), Section("result", T(lang, "result"), body), "/"));
}

void Service::LoginPage(Call& call) {
  const Lang lang = LangOf(call.req);
  PageFrame frame{lang, nullptr, ""};
  std::string form =
      "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"lang\" value=\"" +
      std::string(LangCode(lang)) + "\"><p><label>" + T(lang, "token") +
      "<br><input type=\"password\" name=\"token\" id=\"token\" size=\"72\" autocomplete=\"off\" "
      "required></label></p><p class=\"muted\">" +
      T(lang, "token_hint") + "</p><p><button type=\"submit\" id=\"sign-in\">" +
      T(lang, "sign_in") + "</button></p></form>";
  SendHtml(
      call, 200,
      Layout(frame, Tr(lang, "sign_in"), Section("login", T(lang, "sign_in"), form), "/login"));
}

void Service::Login(Call& call) {
  const Lang lang = ParseLang(call.req.get_param_value("lang"));
  // A forged sign-in would put the victim in the attacker's account (login CSRF).
  if (!SameOrigin(call.req)) {
    return SendProblem(call, MakeProblem(403, "cross-site request refused (origin)"));
  }
  auto who = auth_->CheckToken(call.req.get_param_value("token"));
  if (!who.ok()) return SendError(call, who.error());
  PageFrame frame{lang, nullptr, ""};
  if (!*who) {
    return SendHtml(
        call, 401,
        Layout(frame, Tr(lang, "sign_in"),
               Section("login", T(lang, "sign_in"),
                       "<p class=\"bad\">" + T(lang, "bad_token") +
                           "</p><p><a href=\"/login?lang=" + std::string(LangCode(lang)) + "\">" +
                           T(lang, "sign_in") + "</a></p>"),
               "/login"));
  }
  auto session = auth_->StartSession(**who);
  if (!session.ok()) return SendError(call, session.error());
  call.res.set_header("Set-Cookie", SessionCookie(*session, auth_->session_seconds()));
  call.res.status = 303;
  call.res.set_header("Location", "/?lang=" + std::string(LangCode(lang)));
  call.res.set_content("", "text/plain");
}

std::string Service::SessionCookie(const std::string& value, int64_t max_age_seconds) const {
  // Secure whenever the browser reaches us over TLS: ours, or a proxy's (--cookie-secure).
  const bool secure = tls_ || options_.cookie_secure;
  return std::string(kSessionCookie) + "=" + value +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_seconds) +
         (secure ? "; Secure" : "");
}

void Service::Logout(Call& call) {
  if (call.who->via_session) {
    Status s = auth_->EndSession(call.who->session_id);
    if (!s.ok()) return SendError(call, s.error());
  }
  call.res.set_header("Set-Cookie", SessionCookie("", 0));
  call.res.status = 303;
  call.res.set_header("Location", "/login");
  call.res.set_content("", "text/plain");
}

}  // namespace xb::server
