// Wiring: HTTP (cpp-httplib) → route table → identity, role and CSRF checks → handler; every
// response is counted (metrics) and logged (access log) after it is written.
//
// cpp-httplib would route with regular expressions (backtracking); the project matches paths itself
// (route.h) and registers no handler with httplib. Every request first meets the pre-routing hook,
// before any body is read: GET and HEAD are answered there; any other request is matched,
// authenticated and authorised there, and refused at once (a missing length 411, no route 404,
// wrong method 405, no identity 401, wrong role 403) without its body, closing the connection. Only
// a request that passed goes on to httplib, which reads its body (a body over the limit it discards
// unread and answers 413), finds no handler of its own and ends in the error hook with 404:
// there the admitted request is handed to its handler, with its body. (httplib 0.11, routing()
// and process_request().)
#include "server/server.h"

#include <chrono>
#include <filesystem>

#include "ledger/open_ledger.h"
#include "ledger/signing_key.h"
#include "pg/url.h"
#include "server/openapi.h"
#include "server/request_params.h"
#include "server/service.h"

namespace xb::server {
namespace fs = std::filesystem;

namespace {

// What the logger needs about the request this thread is serving. Each request is served start
// to end by one worker thread, and the pre-routing hook runs first for every parsed request.
struct RequestState {
  bool active = false;
  std::chrono::steady_clock::time_point start;
  size_t route = SIZE_MAX;
  RouteTable::MatchKind match = RouteTable::MatchKind::kNone;
  std::string allow;
  std::optional<int64_t> user_id;
  std::string role;
  // A request with a body admitted by the pre-routing hook, waiting for httplib to read it.
  bool admitted = false;
  bool answered = false;  // answered by the pre-routing hook (the error hook leaves it alone)
  std::vector<std::string> params;  // its path parameters
  std::optional<Principal> who;     // its identity (none on public routes)
};
thread_local RequestState t_request;

int64_t NowUnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct HostPort {
  std::string host;
  int port = 0;
};

Result<HostPort> ParseListen(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == listen.size()) {
    return InvalidArgument("--listen expects HOST:PORT", {"", 0, "--listen"});
  }
  HostPort hp;
  hp.host = listen.substr(0, colon);
  if (hp.host.size() >= 2 && hp.host.front() == '[' && hp.host.back() == ']') {
    hp.host = hp.host.substr(1, hp.host.size() - 2);
  }
  int port = 0;
  for (char c : listen.substr(colon + 1)) {
    if (c < '0' || c > '9' || port > 65535) {
      return InvalidArgument("--listen expects HOST:PORT", {"", 0, "--listen"});
    }
    port = port * 10 + (c - '0');
  }
  if (hp.host.empty() || port > 65535) {
    return InvalidArgument("--listen expects HOST:PORT", {"", 0, "--listen"});
  }
  hp.port = port;
  return hp;
}

// Methods are logged as given only when they are a short run of capitals (the log is JSON).
bool IsPlainMethod(const std::string& method) {
  if (method.empty() || method.size() > 10) return false;
  for (char c : method) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

// Where the server's files go by default: beside a SQLite database, or in the working folder
// when the database is a PostgreSQL server.
std::string FolderOf(const std::string& db) {
  if (pg::IsPostgresUrl(db)) return ".";
  fs::path parent = fs::path(db).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

}  // namespace

// --- Server: the public door.

Server::Server(std::unique_ptr<Service> service) : service_(std::move(service)) {}
Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::Create(const ServerOptions& options) {
  XB_ASSIGN_OR_RETURN(auto service, Service::Create(options));
  return std::unique_ptr<Server>(new Server(std::move(service)));
}

Result<int> Server::Bind() { return service_->Bind(); }
void Server::Run() { service_->Run(); }
void Server::Stop() { service_->Stop(); }
const RouteTable& Server::routes() const { return service_->routes(); }

// --- Service: construction.

Service::Service(const ServerOptions& options) : options_(options) {}

Service::~Service() {
  Stop();
  if (verify_thread_.joinable()) verify_thread_.join();
}

Result<std::unique_ptr<Service>> Service::Create(const ServerOptions& options) {
  XB_RETURN_IF_ERROR(ParseListen(options.listen));
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return InvalidArgument("--tls-cert and --tls-key go together", {"", 0, "--tls-cert"});
  }
  std::unique_ptr<Service> s(new Service(options));
  ServerOptions& o = s->options_;
  const std::string folder = FolderOf(o.db);
  if (o.data_root.empty()) o.data_root = folder;
  if (o.packages_dir.empty()) o.packages_dir = (fs::path(folder) / "packages").string();
  if (o.reports_dir.empty()) o.reports_dir = (fs::path(folder) / "reports").string();
  std::error_code ec;
  if (!fs::is_directory(o.data_root, ec)) {
    return InvalidArgument("the data root is not a directory", {o.data_root, 0, "--data-root"});
  }
  XB_ASSIGN_OR_RETURN(s->key_, LoadOrCreateKey(o.key_file));
  XB_ASSIGN_OR_RETURN(s->resources_, transfer::TransferResources::Load(o.rules_dir));
  s->rules_ = s->resources_->rules().get();
  XB_ASSIGN_OR_RETURN(s->subject_classifier_,
                      s->resources_->ClassifierFor(CivilDate::TodayInChina()));
  s->hasher_ = std::make_unique<const SubjectHasher>(s->key_, *s->subject_classifier_);
  s->engine_ = std::make_unique<rules::Engine>(s->rules_->rules, s->rules_->calendar);
  {
    // Creates the database, its signing key and the signed empty checkpoint on first start.
    XB_ASSIGN_OR_RETURN(auto ledger,
                        ledger::OpenLedgerFile(o.db, o.key_file, ledger::LedgerAccess::kAppend));
  }
  XB_ASSIGN_OR_RETURN(auto auth_store, OpenAccountStore(o.db));
  s->auth_ = std::make_unique<Authenticator>(
      std::move(auth_store), DeriveSubKey(s->key_, "server-csrf"), o.session_lifetime);
  XB_ASSIGN_OR_RETURN(auto log_store, OpenAccountStore(o.db));
  s->access_log_ = std::make_unique<AccessLog>(std::move(log_store), o.access_lines);
  if (o.db_connections <= 0) o.db_connections = pg::IsPostgresUrl(o.db) ? 8 : o.threads;
  s->ledgers_ =
      std::make_unique<LedgerPool>(o.db, o.key_file, static_cast<size_t>(o.db_connections));
  // One batch at a time, each on a handle of the pool: a lost session costs one batch, and the
  // next one gets a new session.
  s->committer_ = std::make_unique<ledger::GroupCommitter>(
      [pool = s->ledgers_.get()](std::span<const std::string> entries) {
        Result<ledger::AppendResult> appended = Internal("unset");
        Status wrote = pool->Write([&](ledger::Ledger& l) -> Status {
          appended = l.Append(entries);
          return appended.ok() ? Status::Ok() : Status(appended.error());
        });
        if (!wrote.ok()) return Result<ledger::AppendResult>(wrote.error());
        return appended;
      });
  s->dashboard_ = std::make_unique<DashboardBuilder>(o.db, s->key_.id, o.packages_dir,
                                                     o.reports_dir, &s->rules_->calendar);
  s->BuildRoutes();
  std::vector<MetricsRoute> labels;
  for (const Route& r : s->routes_.routes()) labels.push_back({r.spec.method, r.spec.path});
  s->metrics_ = std::make_unique<Metrics>(std::move(labels));
  s->openapi_json_ = OpenApiDocument(s->routes_);
  if (!o.tls_cert.empty()) {
    auto ssl = std::make_unique<httplib::SSLServer>(o.tls_cert.c_str(), o.tls_key.c_str());
    if (!ssl->is_valid()) {
      return InvalidArgument("the TLS certificate or key does not load",
                             {o.tls_cert, 0, "--tls-cert"});
    }
    s->http_ = std::move(ssl);
    s->tls_ = true;
  } else {
    s->http_ = std::make_unique<httplib::Server>();
  }
  s->Wire();
  return s;
}

void Service::Wire() {
  const int threads = std::max(2, options_.threads);
  http_->new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  http_->set_payload_max_length(options_.max_body_bytes);
  // Keep-alive connections serve many requests each (httplib's default closes after 5).
  http_->set_keep_alive_max_count(100000);
  http_->set_keep_alive_timeout(5);
  http_->set_tcp_nodelay(true);
  http_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    return PreRoute(req, res) ? httplib::Server::HandlerResponse::Handled
                              : httplib::Server::HandlerResponse::Unhandled;
  });
  http_->set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request& req,
                                                                       httplib::Response& res) {
    if (!res.body.empty() || t_request.answered) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    if (t_request.admitted && res.status == 404) {  // the body is read: on to the handler
      t_request.admitted = false;
      res.status = -1;
      RunAdmitted(req, res);
      return httplib::Server::HandlerResponse::Handled;
    }
    Call call{req, res, nullptr, {}, t_request.route};
    int status = res.status;
    Problem p =
        MakeProblem(status, status == 413 ? "the request body is larger than " +
                                                std::to_string(options_.max_body_bytes) + " bytes"
                                          : "no such route");
    if (status == 404 && t_request.match == RouteTable::MatchKind::kWrongMethod) {
      p = MakeProblem(405, "this route does not take " + req.method);
      res.set_header("Allow", t_request.allow);
    }
    if (status == 400) p.detail = "the request could not be read";
    SendProblem(call, p);
    return httplib::Server::HandlerResponse::Handled;
  }));
  http_->set_exception_handler(
      [this](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
        Call call{req, res, nullptr, {}, t_request.route};
        SendProblem(call, MakeProblem(500, "the server could not complete the request"));
      });
  http_->set_logger(
      [this](const httplib::Request& req, const httplib::Response& res) { LogRequest(req, res); });
}

