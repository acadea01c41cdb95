// The server's state and request handlers (internal to src/server; server.h is the public door).
// server.cc wires HTTP to the route table and checks every request (identity, role, CSRF)
// before a handler runs; api.cc holds the JSON API handlers; pages.cc the dashboard's.
//
// Thread-safety: handlers run concurrently on the HTTP worker threads; shared state is either
// immutable after construction or guarded as noted.
#ifndef XBORDER_SERVER_SERVICE_H_
#define XBORDER_SERVER_SERVICE_H_

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>
#include <thread>

#include "core/key_file.h"
#include "detect/column_classifier.h"
#include "detect/subject_hasher.h"
#include "ledger/group_commit.h"
#include "registry/lineage.h"
#include "report/report.h"
#include "rules/engine.h"
#include "rules/locate.h"
#include "server/access_log.h"
#include "server/auth.h"
#include "server/dashboard_model.h"
#include "server/ledger_pool.h"
#include "server/ledger_snapshot.h"
#include "server/metrics.h"
#include "server/problem.h"
#include "server/request_file.h"
#include "server/route.h"
#include "server/server.h"
#include "transfer/transfer_resources.h"

namespace xb::server {

struct VerifyState {
  int64_t unix_seconds = 0;  // 0: not run yet
  bool ok = false;
  uint64_t size = 0;
  std::string problem;
};

class Service {
 public:
  static Result<std::unique_ptr<Service>> Create(const ServerOptions& options);
  ~Service();

  Result<int> Bind();
  void Run();
  void Stop();
  const RouteTable& routes() const { return routes_; }

  // --- Responses (used by every handler).
  void SendJson(Call& call, int status, const std::string& body);
  void SendProblem(Call& call, const Problem& problem);
  void SendError(Call& call, const Error& error);
  // A signed-in browser's CSRF token: the X-CSRF-Token header or the form body's csrf field,
  // never the query string. Empty when absent.
  static std::string CsrfTokenOf(const httplib::Request& req);
  void SendHtml(Call& call, int status, const std::string& html);
  // A refused form submission, as a page with the problem's detail (pages.cc).
  void SendProblemPage(Call& call, const Problem& problem);
  // The CSRF token a signed-in browser's forms carry; empty for a Bearer caller.
  std::string CsrfFor(const Principal& who) const;
  // The Set-Cookie value of a session (empty value, age 0: the sign-out's).
  std::string SessionCookie(const std::string& value, int64_t max_age_seconds) const;
  const std::string& RouteTemplate(size_t route) const { return routes_.routes()[route].spec.path; }

  // --- JSON API (api.cc).
  VerifyState LastVerify();

  void Healthz(Call& call);
  void OpenApi(Call& call);
  void MetricsText(Call& call);
  void Assess(Call& call);
  void PostTransfer(Call& call);
  // The request's dry_run flag (query or form field), checked against the caller's role: the
  // one place that decides whether a transfer request may send. nullopt after answering with a
  // problem (400 for a value that is no flag, 403 for a role that may only dry-run).
  std::optional<bool> DryRunOrRefuse(Call& call);
  void ListTransfers(Call& call);
  void GetTransfer(Call& call);
  void Checkpoint(Call& call);
  void GetEntry(Call& call);
  void InclusionProof(Call& call);
  void ConsistencyProof(Call& call);
  void Stats(Call& call);
  void AppendEntries(Call& call);  // entries_api.cc
  void PostReport(Call& call);     // reports_api.cc
  void GetReportFile(Call& call);
  void GetLineage(Call& call);  // lineage_api.cc
  void PostLineage(Call& call);
  void ListAlerts(Call& call);  // alerts_api.cc

  // --- Dashboard (pages.cc).
  void DashboardPage(Call& call);
  void TransferPage(Call& call);
  void NewTransferPage(Call& call);
  void SubmitTransferForm(Call& call);
  void LoginPage(Call& call);
  void Login(Call& call);
  void Logout(Call& call);
  void AlertsPage(Call& call);   // alerts_page.cc
  void LineagePage(Call& call);  // lineage_page.cc

  // Questions 1 and 2 of lineage for a file's SHA-256, read through the pool (lineage_api.cc).
  // Errors: kParse naming the query parameter sha256 for a malformed digest; ledger errors.
  Result<registry::Lineage> TraceFile(const std::string& sha256_hex);

  // Runs a plan through the pipeline: the work of POST /v1/transfers and the dashboard's form.
  // On success, the outcome JSON and whether a ledger entry was written (its index).
  struct TransferRun {
    std::string json;
    std::optional<uint64_t> index;
    bool dry_run = false;
  };
  Result<TransferRun> RunPlan(std::string_view body, std::string_view content_type, bool dry_run,
                              std::optional<CivilDate> as_of);

