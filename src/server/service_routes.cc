// The route table (DESIGN.md §12): every route the server answers, who may call it, and what it
// is. The OpenAPI document is generated from this table, so it lists exactly these routes.
#include "server/service.h"

namespace xb::server {

void Service::BuildRoutes() {
  auto bind = [this](void (Service::*fn)(Call&)) {
    return [this, fn](Call& call) { (this->*fn)(call); };
  };
  const std::vector<int> reads = {401, 403, 404, 500};
  const std::vector<int> writes = {400, 401, 403, 404, 409, 413, 422, 500};

  routes_.Add({"GET",
               "/healthz",
               Access::kPublic,
               "200 when the database answers",
               "operations",
               "",
               "application/json",
               {},
               {500, 503}},
              bind(&Service::Healthz));
  routes_.Add({"GET",
               "/openapi.json",
               Access::kPublic,
               "This document (OpenAPI 3.1)",
               "operations",
               "",
               "application/json",
               {},
               {}},
              bind(&Service::OpenApi));
  routes_.Add({"GET",
               "/metrics",
               Access::kSignedIn,
               "Prometheus text format: requests by route and status, latency, ledger size, last "
               "verify",
               "operations",
               "",
               "text/plain",
               {},
               {401, 500}},
              bind(&Service::MetricsText));
  routes_.Add({"POST",
               "/v1/assess",
               Access::kAssess,
               "A plan (YAML or JSON) → the decision of `xborder assess`",
               "api",
               "plan",
               "application/json",
               {{"as_of", "string", false, "Apply the rules in force on this date (YYYY-MM-DD)"}},
               writes},
              bind(&Service::Assess));
  routes_.Add({"POST",
               "/v1/transfers",
               Access::kAssess,
               "A plan whose datasets are paths under the server's data root → the transfer JSON "
               "of `xborder transfer`. Sending needs officer or admin; engineers may dry-run.",
               "api",
               "plan",
               "application/json",
               {{"dry_run", "boolean", false, "Decide and report; write nothing"},
                {"as_of", "string", false, "Transfer date (YYYY-MM-DD); overrides the plan"}},
               writes,
               false,
               "Recorded in the ledger (completed or refused)"},
              bind(&Service::PostTransfer));
  routes_.Add({"GET",
               "/v1/transfers",
               Access::kSignedIn,
               "Ledger entries of type transfer and transfer_refused",
               "ledger",
               "",
               "application/json",
               {{"after", "integer", false, "Only entries with a larger index"},
                {"limit", "integer", false, "At most this many (default 100, at most 1000)"}},
               {400, 401, 500}},
              bind(&Service::ListTransfers));
  routes_.Add({"GET",
               "/v1/transfers/{index}",
               Access::kSignedIn,
               "One transfer or refusal entry",
               "ledger",
               "",
               "application/json",
               {},
               reads},
              bind(&Service::GetTransfer));
  routes_.Add({"GET",
               "/v1/ledger/checkpoint",
               Access::kSignedIn,
               "The signed checkpoint (C2SP note)",
               "ledger",
               "",
               "text/plain",
               {},
               {401, 500}},
              bind(&Service::Checkpoint));
  routes_.Add({"GET",
               "/v1/ledger/entries/{index}",
               Access::kSignedIn,
               "{index, entry}: the entry as canonical JSON text",
               "ledger",
               "",
               "application/json",
               {},
               {400, 401, 404, 500}},
              bind(&Service::GetEntry));
  routes_.Add({"GET",
               "/v1/ledger/proofs/inclusion",
               Access::kSignedIn,
               "RFC 9162 inclusion proof {index, size, leaf_hash, hashes}",
               "ledger",
               "",
               "application/json",
               {{"index", "integer", true, "Entry index"},
                {"size", "integer", false, "Tree size (default: current)"}},
               {400, 401, 404, 500}},
              bind(&Service::InclusionProof));
  routes_.Add(
      {"GET",
       "/v1/ledger/proofs/consistency",
       Access::kSignedIn,
       "RFC 9162 consistency proof {from, to, hashes}",
       "ledger",
       "",
       "application/json",
       {{"from", "integer", true, "Old tree size"}, {"to", "integer", true, "New tree size"}},
       {400, 401, 404, 500}},
      bind(&Service::ConsistencyProof));
  routes_.Add(
      {"GET",
       "/v1/stats",
       Access::kSignedIn,
       "Distinct individuals per exporter and year (the JSON of `ledger stats`)",
       "ledger",
       "",
       "application/json",
       {{"exporter", "string", true, "Exporter name"}, {"year", "integer", true, "Calendar year"}},
       {400, 401, 500}},
      bind(&Service::Stats));
  routes_.Add({"POST",
               "/v1/reports/{kind}",
               Access::kSend,
               "Make a document (DESIGN.md §12, Documents; kind: pipia, sc-filing, assessment, "
               "certification, breach, annual) from the plan, incident or {exporter, year} in the "
               "body; it is recorded in the ledger as a \"report\" entry → links to its files",
               "api",
               "report",
               "application/json",
               {{"lang", "string", false, "zh, en or both (default both)"},
                {"format", "string", false, "html, pdf, docx or all (default all)"}},
               {400, 401, 403, 404, 409, 413, 422, 500},
               false,
               "Made and recorded: {kind, files: [{name, sha256, bytes, href}], checkpoint, "
               "ledger, blanks}",
               true},
              bind(&Service::PostReport));
  routes_.Add({"GET",
               "/v1/reports/{index}/{file}",
               Access::kSignedIn,
               "A file of the documents recorded by ledger entry {index} (an addition to DESIGN.md "
               "§12: the links POST /v1/reports answers with). Only the files the entry lists, "
               "with the SHA-256 it records; never a dataset or package",
               "api",
               "",
               "text/html, application/pdf, "
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document, "
               "application/json",
               {},
               {401, 404, 409, 500}},
              bind(&Service::GetReportFile));

  routes_.Add({"GET",
               "/v1/lineage",
               Access::kSignedIn,
               "Where a file went and what derived from it (the JSON of `xborder lineage "
               "--sha256`): transfers, packages, recipients, onward transfers, derived files",
               "ledger",
               "",
               "application/json",
               {{"sha256", "string", true, "The file's SHA-256 (64 lowercase hex digits)"}},
               {400, 401, 500}},
              bind(&Service::GetLineage));
  routes_.Add({"POST",
               "/v1/lineage",
               Access::kSignedIn,
               "Which transfers and recipients hold these people's data (the JSON of `xborder "
               "lineage --subjects`). The identifiers are hashed on read with the server's key "
               "and named in the answer by position only; they are never logged or echoed",
               "ledger",
               "identifiers",
               "application/json",
               {},
               {400, 401, 403, 413, 500}},
              bind(&Service::PostLineage));
  routes_.Add({"GET",
               "/v1/alerts",
               Access::kSignedIn,
               "The monitor's alerts (ledger entries of type alert), oldest first",
               "ledger",
               "",
               "application/json",
               {{"kind", "string", false, "Only this kind (unplanned_flow, ...)"},
                {"exporter", "string", false, "Only this exporter"},
                {"year", "integer", false, "Only alerts of events in this year"},
                {"after", "integer", false, "Only entries with a larger index"},
                {"limit", "integer", false, "At most this many (default 100, at most 1000)"}},
               {400, 401, 500}},
              bind(&Service::ListAlerts));

  RouteSpec page{"GET",       "/", Access::kSignedIn, "The dashboard",
                 "dashboard", "",  "text/html",       {{"lang", "string", false, "zh or en"}},
                 {401},       true};
  routes_.Add(page, bind(&Service::DashboardPage));
  page.path = "/transfers/new";
  page.summary = "Form to run a plan (officers send; engineers dry-run)";
  page.access = Access::kAssess;
  routes_.Add(page, bind(&Service::NewTransferPage));
  page.path = "/transfers/{index}";
  page.access = Access::kSignedIn;
  page.summary = "A transfer: decision, basis, obligations, package manifest, inclusion proof";
  routes_.Add(page, bind(&Service::TransferPage));
  page.path = "/alerts";
  page.summary = "The monitor's alerts, newest first (filters as GET /v1/alerts)";
  page.query = {{"lang", "string", false, "zh or en"},
                {"kind", "string", false, "Only this kind"},
                {"exporter", "string", false, "Only this exporter"},
                {"year", "integer", false, "Only alerts of events in this year"},
                {"before", "integer", false, "Only entries with a smaller index"}};
  page.errors = {400, 401};
  routes_.Add(page, bind(&Service::AlertsPage));
  page.path = "/lineage";
  page.summary =
      "Lineage: the datasets sent; with sha256, where that file went, drawn as SVG (Graphviz)";
  page.query = {{"lang", "string", false, "zh or en"},
                {"sha256", "string", false, "The file's SHA-256"}};
  routes_.Add(page, bind(&Service::LineagePage));
  routes_.Add({"POST",
               "/transfers",
               Access::kAssess,
               "The form of /transfers/new (session cookie and CSRF token)",
               "dashboard",
               "form",
               "text/html",
               {},
               {400, 401, 403, 413, 422},
               true},
              bind(&Service::SubmitTransferForm));
  routes_.Add({"GET",
               "/login",
               Access::kPublic,
               "Sign-in form",
               "dashboard",
               "",
               "text/html",
               {{"lang", "string", false, "zh or en"}},
               {},
               true},
              bind(&Service::LoginPage));
  routes_.Add({"POST",
               "/login",
               Access::kPublic,
               "Sign in with an API token; sets the session cookie",
               "dashboard",
               "form",
               "text/html",
               {},
               {401, 403},
               true},
              bind(&Service::Login));
  routes_.Add({"POST",
               "/logout",
               Access::kSignedIn,
               "Sign out (ends the session)",
               "dashboard",
               "form",
               "text/html",
               {},
               {401, 403},
               true},
              bind(&Service::Logout));
}

}  // namespace xb::server