// --- Requests.

bool Service::PreRoute(const httplib::Request& req, httplib::Response& res) {
  t_request = RequestState();
  t_request.active = true;
  t_request.start = std::chrono::steady_clock::now();
  RouteTable::Match m = routes_.Find(req.method, req.path);
  t_request.match = m.kind;
  t_request.allow = m.allow;
  if (m.kind == RouteTable::MatchKind::kFound) t_request.route = m.route;
  const bool bodiless = req.method == "GET" || req.method == "HEAD";
  if (bodiless && m.kind == RouteTable::MatchKind::kFound) {
    t_request.answered = true;
    Dispatch(m.route, std::move(m.params), req, res);
    return true;
  }
  Call call{req, res, nullptr, {}, t_request.route};
  if (m.kind == RouteTable::MatchKind::kWrongMethod) {
    res.set_header("Allow", m.allow);
    SendProblem(call, MakeProblem(405, "this route does not take " + req.method));
  } else if (m.kind == RouteTable::MatchKind::kNone) {
    SendProblem(call, MakeProblem(404, "no such route"));
  } else if (!AdmitBody(call, m.params)) {
    // Refused before its body was read.
  } else {
    return false;  // httplib reads the body; the error hook hands it to RunAdmitted
  }
  t_request.answered = true;
  if (!bodiless) CloseAfterResponse(req, res);
  return true;
}

