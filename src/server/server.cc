// Wiring: HTTP (cpp-httplib) → route table → identity, role and CSRF checks → handler; every
// response is counted (metrics) and logged (access log) after it is written.
//
// cpp-httplib routes with std::regex; the project matches paths itself (route.h). GET and HEAD
// requests are answered from the pre-routing hook, before httplib's own routing. POST handlers
// are registered with httplib (literal patterns, so its regexes never see user-chosen patterns)
// because only its routing reads the request body, within the payload limit.
#include "server/server.h"

#include <chrono>
#include <filesystem>

#include "ledger/open_ledger.h"
#include "ledger/signing_key.h"
#include "pg/url.h"
#include "server/openapi.h"
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
  XB_ASSIGN_OR_RETURN(s->rules_, rules::LoadRulesContext(o.rules_dir));
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
  for (size_t r = 0; r < routes_.routes().size(); ++r) {
    const RouteSpec& spec = routes_.routes()[r].spec;
    if (spec.method != "POST") continue;
    std::string pattern;
    for (const std::string& seg : routes_.routes()[r].segments) {
      pattern += "/";
      pattern += seg.front() == '{' ? std::string("[a-z0-9-]+") : seg;
    }
    if (pattern.empty()) pattern = "/";
    http_->Post(pattern, [this](const httplib::Request& req, httplib::Response& res) {
      RouteTable::Match m = routes_.Find(req.method, req.path);
      if (m.kind != RouteTable::MatchKind::kFound) {
        res.status = 404;
        return;
      }
      Dispatch(m.route, std::move(m.params), req, res);
    });
  }
  http_->set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request& req,
                                                                       httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
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
  if (req.method != "GET" && req.method != "HEAD") {
    return false;  // httplib reads the body, then calls the POST handler or the error handler
  }
  Call call{req, res, nullptr, {}, t_request.route};
  switch (m.kind) {
    case RouteTable::MatchKind::kFound:
      Dispatch(m.route, std::move(m.params), req, res);
      return true;
    case RouteTable::MatchKind::kWrongMethod:
      res.set_header("Allow", m.allow);
      SendProblem(call, MakeProblem(405, "this route does not take " + req.method));
      return true;
    case RouteTable::MatchKind::kNone:
      SendProblem(call, MakeProblem(404, "no such route"));
      return true;
  }
  return true;
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

void Service::Dispatch(size_t route, std::vector<std::string_view> params,
                       const httplib::Request& req, httplib::Response& res) {
  const Route& r = routes_.routes()[route];
  Call call{req, res, nullptr, std::move(params), route};
  Principal who;
  if (r.spec.access != Access::kPublic) {
    auto id =
        auth_->Identify(req.get_header_value("Authorization"), req.get_header_value("Cookie"));
    if (!id.ok()) return SendError(call, id.error());
    if (id->outcome != Authenticator::Outcome::kOk) {
      if (r.spec.html && r.spec.method == "GET" && !req.has_header("Authorization")) {
        res.status = 303;
        res.set_header("Location", "/login");
        res.set_content("", "text/plain");
        return;
      }
      res.set_header("WWW-Authenticate", id->outcome == Authenticator::Outcome::kInvalid
                                             ? "Bearer realm=\"xborder\", error=\"invalid_token\""
                                             : "Bearer realm=\"xborder\"");
      return SendProblem(call,
                         MakeProblem(401, id->outcome == Authenticator::Outcome::kInvalid
                                              ? "the token or session is not valid"
                                              : "sign in or send Authorization: Bearer TOKEN"));
    }
    who = std::move(id->principal);
    t_request.user_id = who.user_id;
    t_request.role = std::string(RoleName(who.role));
    if (!Allows(who.role, r.spec.access)) {
      return SendProblem(call, MakeProblem(403, "the role " + std::string(RoleName(who.role)) +
                                                    " may not use this route"));
    }
    if (req.method == "POST" && who.via_session) {
      const std::string token = CsrfTokenOf(req);
      if (!SameOrigin(req) || !auth_->CsrfMatches(who.session_id, token)) {
        return SendProblem(call,
                           MakeProblem(403, "cross-site request refused (origin or CSRF token)"));
      }
    }
    call.who = &who;
  }
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
