// The API over HTTP: every route, every role, bad input, sessions and CSRF, the access log,
// metrics and a graceful stop, against a real server on a loopback ephemeral port.
#include <gtest/gtest.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "core/base64.h"
#include "core/crypto.h"
#include "ledger/checkpoint.h"
#include "ledger/merkle.h"
#include "pg/url.h"
#include "server/account_store.h"
#include "server/problem.h"
#include "server/server_test_util.h"

namespace xb::server {
namespace {

using Json = nlohmann::json;
constexpr std::array<Role, 4> kRoles = {Role::kAdmin, Role::kOfficer, Role::kEngineer,
                                        Role::kAuditor};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.ok()) << "the test server did not start"; }

  // Status of a call, or -1 when the connection failed.
  int Status(std::optional<Role> role, const std::string& method, const std::string& path,
             const std::string& body = {}, const std::string& type = "application/yaml") {
    auto r = server_.Call(role, method, path, body, type);
    return r ? r->status : -1;
  }
  Json CallJson(std::optional<Role> role, const std::string& method, const std::string& path,
                const std::string& body = {}, int expect = 200) {
    auto r = server_.Call(role, method, path, body);
    EXPECT_TRUE(r);
    if (!r) return Json();
    EXPECT_EQ(r->status, expect) << method << " " << path << ": " << r->body;
    return Json::parse(r->body, nullptr, false);
  }
  // Sends the HR plan as an officer; returns the ledger index.
  uint64_t SendHrTransfer() {
    Json out = CallJson(Role::kOfficer, "POST", "/v1/transfers", server_.HrPlan(), 201);
    EXPECT_EQ(out["status"], "completed") << out.dump();
    return out["ledger"]["index"].get<uint64_t>();
  }
  // A refused form submission: a page the browser shows, naming the status (and the field).
  void ExpectRefusalPage(const httplib::Result& r, int status, const std::string& field = {}) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type").rfind("text/html", 0), 0u);
    EXPECT_NE(r->body.find("id=\"refused\">" + std::to_string(status)), std::string::npos)
        << r->body;
    if (!field.empty()) {
      EXPECT_NE(r->body.find(field), std::string::npos) << r->body;
    }
  }
  void ExpectProblem(const httplib::Result& r, int status, const std::string& field = {}) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/problem+json");
    Json p = Json::parse(r->body, nullptr, false);
    ASSERT_TRUE(p.is_object()) << r->body;
    EXPECT_EQ(p["status"], status);
    EXPECT_TRUE(p.contains("title") && p.contains("type") && p.contains("detail"));
    if (!field.empty()) {
      EXPECT_EQ(p.value("field", ""), field) << r->body;
    }
  }

  // A signed-in browser session as `role`: the Cookie header value and the page's CSRF token.
  struct Session {
    std::string cookie, csrf;
  };
  Session SignIn(Role role) {
    httplib::Client c("127.0.0.1", server_.port());
    auto ok = c.Post("/login", {{"Origin", Origin()}},
                     httplib::Params{{"token", server_.token(role)}, {"lang", "en"}});
    EXPECT_TRUE(ok && ok->status == 303);
    if (!ok) return {};
    const std::string cookie = ok->get_header_value("Set-Cookie");
    Session session{cookie.substr(0, cookie.find(';')), ""};
    auto page = c.Get("/transfers/new", {{"Cookie", session.cookie}});
    const std::string marker = "name=\"csrf\" value=\"";
    const size_t at = page ? page->body.find(marker) : std::string::npos;
    EXPECT_NE(at, std::string::npos);
    if (at != std::string::npos) session.csrf = page->body.substr(at + marker.size(), 64);
    return session;
  }
  std::string Origin() const { return "http://127.0.0.1:" + std::to_string(server_.port()); }
  uint64_t LedgerSize() {
    return CallJson(Role::kAuditor, "GET", "/v1/transfers")["size"].get<uint64_t>();
  }

  TestServer server_;
};

TEST_F(ServerTest, HealthAndOpenApiArePublic) {
  Json health = CallJson(std::nullopt, "GET", "/healthz");
  EXPECT_EQ(health["status"], "ok");
  EXPECT_EQ(health["ledger_size"], 0);
  Json doc = CallJson(std::nullopt, "GET", "/openapi.json");
  EXPECT_EQ(doc["openapi"], "3.1.0");
  EXPECT_TRUE(doc["info"].contains("title") && doc["info"].contains("version"));
  EXPECT_TRUE(doc["paths"].is_object());
}