bool Service::AdmitBody(Call& call, const std::vector<std::string_view>& params) {
  const httplib::Request& req = call.req;
  const bool chunked =
      req.get_header_value("Transfer-Encoding").find("chunked") != std::string::npos;
  if (!req.has_header("Content-Length") && !chunked) {
    SendProblem(call, MakeProblem(411, "send the body with a Content-Length"));
    return false;
  }
  // An oversized body goes to httplib at once, which discards it unread and answers 413
  // (refusing here and closing would cut the client off while it is still sending).
  if (!chunked) {
    const std::optional<uint64_t> length = ParseIndex(req.get_header_value("Content-Length"));
    if (length && *length > options_.max_body_bytes) return true;
  }
  const Route& r = routes_.routes()[call.route];
  if (r.spec.access != Access::kPublic) {
    std::optional<Principal> who = Admit(r, call);
    if (!who) return false;
    t_request.who = std::move(who);
  }
  t_request.params.assign(params.begin(), params.end());
  t_request.admitted = true;
  return true;
}

void Service::RunAdmitted(const httplib::Request& req, httplib::Response& res) {
  const Route& r = routes_.routes()[t_request.route];
  std::vector<std::string_view> params(t_request.params.begin(), t_request.params.end());
  Call call{req, res, nullptr, std::move(params), t_request.route};
  if (t_request.who) {
    if (!CsrfPasses(call, *t_request.who)) return;
    call.who = &*t_request.who;
  }
  RunHandler(r, call);
}

