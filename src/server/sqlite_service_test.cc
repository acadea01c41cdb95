// The service on the embedded SQLite database, as operators run it: a real `xborder serve`
// process while the CLI, in processes of its own, writes to the same file (the README tells
// admins to add and disable users while the service runs). Review #14 finding 1: a read-only
// open inside the server dropped the SQLite locks of its other connections, so the next outside
// writer's close removed the log under them and the server's next commit destroyed the file.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "server/server_test_util.h"

namespace xb::server {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::json;

// SQLite's own verdict on the file, through a read-only connection of this test.
std::string IntegrityCheck(const fs::path& db) {
  sqlite3* handle = nullptr;
  std::string verdict = "cannot open";
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(handle, "PRAGMA integrity_check", -1, &q, nullptr) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW) {
      verdict = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
    } else {
      verdict = sqlite3_errmsg(handle);
    }
    sqlite3_finalize(q);
  }
  sqlite3_close(handle);
  return verdict;
}

class SqliteService : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("xb-sqlite-serve-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    plan_ = CopyHrExample(dir_ / "data");
    officer_ = AddUser("officer", "officer");
    CliRun imported = RunCli(Global({"consent", "import", (dir_ / "data/consents.csv").string()}));
    ASSERT_EQ(imported.exit_code, 0) << imported.out;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::vector<std::string> Global(std::vector<std::string> args = {}) const {
    std::vector<std::string> out = {"--db", (dir_ / "xb.db").string(), "--key-file",
                                    (dir_ / "xb.key").string()};
    out.insert(out.end(), args.begin(), args.end());
    return out;
  }
  std::vector<std::string> ServeFlags() const {
    return {
        "--data-root",       (dir_ / "data").string(), "--packages", (dir_ / "packages").string(),
        "--no-access-lines", "--verify-minutes",       "0"};
  }
  std::string AddUser(const std::string& name, const std::string& role) {
    CliRun r = RunCli(Global({"--format", "json", "users", "add", name, "--role", role}));
    EXPECT_EQ(r.exit_code, 0) << r.out;
    Json j = Json::parse(r.out, nullptr, false);
    return j.is_object() ? j.value("token", "") : "";
  }

  fs::path dir_;
  std::string plan_, officer_;
};

TEST_F(SqliteService, OutsideWritersWhileTheServerReadsAndAppendsLeaveTheFileSound) {
  ServeProcess server(Global(), ServeFlags(), dir_ / "serve.log");
  ASSERT_TRUE(server.ok());
  httplib::Client client = server.Client(officer_);
  auto sent = client.Post("/v1/transfers", plan_, "application/yaml");
  ASSERT_TRUE(sent && sent->status == 201) << (sent ? sent->body : "no answer");
  // What opens the file read-only inside the server: a dry run, an assessment.
  auto dry = client.Post("/v1/transfers?dry_run=true", plan_, "application/yaml");
  ASSERT_TRUE(dry && dry->status == 200) << (dry ? dry->body : "no answer");
  auto assessed = client.Post("/v1/assess", plan_, "application/yaml");
  ASSERT_TRUE(assessed && assessed->status == 200) << (assessed ? assessed->body : "no answer");
  // Another process writes and closes.
  AddUser("eve", "engineer");
  // The server's next commits, then a page that reads and verifies the ledger.
  for (int i = 0; i < 2; ++i) {
    auto again = client.Post("/v1/transfers", plan_, "application/yaml");
    ASSERT_TRUE(again && again->status == 201) << (again ? again->body : "no answer");
    AddUser("user" + std::to_string(i), "auditor");
  }
  auto page = client.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200) << page->body;
  EXPECT_EQ(server.Stop(), 0);

  EXPECT_EQ(IntegrityCheck(dir_ / "xb.db"), "ok");
  CliRun verified = RunCli(Global({"ledger", "verify", "--format", "json"}));
  ASSERT_EQ(verified.exit_code, 0) << verified.out;
  Json v = Json::parse(verified.out, nullptr, false);
  EXPECT_EQ(v.value("ok", false), true);
  EXPECT_EQ(v.value("size", 0), 3);
}

}  // namespace
}  // namespace xb::server