TEST_F(ServerTest, OpenApiListsEveryRouteTheServerAnswers) {
  Json doc = CallJson(std::nullopt, "GET", "/openapi.json");
  const std::set<std::string> design = {"GET /healthz",
                                        "GET /openapi.json",
                                        "GET /metrics",
                                        "POST /v1/assess",
                                        "POST /v1/transfers",
                                        "GET /v1/transfers",
                                        "GET /v1/transfers/{index}",
                                        "GET /v1/ledger/checkpoint",
                                        "GET /v1/ledger/entries/{index}",
                                        "GET /v1/ledger/proofs/inclusion",
                                        "GET /v1/ledger/proofs/consistency",
                                        "GET /v1/stats",
                                        "POST /v1/reports/{kind}",
                                        "GET /"};
  EXPECT_TRUE(doc["paths"]["/healthz"]["get"]["responses"].contains("503"))
      << "healthz answers 503 when the database does not";
  std::set<std::string> documented;
  for (auto& [path, ops] : doc["paths"].items()) {
    for (auto& [method, op] : ops.items()) {
      std::string upper = method == "get" ? "GET" : "POST";
      documented.insert(upper + " " + path);
      EXPECT_TRUE(op.contains("responses") && !op["responses"].empty()) << path;
      EXPECT_TRUE(op["responses"].contains("405")) << path << ": a wrong method's answer";
      EXPECT_TRUE(op.contains("operationId")) << path;
      for (const auto& p : op.value("parameters", Json::array())) {
        if (p["in"] == "path") {
          EXPECT_NE(path.find("{" + p["name"].get<std::string>() + "}"), std::string::npos);
        }
      }
    }
  }
  for (const std::string& route : design) EXPECT_TRUE(documented.count(route)) << route;
  // Every documented route is answered (not 404 "no such route") and nothing else is.
  for (const std::string& route : documented) {
    std::string method = route.substr(0, route.find(' '));
    std::string path = route.substr(route.find(' ') + 1);
    for (auto [from, to] :
         {std::pair<std::string, std::string>{"{index}", "0"}, {"{kind}", "pipia"}}) {
      if (auto at = path.find(from); at != std::string::npos) path.replace(at, from.size(), to);
    }
    auto r = server_.Call(Role::kAdmin, method, path, "x: 1");
    ASSERT_TRUE(r) << route;
    Json body = Json::parse(r->body, nullptr, false);
    EXPECT_FALSE(r->status == 404 && body.is_object() &&
                 body.value("detail", "") == "no such route")
        << route;
  }
}

// Issue #15 review 15b, finding 6: a page's own errors are HTML pages, and the document says
// so; the API's are problems.
TEST_F(ServerTest, OpenApiGivesEachErrorTheTypeItIsAnsweredWith) {
  Json doc = CallJson(std::nullopt, "GET", "/openapi.json");
  struct Case {
    std::string path, route, status;
  };
  const std::vector<Case> cases = {{"/alerts?kind=nope", "/alerts", "400"},
                                   {"/lineage?sha256=nope", "/lineage", "400"},
                                   {"/transfers/99999", "/transfers/{index}", "404"},
                                   {"/v1/alerts?kind=nope", "/v1/alerts", "400"}};
  for (const Case& c : cases) {
    auto r = server_.Call(Role::kAuditor, "GET", c.path);
    ASSERT_TRUE(r) << c.path;
    EXPECT_EQ(std::to_string(r->status), c.status) << c.path;
    const Json& content = doc["paths"][c.route]["get"]["responses"][c.status]["content"];
    ASSERT_TRUE(content.is_object()) << c.route << " " << c.status;
    const std::string type = r->get_header_value("Content-Type");
    const std::string answered = type.substr(0, type.find(';'));
    EXPECT_TRUE(content.contains(answered))
        << c.path << " answers " << type << "; documented " << content.dump();
  }
}

TEST_F(ServerTest, EveryProtectedRouteNeedsATokenAndRefusesABadOne) {
  Json doc = CallJson(std::nullopt, "GET", "/openapi.json");
  for (auto& [path, ops] : doc["paths"].items()) {
    for (auto& [method, op] : ops.items()) {
      if (op["security"].empty()) continue;
      std::string p = path;
      if (auto at = p.find("{index}"); at != std::string::npos) p.replace(at, 7, "0");
      if (auto at = p.find("{kind}"); at != std::string::npos) p.replace(at, 6, "pipia");
      httplib::Client anonymous("127.0.0.1", server_.port());
      auto r = method == "get" ? anonymous.Get(p) : anonymous.Post(p, "x: 1", "application/yaml");
      ASSERT_TRUE(r);
      if (op["tags"][0] == "dashboard" && method == "get") {  // GET pages only
        EXPECT_EQ(r->status, 303) << p;  // pages send people to the sign-in form
        EXPECT_EQ(r->get_header_value("Location"), "/login");
      } else {
        ExpectProblem(r, 401);
        EXPECT_NE(r->get_header_value("WWW-Authenticate").find("Bearer"), std::string::npos);
      }
      httplib::Client forged("127.0.0.1", server_.port());
      forged.set_bearer_token_auth("xbt_" + std::string(64, 'a'));
      auto bad = method == "get" ? forged.Get(p) : forged.Post(p, "x: 1", "application/yaml");
      ExpectProblem(bad, 401);
    }
  }
}

TEST_F(ServerTest, RolesAsDesigned) {
  const std::string plan = server_.HrPlan();
  struct Case {
    std::string method, path;
    std::set<Role> allowed;
  };
  const std::set<Role> all(kRoles.begin(), kRoles.end());
  const std::vector<Case> cases = {
      {"GET", "/metrics", all},
      {"GET", "/v1/transfers", all},
      {"GET", "/v1/ledger/checkpoint", all},
      {"GET", "/v1/stats?exporter=x&year=2026", all},
      {"GET", "/", all},
      {"POST", "/v1/assess", {Role::kAdmin, Role::kOfficer, Role::kEngineer}},
      {"POST", "/v1/transfers?dry_run=true", {Role::kAdmin, Role::kOfficer, Role::kEngineer}},
      {"GET", "/transfers/new", {Role::kAdmin, Role::kOfficer, Role::kEngineer}},
      {"POST", "/v1/reports/pipia", {Role::kAdmin, Role::kOfficer}},
  };
  for (const Case& c : cases) {
    for (Role role : kRoles) {
      int status = Status(role, c.method, c.path, plan);
      if (c.allowed.count(role)) {
        EXPECT_NE(status, 403) << RoleName(role) << " " << c.method << " " << c.path;
        EXPECT_NE(status, 401);
      } else {
        EXPECT_EQ(status, 403) << RoleName(role) << " " << c.method << " " << c.path;
      }
    }
  }
  // Sending: officers and admins only; engineers may dry-run, auditors nothing.
  EXPECT_EQ(Status(Role::kEngineer, "POST", "/v1/transfers", plan), 403);
  EXPECT_EQ(Status(Role::kAuditor, "POST", "/v1/transfers", plan), 403);
  EXPECT_EQ(Status(Role::kAuditor, "POST", "/v1/transfers?dry_run=true", plan), 403);
  // The officer's and the admin's documents above are the only entries so far.
  EXPECT_EQ(CallJson(Role::kAuditor, "GET", "/healthz")["ledger_size"], 2);
  Json dry = CallJson(Role::kEngineer, "POST", "/v1/transfers?dry_run=true", plan, 200);
  EXPECT_EQ(dry["status"], "dry_run");
  EXPECT_TRUE(dry["ledger"].is_null());
  EXPECT_EQ(CallJson(Role::kAuditor, "GET", "/healthz")["ledger_size"], 2)
      << "a dry run writes nothing";
  EXPECT_EQ(Status(Role::kAdmin, "POST", "/v1/transfers", plan), 201);
}