 private:
  explicit Service(const ServerOptions& options);
  void BuildRoutes();
  void Wire();
  bool PreRoute(const httplib::Request& req, httplib::Response& res);
  // A request with a body, before the body is read: its length, identity and role. False after
  // answering (411, 413, 401, 403, 303).
  bool AdmitBody(Call& call, const std::vector<std::string_view>& params);
  // The admitted request, its body read: the CSRF check, then its handler.
  void RunAdmitted(const httplib::Request& req, httplib::Response& res);
  // Closes the connection once the response is written (its body was never read).
  static void CloseAfterResponse(const httplib::Request& req, httplib::Response& res);
  // Identity and role for route `r`; nullopt after answering (303 to sign in, 401, 403).
  std::optional<Principal> Admit(const Route& r, Call& call);
  // A browser session's POST must come from this origin with its CSRF token; else 403.
  bool CsrfPasses(Call& call, const Principal& who);
  void Dispatch(size_t route, std::vector<std::string_view> params, const httplib::Request& req,
                httplib::Response& res);
  void RunHandler(const Route& r, Call& call);
  bool SameOrigin(const httplib::Request& req) const;
  void LogRequest(const httplib::Request& req, const httplib::Response& res);
  void VerifyLoop();
  void VerifyOnce();
  Result<std::shared_ptr<const LedgerSnapshot>> Snapshot();
  // What a document is made from (plan, incident, or exporter and year), into `options`; a body
  // the library must read as a file is written to `input`. Errors: bad input, naming the field.
  Status PrepareReportInput(report::ReportKind kind, Call& call, report::ReportOptions* options,
                            std::unique_ptr<RequestFile>* input);
  Result<std::shared_ptr<const DashboardModel>> Model();
  // The transfer record of POST /v1/ledger/entries?exporter=&year=: the body's entry, its
  // identifiers hashed. Errors: bad input, naming the field (never quoting a value).
  Result<ledger::TransferRecord> SubjectRecord(Call& call);

  ServerOptions options_;
  SecretKey key_;
  // Rules, classifier, taxonomy and detector, loaded once at start and lent to every transfer.
  std::shared_ptr<const transfer::TransferResources> resources_;
  const rules::RulesContext* rules_ = nullptr;  // resources_'s
  std::unique_ptr<rules::Engine> engine_;
  std::unique_ptr<Authenticator> auth_;
  std::unique_ptr<AccessLog> access_log_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<LedgerPool> ledgers_;
  // Single-entry appends of concurrent requests share transactions (one handle per batch).
  std::unique_ptr<ledger::GroupCommitter> committer_;
  SnapshotCache snapshots_;
  RouteTable routes_;
  std::string openapi_json_;
  std::unique_ptr<httplib::Server> http_;
  bool tls_ = false;
  int port_ = 0;

  // Pipeline runs at once. Nothing in a run needs another to wait (the ledger serialises each
  // append with its threshold re-check; directory locks keep recovery off a running transfer's
  // staging folder); the bound keeps memory (datasets are loaded whole) and cores (each run
  // scans with every core) to what a few runs need.
  std::counting_semaphore<> pipeline_slots_{4};
  struct PipelineSlot {  // holds one of pipeline_slots_ while it lives
    explicit PipelineSlot(std::counting_semaphore<>& s) : slots(s) { slots.acquire(); }
    ~PipelineSlot() { slots.release(); }
    PipelineSlot(const PipelineSlot&) = delete;
    PipelineSlot& operator=(const PipelineSlot&) = delete;
    std::counting_semaphore<>& slots;
  };

  std::mutex verify_mu_;
  std::condition_variable verify_wake_;
  VerifyState verify_;     // GUARDED_BY(verify_mu_)
  bool stopping_ = false;  // GUARDED_BY(verify_mu_)
  std::thread verify_thread_;

  // The installation's subject hasher: the server's key and resources_'s classifier of the day
  // the server started, made once in Create. Every route that takes identifiers
  // (POST /v1/ledger/entries, POST /v1/lineage) hashes with it, as the CLI does
  // (SubjectHasher::HashBare), so what one route recorded the other finds. Const: safe to share.
  std::shared_ptr<const ColumnClassifier> subject_classifier_;
  std::unique_ptr<const SubjectHasher> hasher_;

  std::unique_ptr<DashboardBuilder> dashboard_;
  std::mutex model_mu_;
  std::shared_ptr<const DashboardModel> model_;        // GUARDED_BY(model_mu_)
  std::chrono::steady_clock::time_point model_built_;  // GUARDED_BY(model_mu_)
};

}  // namespace xb::server

#endif  // XBORDER_SERVER_SERVICE_H_