void Service::CloseAfterResponse(const httplib::Request& req, httplib::Response& res) {
  // An unread body would be taken for the next request on this connection. httplib closes a
  // connection whose response content provider stops (returns false); this one writes the
  // whole answer first. (A client still sending a large body when the connection closes may
  // see a reset instead of the answer; plans and entries are small.)
  if (req.get_header_value("Content-Length") == "0") return;
  auto body = std::make_shared<std::string>(std::move(res.body));
  res.body.clear();
  const std::string type = res.get_header_value("Content-Type");
  res.headers.erase("Content-Type");  // set again below
  res.set_header("Connection", "close");
  res.set_content_provider(body->size(), type,
                           [body](size_t offset, size_t length, httplib::DataSink& sink) {
                             sink.write(body->data() + offset, length);
                             return false;
                           });
}

bool Service::SameOrigin(const httplib::Request& req) const {
  std::string scheme = tls_ ? "https" : "http";
  if (options_.trust_forwarded && req.has_header("X-Forwarded-Proto")) {
    scheme = req.get_header_value("X-Forwarded-Proto");
  }
  const std::string expected = scheme + "://" + req.get_header_value("Host");
  const std::string origin = req.get_header_value("Origin");
  if (!origin.empty()) return origin == expected;
  const std::string referer = req.get_header_value("Referer");
  return referer == expected || referer.rfind(expected + "/", 0) == 0;
}

std::optional<Principal> Service::Admit(const Route& r, Call& call) {
  const httplib::Request& req = call.req;
  auto id = auth_->Identify(req.get_header_value("Authorization"), req.get_header_value("Cookie"));
  if (!id.ok()) {
    SendError(call, id.error());
    return std::nullopt;
  }
  if (id->outcome != Authenticator::Outcome::kOk) {
    if (r.spec.html && r.spec.method == "GET" && !req.has_header("Authorization")) {
      call.res.status = 303;
      call.res.set_header("Location", "/login");
      call.res.set_content("", "text/plain");
      return std::nullopt;
    }
    const bool invalid = id->outcome == Authenticator::Outcome::kInvalid;
    call.res.set_header(
        "WWW-Authenticate",
        invalid ? "Bearer realm=\"xborder\", error=\"invalid_token\"" : "Bearer realm=\"xborder\"");
    SendProblem(call, MakeProblem(401, invalid ? "the token or session is not valid"
                                               : "sign in or send Authorization: Bearer TOKEN"));
    return std::nullopt;
  }
  Principal who = std::move(id->principal);
  t_request.user_id = who.user_id;
  t_request.role = std::string(RoleName(who.role));
  if (!Allows(who.role, r.spec.access)) {
    SendProblem(call, MakeProblem(403, "the role " + std::string(RoleName(who.role)) +
                                           " may not use this route"));
    return std::nullopt;
  }
  return who;
}

bool Service::CsrfPasses(Call& call, const Principal& who) {
  if (call.req.method != "POST" || !who.via_session) return true;
  if (SameOrigin(call.req) && auth_->CsrfMatches(who.session_id, CsrfTokenOf(call.req))) {
    return true;
  }
  SendProblem(call, MakeProblem(403, "cross-site request refused (origin or CSRF token)"));
  return false;
}

std::string Service::CsrfFor(const Principal& who) const {
  return who.via_session ? auth_->CsrfToken(who.session_id) : "";
}

void Service::Dispatch(size_t route, std::vector<std::string_view> params,
                       const httplib::Request& req, httplib::Response& res) {
  const Route& r = routes_.routes()[route];
  Call call{req, res, nullptr, std::move(params), route};
  std::optional<Principal> who;
  if (r.spec.access != Access::kPublic) {
    who = Admit(r, call);
    if (!who || !CsrfPasses(call, *who)) return;
    call.who = &*who;
  }
  RunHandler(r, call);
}