TEST_F(ServerTest, AssessReturnsTheDecisionOfTheCli) {
  Json d = CallJson(Role::kEngineer, "POST", "/v1/assess", server_.HrPlan());
  EXPECT_EQ(d["decision"], "exempt");
  EXPECT_FALSE(d["basis"].empty());
  // JSON in too.
  Json plan = {
      {"as_of", "2026-11-20"},
      {"jurisdiction", "CN"},
      {"exporter",
       {{"name", "A Co."},
        {"ciio", false},
        {"state_organ", false},
        {"ftz", nullptr},
        {"sector", "other"}}},
      {"recipient",
       {{"name", "B Inc."}, {"country", "US"}, {"kind", "company"}, {"restricted_list", false}}},
      {"purpose", "analytics"},
      {"data",
       {{"personal_information", true},
        {"important_data", false},
        {"individuals", 2000000},
        {"sensitive_individuals", 0}}}};
  auto r = server_.Call(Role::kOfficer, "POST", "/v1/assess", plan.dump(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  Json dj = Json::parse(r->body);
  EXPECT_EQ(dj["decision"], "mechanism_required");
  EXPECT_EQ(dj["mechanisms"], Json::array({"security_assessment"}));
  EXPECT_EQ(Status(Role::kOfficer, "POST", "/v1/assess?as_of=2023-13-01", server_.HrPlan()), 400);
}

TEST_F(ServerTest, TransferReadsAndProofsVerify) {
  const uint64_t index = SendHrTransfer();
  Json list = CallJson(Role::kAuditor, "GET", "/v1/transfers");
  ASSERT_EQ(list["transfers"].size(), 1u);
  EXPECT_EQ(list["transfers"][0]["index"], index);
  EXPECT_EQ(list["transfers"][0]["entry"]["type"], "transfer");
  Json one = CallJson(Role::kAuditor, "GET", "/v1/transfers/" + std::to_string(index));
  EXPECT_EQ(one["entry"]["recipient"], "Huaxin Holding GmbH");
  auto missing = server_.Call(Role::kAuditor, "GET", "/v1/transfers/999");
  ExpectProblem(missing, 404);

  Json entry = CallJson(Role::kAuditor, "GET", "/v1/ledger/entries/" + std::to_string(index));
  ASSERT_TRUE(entry["entry"].is_string());
  Json proof =
      CallJson(Role::kAuditor, "GET", "/v1/ledger/proofs/inclusion?index=" + std::to_string(index));
  EXPECT_EQ(proof["leaf_hash"], ToHex(ledger::HashLeaf(entry["entry"].get<std::string>())));
  auto note = server_.Call(Role::kAuditor, "GET", "/v1/ledger/checkpoint");
  ASSERT_TRUE(note && note->status == 200);
  EXPECT_EQ(note->get_header_value("Content-Type").rfind("text/plain", 0), 0u);
  // The checkpoint's third line is the root (base64).
  std::istringstream lines(note->body);
  std::string origin, size, root64;
  std::getline(lines, origin);
  std::getline(lines, size);
  std::getline(lines, root64);
  auto root = Base64Decode(root64);
  ASSERT_TRUE(root.ok());
  std::vector<std::string> path;
  for (const auto& h : proof["hashes"]) path.push_back(*FromHex(h.get<std::string>()));
  EXPECT_TRUE(ledger::VerifyInclusion(index, proof["size"],
                                      *FromHex(proof["leaf_hash"].get<std::string>()), path, *root)
                  .ok());

  SendHrTransfer();
  Json consistency = CallJson(Role::kAuditor, "GET", "/v1/ledger/proofs/consistency?from=1&to=2");
  EXPECT_EQ(consistency["from"], 1);
  EXPECT_FALSE(consistency["hashes"].empty());
  Json stats = CallJson(Role::kAuditor, "GET",
                        "/v1/stats?exporter=Shanghai%20Huaxin%20Trading%20Co.%2C%20Ltd.&year=2026");
  EXPECT_GT(stats["year_to_date"]["exempt"]["individuals"].get<int64_t>(), 0);
  ExpectProblem(server_.Call(Role::kAuditor, "GET", "/v1/ledger/proofs/inclusion?index=5"), 404);
  ExpectProblem(server_.Call(Role::kAuditor, "GET", "/v1/ledger/proofs/inclusion"), 400, "index");
  ExpectProblem(server_.Call(Role::kAuditor, "GET", "/v1/ledger/proofs/inclusion?index=x"), 400,
                "index");
  ExpectProblem(server_.Call(Role::kAuditor, "GET", "/v1/ledger/proofs/consistency?from=2&to=9"),
                404);
  ExpectProblem(server_.Call(Role::kAuditor, "GET", "/v1/ledger/entries/77"), 404);
  ExpectProblem(server_.Call(Role::kAuditor, "GET", "/v1/stats?year=2026"), 400, "exporter");
}

TEST_F(ServerTest, NoPersonalDataInResponses) {
  // Every cell of the example's identifier and name columns: none may appear in any answer.
  std::ifstream in(server_.dir() / "data" / "employees.csv");
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::string> cells;
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::string cell;
    int column = 0;
    while (std::getline(row, cell, ',')) {
      if ((column == 1 || column == 3 || column == 4) && cell.size() >= 4) cells.push_back(cell);
      ++column;
    }
  }
  ASSERT_GT(cells.size(), 100u);
  std::string seen;
  auto r = server_.Call(Role::kOfficer, "POST", "/v1/transfers", server_.HrPlan());
  ASSERT_TRUE(r && r->status == 201) << (r ? r->body : "");
  seen += r->body;
  for (const char* path :
       {"/v1/transfers", "/v1/transfers/0", "/v1/ledger/entries/0", "/", "/transfers/0"}) {
    auto g = server_.Call(Role::kAuditor, "GET", path);
    ASSERT_TRUE(g && g->status == 200) << path;
    seen += g->body;
  }
  for (const std::string& cell : cells) {
    ASSERT_EQ(seen.find(cell), std::string::npos) << "a raw cell value was served";
  }
}

TEST_F(ServerTest, BadInputIsAProblemAndTheServerKeepsServing) {
  ExpectProblem(server_.Call(Role::kOfficer, "POST", "/v1/assess", "as_of: [2026"), 400, "body");
  ExpectProblem(
      server_.Call(Role::kOfficer, "POST", "/v1/assess", "{\"as_of\": 1,", "application/json"), 400,
      "body");
  ExpectProblem(server_.Call(Role::kOfficer, "POST", "/v1/assess", ""), 400, "body");
  ExpectProblem(server_.Call(Role::kOfficer, "POST", "/v1/assess", "- a\n- b\n"), 422, "body");
  ExpectProblem(server_.Call(Role::kOfficer, "POST", "/v1/assess", "data: {individuals: many}\n"),
                422, "data.individuals");
  ExpectProblem(server_.Call(Role::kOfficer, "POST", "/v1/transfers",
                             "exporter: {name: A}\ndata: {datasets: [../../../etc/passwd]}\n"),
                422, "data.datasets[0]");
  ExpectProblem(server_.Call(Role::kOfficer, "POST", "/v1/transfers",
                             "exporter: {name: A}\ndata: {datasets: [/etc/passwd]}\n"),
                422, "data.datasets[0]");
  ExpectProblem(server_.Call(Role::kOfficer, "POST", "/v1/transfers",
                             "exporter: {name: A}\ndata: {datasets: [nothere.csv]}\n"),
                422, "data.datasets[0]");
  std::string plan = server_.HrPlan();
  plan.replace(plan.find("policy: policy.yaml"), 19, "policy: ../x.yaml");
  ExpectProblem(server_.Call(Role::kOfficer, "POST", "/v1/transfers", plan), 422, "policy");
  ExpectProblem(server_.Call(Role::kOfficer, "POST", "/v1/assess", std::string(2 << 20, 'a')), 413);
  ExpectProblem(server_.Call(Role::kOfficer, "GET", "/v2/nothing"), 404);
  ExpectProblem(server_.Call(Role::kOfficer, "POST", "/v2/nothing", "x"), 404);
  httplib::Client c = server_.Client(Role::kOfficer);
  auto del = c.Delete("/v1/stats");
  ExpectProblem(del, 405);
  ExpectProblem(server_.Call(Role::kOfficer, "POST", "/v1/stats", "x"), 405);
  EXPECT_EQ(CallJson(std::nullopt, "GET", "/healthz")["status"], "ok");
  // Nothing was recorded by the refused requests.
  EXPECT_EQ(CallJson(std::nullopt, "GET", "/healthz")["ledger_size"], 0);
}

TEST_F(ServerTest, SessionsCookiesAndCsrf) {
  httplib::Client c("127.0.0.1", server_.port());
  const std::string origin = "http://127.0.0.1:" + std::to_string(server_.port());
  httplib::Headers same = {{"Origin", origin}};
  httplib::Params login = {{"token", server_.token(Role::kOfficer)}, {"lang", "en"}};
  // A sign-in posted from another site is refused (login CSRF).
  auto cross = c.Post("/login", {{"Origin", "http://evil.example"}}, login);
  ASSERT_TRUE(cross);
  EXPECT_EQ(cross->status, 403);
  auto wrong = c.Post("/login", same, httplib::Params{{"token", "xbt_nope"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  auto ok = c.Post("/login", same, login);
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status, 303);
  const std::string cookie = ok->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "plain HTTP without --cookie-secure";
  const std::string session = cookie.substr(0, cookie.find(';'));
  httplib::Headers with_cookie = {{"Cookie", session}};
  auto page = c.Get("/", with_cookie);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("officer-user"), std::string::npos);
  const std::string marker = "name=\"csrf\" value=\"";
  auto at = page->body.find(marker);
  ASSERT_NE(at, std::string::npos);
  const std::string csrf = page->body.substr(at + marker.size(), 64);

  httplib::Headers cookie_and_origin = {{"Cookie", session}, {"Origin", origin}};
  auto no_token = c.Post("/logout", cookie_and_origin, httplib::Params{});
  ExpectRefusalPage(no_token, 403);
  auto bad_origin = c.Post("/logout", {{"Cookie", session}, {"Origin", "http://evil.example"}},
                           httplib::Params{{"csrf", csrf}});
  ExpectRefusalPage(bad_origin, 403);
  auto dry = c.Post("/transfers", cookie_and_origin,
                    httplib::Params{{"csrf", csrf}, {"plan", server_.HrPlan()}, {"dry_run", "1"}});
  ASSERT_TRUE(dry);
  EXPECT_EQ(dry->status, 200) << dry->body;
  EXPECT_NE(dry->body.find("dry_run"), std::string::npos);
  auto out = c.Post("/logout", cookie_and_origin, httplib::Params{{"csrf", csrf}});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 303);
  auto after = c.Get("/", with_cookie);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 303) << "the session ended";
}

