// `xborder db migrate` through the binary: a SQLite deployment (ledger, consent registry, users)
// moves to PostgreSQL with the same root, checkpoint, verify result and counts, and the commands
// work on the copy; a non-empty target is refused.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"
#include "pg/test_environment.h"

namespace xb::cli::testing {
namespace {
using nlohmann::json;

class DbMigrateCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (pg::testing::PostgresSkipped()) GTEST_SKIP() << "XB_SKIP_POSTGRES=1";
    auto url = pg::testing::FreshPostgresUrl();
    ASSERT_TRUE(url.ok()) << url.error().ToString();
    url_ = *url + "&password=hunter2";
    dir_ = FreshTempDir();
    sqlite_ = dir_ + "/xborder.db";
  }
  RunResult Run(const std::string& db, std::vector<std::string> args,
                const std::string& input = "") {
    std::vector<std::string> full = {"--db", db, "--key-file", dir_ + "/xborder.key"};
    full.insert(full.end(), args.begin(), args.end());
    RunResult r = RunXborder(full, input);
    EXPECT_EQ(r.err.find("hunter2"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("hunter2"), std::string::npos) << r.out;
    return r;
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  // A small deployment: plain entries and two transfers with overlapping individuals.
  void Fill() {
    ASSERT_EQ(Run(sqlite_, {"ledger", "append", "-"}, "{\"n\":1}\n{\"n\":2}\n").exit_code, 0);
    std::string a = Write("a.txt", "110101199001011234\n110101199001015678\n110101199003070011\n");
    std::string b = Write("b.txt", "110101199001015678\n110101199105050022\n");
    for (const std::string& ids : {a, b}) {
      RunResult r = Run(sqlite_,
                        {"ledger", "append", "-", "--subjects", ids, "--sensitive-subjects", ids,
                         "--exporter", "ACME", "--year", "2026"},
                        "{\"type\":\"transfer\"}");
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }
  std::string Out(const std::string& db, std::vector<std::string> args) {
    RunResult r = Run(db, args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

  std::string url_;
  std::string dir_;
  std::string sqlite_;
};

TEST_F(DbMigrateCli, MovesADeploymentWithoutChangingARoot) {
  Fill();
  const std::vector<std::string> verify = {"ledger", "verify", "--format", "json"};
  const std::vector<std::string> note = {"ledger", "checkpoint", "--format", "note"};
  const std::vector<std::string> stats = {"ledger", "stats", "--exporter", "ACME",
                                          "--year", "2026",  "--format",   "json"};
  std::string verify_before = Out(sqlite_, verify);
  std::string note_before = Out(sqlite_, note);
  std::string stats_before = Out(sqlite_, stats);
  EXPECT_EQ(json::parse(stats_before)["year_to_date"]["counted"]["individuals"], 4);

  RunResult moved = RunXborder({"--key-file", dir_ + "/xborder.key", "db", "migrate", "--from",
                                sqlite_, "--to", url_, "--format", "json"});
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  json report = json::parse(moved.out);
  EXPECT_EQ(report["entries"], 4);
  EXPECT_EQ(report["subject_hashes"], 10);
  EXPECT_EQ(report["root"], json::parse(verify_before)["root"]);
  EXPECT_EQ(moved.out.find("hunter2"), std::string::npos);

  EXPECT_EQ(Out(url_, verify), verify_before);
  EXPECT_EQ(Out(url_, note), note_before);
  EXPECT_EQ(Out(url_, stats), stats_before);
  EXPECT_EQ(Out(url_, {"ledger", "prove", "2", "--format", "json"}),
            Out(sqlite_, {"ledger", "prove", "2", "--format", "json"}));

  // The moved ledger keeps growing as the same log: the old checkpoint still verifies.
  std::string old_note = Write("old.note", note_before);
  ASSERT_EQ(Run(url_, {"ledger", "append", "-"}, "{\"after\":\"move\"}").exit_code, 0);
  json after =
      json::parse(Out(url_, {"ledger", "verify", "--checkpoint", old_note, "--format", "json"}));
  EXPECT_EQ(after["ok"], true);
  EXPECT_EQ(after["size"], 5);

  // A second migration into the now non-empty target is refused and changes nothing.
  RunResult again = RunXborder(
      {"--key-file", dir_ + "/xborder.key", "db", "migrate", "--from", sqlite_, "--to", url_});
  EXPECT_EQ(again.exit_code, 1) << again.err;
  EXPECT_NE(again.err.find("already holds a ledger"), std::string::npos) << again.err;
  EXPECT_EQ(json::parse(Out(url_, verify))["size"], 5);
}

TEST_F(DbMigrateCli, MovesConsentRecordsAndUsersToo) {
  Fill();
  RunResult imported = Run(
      sqlite_,
      {"consent", "import", SourcePath("examples/transfer/hr/consents.csv"), "--format", "json"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  RunResult added = Run(sqlite_, {"users", "add", "wang.li", "--role", "officer"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const std::string users_before = Out(sqlite_, {"users", "list", "--format", "json"});
  RunResult moved = RunXborder({"--key-file", dir_ + "/xborder.key", "db", "migrate", "--from",
                                sqlite_, "--to", url_, "--format", "json"});
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  json report = json::parse(moved.out);
  EXPECT_EQ(report["moved"], json({"ledger", "consent", "accounts"}));
  EXPECT_EQ(report["consent_records"], json::parse(imported.out)["imported"]);
  EXPECT_EQ(report["users"], 1);
  EXPECT_EQ(Out(url_, {"users", "list", "--format", "json"}), users_before);
  // The consent registry answers on the copy as it did on the file.
  const std::string id = "350922199208221290\n";
  RunResult withdrawn = Run(url_, {"consent", "withdraw", "-", "--format", "json"}, id);
  ASSERT_EQ(withdrawn.exit_code, 0) << withdrawn.err;
  EXPECT_EQ(json::parse(withdrawn.out)["records_withdrawn"], 1);
}

TEST_F(DbMigrateCli, AMissingSourceIsExit2) {
  RunResult r = RunXborder({"db", "migrate", "--from", dir_ + "/absent.db", "--to", url_});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  RunResult usage = RunXborder({"db", "migrate", "--from", sqlite_});
  EXPECT_EQ(usage.exit_code, 2);
}

}  // namespace
}  // namespace xb::cli::testing