void Service::RunHandler(const Route& r, Call& call) {
  try {
    r.handler(call);
  } catch (const std::exception&) {
    // The message may quote input; the route and status are logged, the text is not.
    SendProblem(call, MakeProblem(500, "the server could not complete the request"));
  }
}

void Service::LogRequest(const httplib::Request& req, const httplib::Response& res) {
  const auto now = std::chrono::steady_clock::now();
  RequestState state = t_request.active ? t_request : RequestState();
  if (!t_request.active) state.start = now;
  t_request.active = false;
  const double seconds = std::chrono::duration<double>(now - state.start).count();
  const bool matched = state.route < routes_.routes().size();
  metrics_->Record(state.route, req.method, res.status, seconds);
  AccessRecord rec;
  rec.time_unix_ms = NowUnixMs();
  rec.user_id = state.user_id;
  rec.role = state.role;
  rec.method = IsPlainMethod(req.method) ? req.method : "(other)";
  rec.route = matched ? RouteTemplate(state.route) : "(unmatched)";
  rec.status = res.status;
  rec.latency_us = static_cast<int64_t>(seconds * 1e6);
  access_log_->Add(std::move(rec));
}

void Service::SendJson(Call& call, int status, const std::string& body) {
  call.res.status = status;
  call.res.set_content(body, "application/json");
}

void Service::SendProblem(Call& call, const Problem& problem) {
  // A browser's form gets a page it can show, not problem details.
  const bool form =
      call.req.method == "POST" &&
      call.req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0;
  if (form && call.route < routes_.routes().size() && routes_.routes()[call.route].spec.html) {
    return SendProblemPage(call, problem);
  }
  call.res.status = problem.status;
  const std::string instance =
      call.route < routes_.routes().size() ? RouteTemplate(call.route) : std::string("(unmatched)");
  call.res.set_content(ProblemJson(problem, instance), std::string(kProblemContentType));
}

std::string Service::CsrfTokenOf(const httplib::Request& req) {
  std::string token = req.get_header_value("X-CSRF-Token");
  if (!token.empty()) return token;
  // httplib merges the query string into req.params; a token in a URL ends up in proxy logs
  // and history, so only the form body counts.
  if (req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) != 0) {
    return "";
  }
  httplib::Params form;
  httplib::detail::parse_query_text(req.body, form);
  auto it = form.find("csrf");
  return it == form.end() ? "" : it->second;
}

void Service::SendError(Call& call, const Error& error) {
  if (error.code == ErrorCode::kCorruption || error.code == ErrorCode::kIo ||
      error.code == ErrorCode::kInternal) {
    // For the operator: the kind of failure and the route, not the message (it may name paths).
    std::fprintf(stderr, "xborder serve: %s on %s\n", ErrorCodeName(error.code),
                 call.route < routes_.routes().size() ? RouteTemplate(call.route).c_str() : "?");
  }
  SendProblem(call, ProblemFromError(error, options_.data_root, options_.db));
}