// Review #14 finding 6: the API and the form read dry_run with one parser and one role check.
TEST_F(ServerTest, DryRunMeansTheSameOnTheApiAndTheForm) {
  const uint64_t before = LedgerSize();
  const Session officer = SignIn(Role::kOfficer);
  httplib::Client c("127.0.0.1", server_.port());
  const httplib::Headers browser = {{"Cookie", officer.cookie}, {"Origin", Origin()}};
  auto form = [&](const std::string& flag) {
    return c.Post(
        "/transfers", browser,
        httplib::Params{{"csrf", officer.csrf}, {"plan", server_.HrPlan()}, {"dry_run", flag}});
  };
  for (const char* yes : {"yes", "true", "1", "on"}) {
    EXPECT_EQ(Status(Role::kOfficer, "POST", std::string("/v1/transfers?dry_run=") + yes,
                     server_.HrPlan()),
              200)
        << yes;
    auto r = form(yes);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << yes << ": " << r->body;
  }
  EXPECT_EQ(LedgerSize(), before) << "a dry run recorded nothing";
  // A value that is no flag is refused, naming the field, on both.
  ExpectProblem(
      server_.Call(Role::kOfficer, "POST", "/v1/transfers?dry_run=maybe", server_.HrPlan()), 400,
      "dry_run");
  ExpectRefusalPage(form("maybe"), 400, "dry_run");
  // An engineer saying "no" is asking to send.
  EXPECT_EQ(Status(Role::kEngineer, "POST", "/v1/transfers?dry_run=no", server_.HrPlan()), 403);
  EXPECT_EQ(LedgerSize(), before);
}

