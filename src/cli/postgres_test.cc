// `--db postgresql://...` through the binary, against the test cluster (pg/test_environment.h):
// every ledger command, the consent commands, transfer recording with consent checked against
// the registry in PostgreSQL, assess reading its history, two `ledger append` loops at once.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/cli_test_util.h"
#include "pg/connection.h"
#include "pg/test_environment.h"

namespace xb::cli::testing {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

class PostgresCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (pg::testing::PostgresSkipped()) GTEST_SKIP() << "XB_SKIP_POSTGRES=1";
    auto url = pg::testing::FreshPostgresUrl();
    ASSERT_TRUE(url.ok()) << url.error().ToString();
    // The test cluster trusts local logins: the password is accepted and never needed, so it
    // shows whether anything prints it.
    url_ = *url + "&password=hunter2";
    dir_ = FreshTempDir();
  }
  RunResult Run(std::vector<std::string> args, const std::string& input = "") {
    std::vector<std::string> full = {"--db", url_, "--key-file", dir_ + "/x.key"};
    full.insert(full.end(), args.begin(), args.end());
    RunResult r = RunXborder(full, input);
    EXPECT_EQ(r.out.find("hunter2"), std::string::npos) << r.out;
    EXPECT_EQ(r.err.find("hunter2"), std::string::npos) << r.err;
    return r;
  }
  json RunJson(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.end(), {"--format", "json"});
    RunResult r = Run(args, input);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out, nullptr, false);
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  std::string url_;
  std::string dir_;
};

