// The service on PostgreSQL, as operators run it: real `xborder serve` processes on one
// database of the throwaway cluster (pg/test_environment.h), with users and consent records made
// by the CLI. Two servers append at once (transfers and documents) and keep one consistent
// ledger; a server whose database
// sessions are cut keeps answering.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <numeric>
#include <sstream>
#include <thread>

#include "pg/connection.h"
#include "pg/test_environment.h"
#include "server/account_store.h"
#include "server/server_test_util.h"

namespace xb::server {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr const char* kExporter = "Shanghai Huaxin Trading Co., Ltd.";

class PostgresService : public ::testing::Test {
 protected:
  void SetUp() override {
    if (pg::testing::PostgresSkipped()) GTEST_SKIP() << "XB_SKIP_POSTGRES=1";
    auto url = pg::testing::FreshPostgresUrl();
    ASSERT_TRUE(url.ok()) << url.error().ToString();
    static int counter = 0;
    // The servers' sessions carry a name of their own, so a test can cut exactly those.
    app_ = "xb-serve-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    base_url_ = *url;
    url_ = *url + "&application_name=" + app_;
    dir_ = fs::temp_directory_path() / app_;
    fs::remove_all(dir_);
    plan_ = CopyHrExample(dir_ / "data");
    CliRun imported = RunCli(Global({"consent", "import", (dir_ / "data/consents.csv").string()}));
    ASSERT_EQ(imported.exit_code, 0) << imported.out;
    officer_ = AddUser("officer", "officer");
    auditor_ = AddUser("auditor", "auditor");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::vector<std::string> Global(std::vector<std::string> args = {}) const {
    std::vector<std::string> out = {"--db", url_, "--key-file", (dir_ / "x.key").string()};
    out.insert(out.end(), args.begin(), args.end());
    return out;
  }
  std::vector<std::string> ServeFlags() const {
    return {"--data-root",
            (dir_ / "data").string(),
            "--packages",
            (dir_ / "packages").string(),
            "--reports",
            (dir_ / "reports").string(),
            "--no-access-lines",
            "--verify-minutes",
            "0",
            "--threads",
            "8"};
  }
  std::string AddUser(const std::string& name, const std::string& role) {
    CliRun r = RunCli(Global({"--format", "json", "users", "add", name, "--role", role}));
    EXPECT_EQ(r.exit_code, 0) << r.out;
    Json j = Json::parse(r.out, nullptr, false);
    return j.is_object() ? j.value("token", "") : "";
  }
  // Cuts every database session of the servers; returns how many.
  int64_t CutSessions() {
    auto admin = pg::Connection::Open(base_url_);
    EXPECT_TRUE(admin.ok());
    if (!admin.ok()) return 0;
    auto cut = (*admin)->Query(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE application_name = $1",
        pg::Params().Text(app_));
    EXPECT_TRUE(cut.ok()) << cut.error().ToString();
    return cut.ok() ? cut->Int(0, 0) : 0;
  }

  std::string app_, base_url_, url_, plan_, officer_, auditor_;
  fs::path dir_;
};

TEST_F(PostgresService, TwoServersAppendingAtOnceKeepOneConsistentLedger) {
  ServeProcess a(Global(), ServeFlags(), dir_ / "a.log");
  ServeProcess b(Global(), ServeFlags(), dir_ / "b.log");
  ASSERT_TRUE(a.ok() && b.ok());

  // Two clients per server, each sending two transfers of the same plan, all at once.
  constexpr int kClientsPerServer = 2, kTransfersPerClient = 2;
  std::mutex mu;
  std::vector<uint64_t> indexes;
  std::vector<int64_t> individuals;
  std::vector<std::string> failures;
  std::vector<std::thread> clients;
  for (const ServeProcess* server : {&a, &b}) {
    for (int c = 0; c < kClientsPerServer; ++c) {
      clients.emplace_back([&, server] {
        httplib::Client client = server->Client(officer_);
        for (int t = 0; t < kTransfersPerClient; ++t) {
          auto r = client.Post("/v1/transfers", plan_, "application/yaml");
          std::lock_guard<std::mutex> lock(mu);
          if (!r || r->status != 201) {
            failures.push_back(r ? std::to_string(r->status) + " " + r->body : "no answer");
            continue;
          }
          Json out = Json::parse(r->body);
          indexes.push_back(out["ledger"]["index"].get<uint64_t>());
          individuals.push_back(out["individuals"].get<int64_t>());
        }
      });
    }
  }
  // Meanwhile each server also makes a document, another append.
  std::vector<uint64_t> report_indexes;
  for (const ServeProcess* server : {&a, &b}) {
    clients.emplace_back([&, server] {
      auto r = server->Client(officer_).Post("/v1/reports/pipia?lang=en&format=html", plan_,
                                             "application/yaml");
      std::lock_guard<std::mutex> lock(mu);
      if (!r || r->status != 201) {
        failures.push_back(r ? std::to_string(r->status) + " " + r->body : "no answer");
        return;
      }
      report_indexes.push_back(Json::parse(r->body)["ledger"]["index"].get<uint64_t>());
    });
  }
  for (std::thread& t : clients) t.join();
  ASSERT_TRUE(failures.empty()) << failures.front();
  constexpr size_t kTransfers = 2 * kClientsPerServer * kTransfersPerClient;
  constexpr size_t kTotal = kTransfers + 2;
  ASSERT_EQ(indexes.size(), kTransfers);
  ASSERT_EQ(report_indexes.size(), 2u);
  // Every append got its own place: indexes 0..9, none twice, none skipped.
  indexes.insert(indexes.end(), report_indexes.begin(), report_indexes.end());
  std::sort(indexes.begin(), indexes.end());
  std::vector<uint64_t> expected(kTotal);
  std::iota(expected.begin(), expected.end(), 0);
  EXPECT_EQ(indexes, expected);

  // Both servers see the whole ledger, whichever server appended.
  for (const ServeProcess* server : {&a, &b}) {
    auto list = server->Client(auditor_).Get("/v1/transfers");
    ASSERT_TRUE(list && list->status == 200);
    EXPECT_EQ(Json::parse(list->body)["transfers"].size(), kTransfers);
  }
  // The same employees were sent eight times: the year's distinct count is one transfer's.
  ASSERT_GT(individuals.front(), 1000);
  EXPECT_TRUE(std::all_of(individuals.begin(), individuals.end(),
                          [&](int64_t n) { return n == individuals.front(); }));
  httplib::Params query = {{"exporter", kExporter}, {"year", "2026"}};
  auto stats = b.Client(auditor_).Get("/v1/stats", query, httplib::Headers{});
  ASSERT_TRUE(stats && stats->status == 200) << (stats ? stats->body : "");
  EXPECT_EQ(Json::parse(stats->body)["year_to_date"]["exempt"]["individuals"], individuals.front());
  EXPECT_EQ(a.Stop(), 0);
  EXPECT_EQ(b.Stop(), 0);

  // The whole ledger verifies (entries, tree, signed head, subject sets and counters).
  CliRun verified = RunCli(Global({"ledger", "verify", "--format", "json"}));
  ASSERT_EQ(verified.exit_code, 0) << verified.out;
  Json v = Json::parse(verified.out);
  EXPECT_EQ(v["ok"], true);
  EXPECT_EQ(v["size"], kTotal);
  // And both servers logged their requests in the one access log.
  auto accounts = OpenAccountStore(url_, AccountAccess::kRead);
  ASSERT_TRUE(accounts.ok());
  auto log = (*accounts)->ReadAccess(0, 1000);
  ASSERT_TRUE(log.ok());
  size_t sent = 0;
  for (const AccessRecord& r : *log) sent += r.route == "/v1/transfers" && r.status == 201;
  EXPECT_EQ(sent, kTransfers);
}

TEST_F(PostgresService, AServerKeepsAnsweringWhenItsDatabaseSessionsAreCut) {
  ServeProcess server(Global(), ServeFlags(), dir_ / "serve.log");
  ASSERT_TRUE(server.ok());
  {
    auto r = server.Client(officer_).Post("/v1/transfers", plan_, "application/yaml");
    ASSERT_TRUE(r && r->status == 201) << (r ? r->body : "");
  }
  const std::vector<std::string> paths = {"/v1/ledger/proofs/inclusion?index=0",
                                          "/v1/ledger/entries/0",
                                          "/v1/transfers/0",
                                          "/v1/ledger/checkpoint",
                                          "/v1/stats?exporter=x&year=2026",
                                          "/healthz",
                                          "/"};
  std::atomic<bool> stop{false};
  std::atomic<int> requests{0};
  std::mutex mu;
  std::vector<std::string> failures;
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&, t] {
      httplib::Client client = server.Client(auditor_);
      for (size_t i = static_cast<size_t>(t); !stop.load(); ++i) {
        const std::string& path = paths[i % paths.size()];
        auto r = client.Get(path);
        ++requests;
        if (!r || r->status != 200) {
          std::lock_guard<std::mutex> lock(mu);
          failures.push_back(path + ": " +
                             (r ? std::to_string(r->status) + " " + r->body : "no answer"));
        }
      }
    });
  }
  int64_t cut = 0;
  for (int round = 0; round < 4; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    cut += CutSessions();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  // Appending works on new sessions too.
  auto sent = server.Client(officer_).Post("/v1/transfers", plan_, "application/yaml");
  stop = true;
  for (std::thread& t : readers) t.join();
  ASSERT_TRUE(sent && sent->status == 201) << (sent ? sent->body : "");
  EXPECT_EQ(Json::parse(sent->body)["ledger"]["index"], 1);
  EXPECT_GE(cut, 8) << "the test cut the server's sessions (ledger, sign-in, access log)";
  EXPECT_GT(requests.load(), 50);
  EXPECT_TRUE(failures.empty()) << failures.size() << " failed, first: " << failures.front();

  auto metrics = server.Client(auditor_).Get("/metrics");
  ASSERT_TRUE(metrics && metrics->status == 200);
  EXPECT_EQ(metrics->body.find("xborder_db_reconnects_total 0\n"), std::string::npos);
  EXPECT_NE(metrics->body.find("xborder_access_log_dropped_total 0\n"), std::string::npos);
  EXPECT_EQ(server.Stop(), 0);
  // Every request was logged, none lost to a cut session.
  auto accounts = OpenAccountStore(url_, AccountAccess::kRead);
  ASSERT_TRUE(accounts.ok());
  size_t logged = 0;
  for (int64_t after = 0;;) {
    auto page = (*accounts)->ReadAccess(after, 10000);
    ASSERT_TRUE(page.ok());
    if (page->empty()) break;
    logged += page->size();
    after = page->back().id;
  }
  EXPECT_GE(logged, static_cast<size_t>(requests.load()) + 3);
  CliRun verified = RunCli(Global({"ledger", "verify", "--format", "json"}));
  EXPECT_EQ(Json::parse(verified.out)["size"], 2);
}

}  // namespace
}  // namespace xb::server