// Review #14 finding 7: a refused form answers the browser with a page, not problem details.
TEST_F(ServerTest, RefusedFormsAnswerWithAPage) {
  const Session engineer = SignIn(Role::kEngineer);
  httplib::Client c("127.0.0.1", server_.port());
  const httplib::Headers browser = {{"Cookie", engineer.cookie}, {"Origin", Origin()}};
  auto send = c.Post("/transfers", browser,
                     httplib::Params{{"csrf", engineer.csrf}, {"plan", server_.HrPlan()}});
  ExpectRefusalPage(send, 403);
  auto forged =
      c.Post("/transfers", browser,
             httplib::Params{
                 {"csrf", std::string(64, '0')}, {"plan", server_.HrPlan()}, {"dry_run", "1"}});
  ExpectRefusalPage(forged, 403);
  EXPECT_EQ(LedgerSize(), 0u);
}

// Review #14 finding 5: the server's database (and its folder, where the key lives) is not the
// client's business: no answer names it, on success or error.
TEST_F(ServerTest, NoResponseNamesTheDatabase) {
  const std::string folder = server_.dir().string();
  const std::string db = std::filesystem::path(server_.options().db).filename().string();
  auto expect_silent = [&](const std::string& what, const httplib::Result& r) {
    ASSERT_TRUE(r) << what;
    EXPECT_EQ(r->body.find(folder), std::string::npos) << what << ": " << r->body;
    EXPECT_EQ(r->body.find(db), std::string::npos) << what << ": " << r->body;
  };
  const std::string plan = server_.HrPlan();
  expect_silent("transfer", server_.Call(Role::kOfficer, "POST", "/v1/transfers", plan));
  expect_silent("dry run", server_.Call(Role::kOfficer, "POST", "/v1/transfers?dry_run=1", plan));
  expect_silent("assess", server_.Call(Role::kOfficer, "POST", "/v1/assess", plan));
  for (const char* path : {"/v1/transfers", "/v1/transfers/0", "/", "/transfers/0", "/healthz",
                           "/metrics", "/v1/ledger/entries/0", "/v1/ledger/checkpoint"}) {
    expect_silent(path, server_.Call(Role::kAuditor, "GET", path));
  }
  std::string missing = plan;
  const size_t at = missing.find("employees.csv");
  ASSERT_NE(at, std::string::npos);
  missing.replace(at, 13, "nobody.csv");
  expect_silent("missing dataset", server_.Call(Role::kOfficer, "POST", "/v1/transfers", missing));
  expect_silent("document", server_.Call(Role::kOfficer, "POST",
                                         "/v1/reports/pipia?lang=en&format=html", plan));
}

TEST(ProblemFromError, NamesNeitherTheDatabaseNorTheDataRoot) {
  Problem p = ProblemFromError(FailedPrecondition("the database is read-only", {"/srv/xb/xb.db"}),
                               "/srv/data", "/srv/xb/xb.db");
  EXPECT_EQ(p.status, 409);
  EXPECT_EQ(p.detail.find("/srv/xb"), std::string::npos) << p.detail;
  EXPECT_NE(p.detail.find("the server's database"), std::string::npos) << p.detail;
  const std::string url = "postgresql://xb:secret@db.internal:5432/xborder";
  p = ProblemFromError(NotFound("no ledger", {pg::DisplayDb(url)}), "/srv/data", url);
  EXPECT_EQ(p.detail.find("db.internal"), std::string::npos) << p.detail;
  p = ProblemFromError(InvalidArgument("no such file", {"/srv/data/x.csv"}), "/srv/data", url);
  EXPECT_EQ(p.detail, "<data>/x.csv: no such file");
}