void Service::SendHtml(Call& call, int status, const std::string& html) {
  call.res.status = status;
  call.res.set_header("Content-Security-Policy",
                      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
                      "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  call.res.set_header("X-Content-Type-Options", "nosniff");
  call.res.set_header("Referrer-Policy", "same-origin");
  call.res.set_content(html, "text/html; charset=utf-8");
}

// --- Lifecycle.

Result<int> Service::Bind() {
  XB_ASSIGN_OR_RETURN(HostPort hp, ParseListen(options_.listen));
  if (hp.port == 0) {
    port_ = http_->bind_to_any_port(hp.host);
    if (port_ <= 0) return IoError("cannot listen on " + options_.listen);
  } else {
    if (!http_->bind_to_port(hp.host, hp.port)) {
      return IoError("cannot listen on " + options_.listen + " (in use, or not this host's)");
    }
    port_ = hp.port;
  }
  return port_;
}

void Service::Run() {
  verify_thread_ = std::thread([this] { VerifyLoop(); });
  http_->listen_after_bind();
  {
    std::lock_guard<std::mutex> lock(verify_mu_);
    stopping_ = true;
  }
  verify_wake_.notify_all();
  if (verify_thread_.joinable()) verify_thread_.join();
  access_log_->Flush();
}

void Service::Stop() {
  if (http_) http_->stop();
  {
    std::lock_guard<std::mutex> lock(verify_mu_);
    stopping_ = true;
  }
  verify_wake_.notify_all();
}

void Service::VerifyOnce() {
  VerifyState state;
  state.unix_seconds = NowUnixMs() / 1000;
  std::optional<ledger::PublicKey> trusted;
  if (auto signer = ledger::LoadSigningKey(ledger::SigningKeyPathFor(options_.key_file));
      signer.ok()) {
    trusted = signer->public_key();
  }
  Status read = ledgers_->Read([&](ledger::Ledger& l) -> Status {
    XB_ASSIGN_OR_RETURN(ledger::VerifyReport report, l.Verify(std::nullopt, trusted));
    state.ok = report.ok;
    state.size = report.size;
    state.problem = report.problem;
    return Status::Ok();
  });
  if (!read.ok()) {
    state.ok = false;
    state.problem = "the ledger could not be read";
  }
  metrics_->SetVerify(state.unix_seconds, state.ok);
  std::lock_guard<std::mutex> lock(verify_mu_);
  verify_ = state;
}

void Service::VerifyLoop() {
  // Verifies at start, every verify_every, and soon after the ledger grows; never busier than
  // 1/20 of the time (a verify reads every entry), nor more often than every 5 seconds.
  auto last = std::chrono::steady_clock::now();
  std::chrono::steady_clock::duration took{};
  (void)Model();  // the first dashboard page should not pay for summarising the whole ledger
  for (;;) {
    const auto start = std::chrono::steady_clock::now();
    VerifyOnce();
    last = std::chrono::steady_clock::now();
    took = last - start;
    for (;;) {
      std::unique_lock<std::mutex> lock(verify_mu_);
      verify_wake_.wait_for(lock, std::chrono::seconds(5), [&] { return stopping_; });
      if (stopping_) return;
      const uint64_t verified_size = verify_.size;
      lock.unlock();
      const auto now = std::chrono::steady_clock::now();
      if (options_.verify_every.count() > 0 && now - last >= options_.verify_every) break;
      if (now - last <
          std::max<std::chrono::steady_clock::duration>(std::chrono::seconds(5), 20 * took)) {
        continue;
      }
      uint64_t size = verified_size;
      Status read = ledgers_->Read([&](ledger::Ledger& l) -> Status {
        XB_ASSIGN_OR_RETURN(ledger::TreeHead head, l.Head());
        size = head.size;
        return Status::Ok();
      });
      if (read.ok() && size != verified_size) break;
    }
  }
}

Result<std::shared_ptr<const LedgerSnapshot>> Service::Snapshot() {
  std::shared_ptr<const LedgerSnapshot> snap;
  Status read = ledgers_->Read([&](ledger::Ledger& l) -> Status {
    XB_ASSIGN_OR_RETURN(snap, snapshots_.Current(l));
    return Status::Ok();
  });
  XB_RETURN_IF_ERROR(read);
  metrics_->SetLedgerSize(snap->size);
  return snap;
}

Result<std::shared_ptr<const DashboardModel>> Service::Model() {
  XB_ASSIGN_OR_RETURN(auto snap, Snapshot());
  const CivilDate today = CivilDate::TodayInChina();
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(model_mu_);
  // The consent registry changes without the ledger growing: rebuild at least every 30 s.
  if (model_ && model_->size == snap->size && model_->today == today &&
      now - model_built_ < std::chrono::seconds(30)) {
    return model_;
  }
  std::optional<DashboardModel> m;
  Status read = ledgers_->Read([&](ledger::Ledger& l) -> Status {
    XB_ASSIGN_OR_RETURN(m, dashboard_->Build(*snap, l, today));
    return Status::Ok();
  });
  XB_RETURN_IF_ERROR(read);
  model_ = std::make_shared<const DashboardModel>(std::move(*m));
  model_built_ = now;
  return model_;
}

}  // namespace xb::server