TEST_F(PostgresCli, EveryLedgerCommandWorks) {
  json first = RunJson({"ledger", "append", "-"}, "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
  EXPECT_EQ(first["size"], 3);
  std::string note = Run({"ledger", "checkpoint", "--format", "note"}).out;
  std::string subjects = Write("s.txt", "110101199001011234\n110101199001015678\n");
  json transfer = RunJson(
      {"ledger", "append", "-", "--subjects", subjects, "--exporter", "ACME", "--year", "2026"},
      "{\"type\":\"transfer\"}");
  EXPECT_EQ(transfer["first_index"], 3);
  json proof = RunJson({"ledger", "prove", "1"});
  EXPECT_EQ(proof["size"], 4);
  EXPECT_FALSE(proof["proof"].empty());
  json consistency = RunJson({"ledger", "consistency", "3", "4"});
  EXPECT_FALSE(consistency["proof"].empty());
  RunResult exported = Run({"ledger", "export"});
  EXPECT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(std::count(exported.out.begin(), exported.out.end(), '\n'), 4);
  EXPECT_EQ(exported.out.find("110101199001011234"), std::string::npos);
  json stats = RunJson({"ledger", "stats", "--exporter", "ACME", "--year", "2026"});
  EXPECT_EQ(stats["year_to_date"]["counted"]["individuals"], 2);
  json verified = RunJson({"ledger", "verify", "--checkpoint", Write("old.note", note)});
  EXPECT_EQ(verified["ok"], true);
  EXPECT_EQ(verified["size"], 4);
  EXPECT_EQ(verified["root"], transfer["root"]);
}

TEST_F(PostgresCli, ReadingADatabaseWithoutALedgerIsExit2) {
  RunResult r = Run({"ledger", "prove", "0"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("no xborder ledger in this database"), std::string::npos) << r.err;
  EXPECT_EQ(Run({"ledger", "verify"}).exit_code, 2);  // reading created nothing
}

TEST_F(PostgresCli, AFailedVerifyNamesTheDatabaseWithoutItsPassword) {
  RunJson({"ledger", "append", "-"}, "{\"n\":1}\n{\"n\":2}\n");
  auto conn = pg::Connection::Open(url_);
  ASSERT_TRUE(conn.ok()) << conn.error().ToString();
  ASSERT_TRUE((*conn)->Exec("UPDATE entry SET data = '{\"n\":9}' WHERE idx = 1").ok());
  RunResult r = Run({"ledger", "verify"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("ledger verify failed: entry 1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("password=***"), std::string::npos) << r.err;
}

TEST_F(PostgresCli, ConsentCommandsKeepTheRegistryInPostgres) {
  const std::string consents = SourcePath("examples/transfer/hr/consents.csv");
  json imported = RunJson({"consent", "import", consents});
  EXPECT_GT(imported["imported"].get<int>(), 1000);
  auto conn = pg::Connection::Open(url_);
  ASSERT_TRUE(conn.ok());
  auto withdrawn_count = [&] {
    auto rows = (*conn)->Query("SELECT count(withdrawn_at) FROM consent_records");
    EXPECT_TRUE(rows.ok()) << rows.error().ToString();
    return rows.ok() ? rows->Int(0, 0) : -1;
  };
  const int64_t before = withdrawn_count();
  json withdrawn =
      RunJson({"consent", "withdraw", "-", "--date", "2026-03-01"}, "350922199208221290\n");
  EXPECT_EQ(withdrawn["records_withdrawn"], 1);
  EXPECT_EQ(withdrawn_count(), before + 1);
  RunJson({"ledger", "append", "-"}, "{\"n\":1}");
  json listed = RunJson({"consent", "withdrawals"});
  EXPECT_EQ(listed["entries"], json::array());  // nothing was sent to anyone yet
  auto rows = (*conn)->Query("SELECT count(*) FROM consent_records");
  ASSERT_TRUE(rows.ok()) << rows.error().ToString();
  EXPECT_EQ(rows->Int(0, 0), imported["imported"].get<int64_t>());
  // Subjects are keyed hashes: no identifier is in the database.
  auto raw = (*conn)->Query(
      "SELECT count(*) FROM consent_records WHERE position("
      "convert_to('350922199208221290', 'UTF8') in subject) > 0");
  EXPECT_EQ(raw->Int(0, 0), 0);
}

TEST_F(PostgresCli, TransferRecordsInPostgresAndAssessReadsTheHistory) {
  fs::copy(SourcePath("examples/transfer/hr"), dir_ + "/hr", fs::copy_options::recursive);
  // The plan requires consent: it is checked against the registry kept in PostgreSQL.
  RunJson({"consent", "import", dir_ + "/hr/consents.csv"});
  const std::string plan_path = dir_ + "/hr/plan.yaml";
  RunResult done = Run({"transfer", plan_path, "--out", dir_ + "/package", "--format", "json"});
  ASSERT_EQ(done.exit_code, 0) << done.err << done.out;
  json outcome = json::parse(done.out);
  EXPECT_EQ(outcome["status"], "completed");
  EXPECT_EQ(outcome["ledger"]["index"], 0);
  // Only individuals with valid consent were sent; the others were counted by coverage.
  const json& coverage = outcome["datasets"][0]["consent"];
  EXPECT_GT(coverage["valid"].get<int64_t>(), 2000) << coverage.dump();
  EXPECT_GT(coverage["no_record"].get<int64_t>(), 0) << coverage.dump();
  EXPECT_EQ(outcome["individuals"], coverage["valid"]);
  json verified = RunJson({"ledger", "verify"});
  EXPECT_EQ(verified["ok"], true);
  EXPECT_EQ(verified["size"], 1);

  RunResult assessed = Run({"assess", plan_path, "--format", "json"});
  EXPECT_NE(assessed.out.find("history read from ledger postgresql://"), std::string::npos)
      << assessed.out;
}

// Each of two processes runs `xborder ledger append` in a loop with overlapping subject lists.
TEST_F(PostgresCli, TwoAppendLoopsAtOnceKeepOneConsistentLedger) {
  // Create the ledger and its signing key first, so the loops race only to append.
  ASSERT_EQ(Run({"ledger", "append", "-"}, "{\"writer\":-1,\"seq\":0}").exit_code, 0);
  constexpr int kRounds = 12;
  for (int writer = 0; writer < 2; ++writer) {
    for (int j = 0; j < kRounds; ++j) {
      std::string ids;
      for (int i = j * 5; i < j * 5 + 20; ++i) ids += "p" + std::to_string(i) + "\n";
      ids += "w" + std::to_string(writer) + "-" + std::to_string(j) + "\n";
      Write("s" + std::to_string(writer) + "-" + std::to_string(j), ids);
    }
  }
  std::vector<pid_t> loops;
  for (int writer = 0; writer < 2; ++writer) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int failures = 0;
      for (int j = 0; j < kRounds; ++j) {
        std::string w = std::to_string(writer), n = std::to_string(j);
        RunResult r = RunXborder(
            {"--db", url_, "--key-file", dir_ + "/x.key", "ledger", "append", "-", "--subjects",
             dir_ + "/s" + w + "-" + n, "--exporter", "ACME", "--year", "2026"},
            "{\"writer\":" + w + ",\"seq\":" + n + "}");
        if (r.exit_code != 0) ++failures;
      }
      _exit(failures);
    }
    loops.push_back(pid);
  }
  for (pid_t pid : loops) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "appends failed";
  }
  json verified = RunJson({"ledger", "verify"});
  EXPECT_EQ(verified["ok"], true) << verified.dump();
  EXPECT_EQ(verified["size"], 2 * kRounds + 1);
  std::set<std::string> seen;
  std::istringstream lines(Run({"ledger", "export"}).out);
  for (std::string line; std::getline(lines, line);) {
    json e = json::parse(line);
    EXPECT_TRUE(seen.insert(e["writer"].dump() + "/" + e["seq"].dump()).second) << line;
  }
  EXPECT_EQ(seen.size(), 2u * kRounds + 1);
  // Windows p0..p19, p5..p24, ..., p55..p74: 75 shared identifiers, plus one of each per append.
  json stats = RunJson({"ledger", "stats", "--exporter", "ACME", "--year", "2026"});
  EXPECT_EQ(stats["year_to_date"]["counted"]["individuals"], 75 + 2 * kRounds);
}

}  // namespace
}  // namespace xb::cli::testing