// Review #14 findings 7 and 8.
TEST_F(ServerTest, BearerInAnyCaseAndCsrfNeverFromTheQuery) {
  httplib::Client c("127.0.0.1", server_.port());
  for (const char* scheme : {"bearer ", "BEARER ", "Bearer "}) {
    auto r = c.Get("/v1/transfers", {{"Authorization", scheme + server_.token(Role::kAuditor)}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << scheme;
  }
  const Session officer = SignIn(Role::kOfficer);
  const httplib::Headers browser = {{"Cookie", officer.cookie}, {"Origin", Origin()}};
  // The token in the URL does not count, even when it is right.
  ExpectProblem(
      c.Post("/v1/assess?csrf=" + officer.csrf, browser, server_.HrPlan(), "application/yaml"),
      403);
  auto header =
      c.Post("/v1/assess",
             {{"Cookie", officer.cookie}, {"Origin", Origin()}, {"X-CSRF-Token", officer.csrf}},
             server_.HrPlan(), "application/yaml");
  ASSERT_TRUE(header);
  EXPECT_EQ(header->status, 200) << header->body;
}

TEST_F(ServerTest, DisabledUsersLoseAccess) {
  EXPECT_EQ(Status(Role::kEngineer, "GET", "/v1/transfers"), 200);
  auto store = OpenAccountStore(server_.options().db);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->DisableUser("engineer-user", 1).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the 1-second cache
  EXPECT_EQ(Status(Role::kEngineer, "GET", "/v1/transfers"), 401);
  EXPECT_EQ(Status(Role::kOfficer, "GET", "/v1/transfers"), 200);
}

TEST_F(ServerTest, MetricsAndAccessLogKeepTemplatesNotValues) {
  EXPECT_EQ(Status(Role::kAuditor, "GET", "/v1/stats?exporter=Secret%20Corp&year=2026"), 200);
  EXPECT_EQ(Status(Role::kAuditor, "GET", "/v1/ledger/entries/12345"), 404);
  EXPECT_EQ(Status(std::nullopt, "GET", "/v1/transfers"), 401);
  // A request is counted after its response is written, so the client may be a moment ahead.
  const std::string counted =
      "xborder_http_requests_total{route=\"/v1/transfers\",method=\"GET\",status=\"401\"} 1";
  auto m = server_.Call(Role::kAuditor, "GET", "/metrics");
  const std::string stats_counted =
      "xborder_http_requests_total{route=\"/v1/stats\",method=\"GET\",status=\"200\"} 1";
  const std::string entry_counted =
      "route=\"/v1/ledger/entries/{index}\",method=\"GET\",status=\"404\"} 1";
  auto all_counted = [&](const std::string& body) {
    return body.find(counted) != std::string::npos &&
           body.find(stats_counted) != std::string::npos &&
           body.find(entry_counted) != std::string::npos;
  };
  for (int i = 0; i < 100 && m && !all_counted(m->body); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    m = server_.Call(Role::kAuditor, "GET", "/metrics");
  }
  ASSERT_TRUE(m && m->status == 200);
  EXPECT_NE(m->body.find(
                "xborder_http_requests_total{route=\"/v1/stats\",method=\"GET\",status=\"200\"} 1"),
            std::string::npos)
      << m->body;
  EXPECT_NE(m->body.find("xborder_http_request_duration_seconds_bucket{route=\"/v1/ledger/entries/"
                         "{index}\",method=\"GET\",le=\"+Inf\"} 1"),
            std::string::npos);
  EXPECT_NE(m->body.find("xborder_ledger_entries 0"), std::string::npos);
  EXPECT_NE(m->body.find("xborder_ledger_last_verify_ok"), std::string::npos);
  EXPECT_EQ(m->body.find("Secret"), std::string::npos);
  server_.Stop();  // writes the access log out
  auto store = OpenAccountStore(server_.options().db);
  ASSERT_TRUE(store.ok());
  auto log = (*store)->RecentAccess(100);
  ASSERT_TRUE(log.ok());
  std::set<std::string> routes;
  bool anonymous_401 = false;
  for (const AccessRecord& r : *log) {
    routes.insert(r.route);
    EXPECT_EQ(r.route.find("Secret"), std::string::npos);
    EXPECT_EQ(r.route.find("12345"), std::string::npos);
    if (r.status == 401 && !r.user_id) anonymous_401 = true;
    if (r.route == "/v1/stats") {
      EXPECT_EQ(r.role, "auditor");
    }
    EXPECT_GT(r.time_unix_ms, 0);
  }
  EXPECT_TRUE(routes.count("/v1/stats"));
  EXPECT_TRUE(routes.count("/v1/ledger/entries/{index}"));
  EXPECT_TRUE(anonymous_401);
}

// Review #14 finding 4: a template served by two methods gave two histogram series with one
// label set, which Prometheus rejects. Every sample line must name a series of its own.
TEST_F(ServerTest, MetricsExpositionHasNoDuplicateSeries) {
  EXPECT_EQ(Status(Role::kOfficer, "POST", "/v1/transfers?dry_run=true", server_.HrPlan()), 200);
  EXPECT_EQ(Status(Role::kOfficer, "GET", "/v1/transfers"), 200);
  EXPECT_EQ(Status(std::nullopt, "GET", "/login"), 200);
  EXPECT_GT(
      Status(std::nullopt, "POST", "/login", "token=xbt_nope", "application/x-www-form-urlencoded"),
      400);
  const std::string both =
      "xborder_http_request_duration_seconds_count{route=\"/v1/transfers\",method=\"";
  // A request is counted after its response is written, so the client may be a moment ahead.
  auto m = server_.Call(Role::kAuditor, "GET", "/metrics");
  for (int i = 0; i < 100 && m && m->body.find(both + "POST") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    m = server_.Call(Role::kAuditor, "GET", "/metrics");
  }
  ASSERT_TRUE(m && m->status == 200);
  std::set<std::string> series;
  std::istringstream lines(m->body);
  size_t samples = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.rfind(' ');
    ASSERT_NE(space, std::string::npos) << line;
    ++samples;
    EXPECT_TRUE(series.insert(line.substr(0, space)).second) << "duplicate series: " << line;
  }
  EXPECT_GT(samples, 20u);
  EXPECT_NE(m->body.find(both + "GET\"} 1"), std::string::npos) << m->body;
  EXPECT_NE(m->body.find(both + "POST\"} 1"), std::string::npos) << m->body;
}

TEST_F(ServerTest, DocumentsAreMadeRecordedAndServedToAuditors) {
  const uint64_t transfer = SendHrTransfer();
  auto made = server_.Call(Role::kOfficer, "POST", "/v1/reports/pipia?lang=en&format=html",
                           server_.HrPlan());
  ASSERT_TRUE(made);
  ASSERT_EQ(made->status, 201) << made->body;
  Json out = Json::parse(made->body);
  EXPECT_EQ(out["kind"], "pipia");
  const uint64_t index = out["ledger"]["index"].get<uint64_t>();
  EXPECT_EQ(index, transfer + 1);
  EXPECT_EQ(out["checkpoint"]["size"], transfer + 1) << "made from the ledger with the transfer";
  std::set<std::string> names;
  for (const Json& f : out["files"]) names.insert(f["name"].get<std::string>());
  EXPECT_EQ(names, (std::set<std::string>{"pipia.en.html", "pipia.facts.json"}));
  EXPECT_EQ(made->get_header_value("Location"),
            "/v1/reports/" + std::to_string(index) + "/pipia.facts.json");

  // The ledger records every file's digest; an auditor downloads exactly those bytes.
  Json entry = Json::parse(
      CallJson(Role::kAuditor, "GET", "/v1/ledger/entries/" + std::to_string(index))["entry"]
          .get<std::string>());
  EXPECT_EQ(entry["type"], "report");
  for (const Json& f : out["files"]) {
    auto got = server_.Call(Role::kAuditor, "GET", f["href"].get<std::string>());
    ASSERT_TRUE(got && got->status == 200) << f["href"];
    EXPECT_EQ(ToHex(Sha256(got->body)), f["sha256"]);
    EXPECT_EQ(entry["files"][f["name"].get<std::string>()], f["sha256"]);
  }
  auto html = server_.Call(Role::kAuditor, "GET", out["files"][0]["href"].get<std::string>());
  EXPECT_NE(html->get_header_value("Content-Security-Policy").find("sandbox"), std::string::npos);

  // The dashboard lists it with its links.
  auto page = server_.Call(Role::kAuditor, "GET", "/?lang=en");
  ASSERT_TRUE(page && page->status == 200);
  EXPECT_NE(page->body.find("href=\"/v1/reports/" + std::to_string(index) + "/pipia.en.html\""),
            std::string::npos);

  // Only the files the entry lists, only as recorded, only of report entries.
  const std::string base = "/v1/reports/" + std::to_string(index) + "/";
  ExpectProblem(server_.Call(Role::kAuditor, "GET", base + "pipia.zh.html"), 404);
  ExpectProblem(server_.Call(Role::kAuditor, "GET", base + "..%2F..%2Fx.db"), 404);
  ExpectProblem(server_.Call(Role::kAuditor, "GET", base + ".hidden"), 404);
  ExpectProblem(server_.Call(Role::kAuditor, "GET",
                             "/v1/reports/" + std::to_string(transfer) + "/pipia.en.html"),
                404);
  ExpectProblem(server_.Call(Role::kAuditor, "GET", "/v1/reports/99/pipia.en.html"), 404);
  ExpectProblem(server_.Call(std::nullopt, "GET", base + "pipia.en.html"), 401);
  const auto on_disk = server_.dir() / "reports" / std::to_string(index) / "pipia.en.html";
  ASSERT_TRUE(std::filesystem::exists(on_disk));
  std::ofstream(on_disk, std::ios::app) << "<!-- changed -->";
  ExpectProblem(server_.Call(Role::kAuditor, "GET", base + "pipia.en.html"), 409);
}

TEST_F(ServerTest, AnnualReportFromAJsonBody) {
  SendHrTransfer();
  Json body = {{"exporter", "Shanghai Huaxin Trading Co., Ltd."}, {"year", 2026}};
  auto r = server_.Call(Role::kAdmin, "POST", "/v1/reports/annual?lang=zh&format=html", body.dump(),
                        "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  Json out = Json::parse(r->body);
  EXPECT_EQ(out["files"][0]["name"], "annual.zh.html");
}

TEST_F(ServerTest, BadDocumentRequestsNameTheField) {
  ExpectProblem(server_.Call(Role::kOfficer, "POST", "/v1/reports/passwords", server_.HrPlan()),
                404, "kind");
  ExpectProblem(server_.Call(Role::kOfficer, "POST", "/v1/reports/pipia?lang=fr", server_.HrPlan()),
                400, "lang");
  ExpectProblem(
      server_.Call(Role::kOfficer, "POST", "/v1/reports/pipia?format=odt", server_.HrPlan()), 400,
      "format");
  ExpectProblem(server_.Call(Role::kOfficer, "POST", "/v1/reports/pipia", "as_of: [2026"), 400,
                "body");
  ExpectProblem(server_.Call(Role::kOfficer, "POST", "/v1/reports/annual", "{\"year\": 2026}",
                             "application/json"),
                422, "exporter");
  auto unknown =
      server_.Call(Role::kOfficer, "POST", "/v1/reports/annual",
                   "{\"exporter\": \"Nobody Ltd.\", \"year\": 2026}", "application/json");
  ExpectProblem(unknown, 422, "exporter");
  EXPECT_EQ(unknown->body.find(server_.options().db), std::string::npos) << unknown->body;
  // An incident may name identifiers only under the data root.
  std::ifstream in(std::filesystem::path(XB_SOURCE_DIR) / "examples/incident/incident.yaml");
  std::stringstream incident;
  incident << in.rdbuf();
  std::string text = incident.str();
  text.replace(text.find("affected-ids.txt"), 16, "../../../etc/passwd");
  ExpectProblem(server_.Call(Role::kOfficer, "POST", "/v1/reports/breach", text), 422,
                "incident.affected_subjects_file");
  std::string no_date = incident.str();
  no_date.replace(no_date.find("discovered_at"), 13, "discovered_on");
  auto bad = server_.Call(Role::kOfficer, "POST", "/v1/reports/breach", no_date);
  ExpectProblem(bad, 422, "incident.discovered_at");
  EXPECT_EQ(bad->body.find("xborder-request"), std::string::npos) << bad->body;
  EXPECT_EQ(bad->body.find("incident-"), std::string::npos) << bad->body;
  EXPECT_EQ(CallJson(std::nullopt, "GET", "/healthz")["ledger_size"], 0) << "nothing recorded";
}

// Issue #14 (review 15c, finding 3): a document request's plan or incident is kept in a private
// temporary folder while the documents are made, never in the data root, not even for a
// moment (the data root is watched for anything made in it); the relative paths it names
// (the plan's datasets, the incident's identifiers file) still resolve in the data root.
TEST_F(ServerTest, DocumentRequestsWriteNothingIntoTheDataRoot) {
  SendHrTransfer();
  const std::filesystem::path root = server_.options().data_root;
  const std::filesystem::path incident_dir =
      std::filesystem::path(XB_SOURCE_DIR) / "examples/incident";
  std::filesystem::copy_file(incident_dir / "affected-ids.txt", root / "affected-ids.txt");
  std::ifstream in(incident_dir / "incident.yaml");
  std::stringstream incident;
  incident << in.rdbuf();
  ASSERT_NE(incident.str().find("affected_subjects_file: affected-ids.txt"), std::string::npos);

  const int watch = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  ASSERT_GE(watch, 0);
  ASSERT_GE(::inotify_add_watch(watch, root.c_str(), IN_CREATE | IN_MOVED_TO), 0);
  auto pipia = server_.Call(Role::kOfficer, "POST", "/v1/reports/pipia?lang=en&format=html",
                            server_.HrPlan());
  ASSERT_TRUE(pipia);
  EXPECT_EQ(pipia->status, 201) << pipia->body;
  auto breach = server_.Call(Role::kOfficer, "POST", "/v1/reports/breach?lang=en&format=html",
                             incident.str());
  ASSERT_TRUE(breach);
  EXPECT_EQ(breach->status, 201) << breach->body;
  alignas(inotify_event) char events[4096];
  const ssize_t made = ::read(watch, events, sizeof events);
  std::vector<std::string> names;
  for (ssize_t at = 0; at < made;) {
    const auto* e = reinterpret_cast<const inotify_event*>(events + at);
    names.emplace_back(e->len ? e->name : "");
    at += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
  }
  ::close(watch);
  EXPECT_TRUE(names.empty()) << "made in the data root: " << names.front();
}

TEST_F(ServerTest, StopFinishesTheRequestInFlight) {
  int status = -1;
  std::string body;
  std::thread sender([&] {
    auto r = server_.Call(Role::kOfficer, "POST", "/v1/transfers", server_.HrPlan());
    if (r) {
      status = r->status;
      body = r->body;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(150));  // the pipeline is running
  server_.Stop();
  sender.join();
  EXPECT_EQ(status, 201) << body;
  httplib::Client late("127.0.0.1", server_.port());
  EXPECT_FALSE(late.Get("/healthz")) << "no longer accepting";
}

}  // namespace
}  // namespace xb::server

namespace xb::server {
namespace {

// A self-signed certificate made with the openssl command line, for the TLS test.
std::filesystem::path MakeCertificate() {
  auto dir = std::filesystem::temp_directory_path() / ("xb-tls-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -keyout " +
      (dir / "key.pem").string() + " -out " + (dir / "cert.pem").string() + " >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0 ? dir : std::filesystem::path();
}

TEST(ServerTls, ServesHttpsWithSecureSessionCookies) {
  const auto certs = MakeCertificate();
  ASSERT_FALSE(certs.empty()) << "openssl could not make a certificate";
  ServerOptions options;
  options.tls_cert = (certs / "cert.pem").string();
  options.tls_key = (certs / "key.pem").string();
  TestServer server(options);
  ASSERT_TRUE(server.ok());
  httplib::SSLClient tls("127.0.0.1", server.port());
  tls.enable_server_certificate_verification(false);
  auto health = tls.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  const std::string origin = "https://127.0.0.1:" + std::to_string(server.port());
  auto login = tls.Post("/login", {{"Origin", origin}},
                        httplib::Params{{"token", server.token(Role::kAuditor)}});
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 303);
  EXPECT_NE(login->get_header_value("Set-Cookie").find("; Secure"), std::string::npos);
  httplib::Client plain("127.0.0.1", server.port());
  EXPECT_FALSE(plain.Get("/healthz")) << "no plain HTTP on a TLS port";
  std::filesystem::remove_all(certs);
}

}  // namespace
}  // namespace xb::server
