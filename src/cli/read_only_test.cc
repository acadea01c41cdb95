// Issue 11, defect 6: the commands that only read (ledger verify, prove, consistency, stats,
// checkpoint and export; assess; scan; consent withdrawals) work on a database the user may only
// read, owned by another user, and write nothing: not the database, nothing beside it, no key
// file. Run as root (CI), the commands run as uid/gid 65534 against files root owns; run as
// anyone else, against a database and folder made read-only.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_test_util.h"

namespace xb::cli::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr int kOtherUser = 65534;  // "nobody" on Debian

class ReadOnlyCli : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::geteuid() == 0;
    dir_ = FreshTempDir();
    db_dir_ = dir_ + "/db";
    fs::create_directories(db_dir_);
    db_ = db_dir_ + "/x.db";
    key_ = db_dir_ + "/x.key";
    Install();
    Populate();
  }

  void TearDown() override {
    // Make everything removable again for the next run.
    fs::permissions(db_dir_, fs::perms::owner_all, fs::perm_options::add);
  }

  // The other user may not be able to reach the build tree (a checkout under /root): run a copy
  // of the binary, the rule packs and the data from a folder everyone can read.
  void Install() {
    const std::string install = dir_ + "/install";
    fs::create_directories(install);
    binary_ = install + "/xborder";
    fs::copy_file(XB_CLI_BINARY, binary_);
    fs::copy(SourcePath("rules"), install + "/rules", fs::copy_options::recursive);
    fs::copy(SourcePath("data"), install + "/data", fs::copy_options::recursive);
    for (const auto& e : fs::recursive_directory_iterator(dir_)) {
      fs::permissions(e.path(), fs::perms::others_read | fs::perms::group_read,
                      fs::perm_options::add);
      if (e.is_directory()) {
        fs::permissions(e.path(), fs::perms::others_exec | fs::perms::group_exec,
                        fs::perm_options::add);
      }
    }
    fs::permissions(dir_, fs::perms::all & ~fs::perms::group_write & ~fs::perms::others_write);
    fs::permissions(binary_, fs::perms::others_exec | fs::perms::group_exec, fs::perm_options::add);
  }

  RunResult AsOwner(std::vector<std::string> args) {
    std::vector<std::string> full = {"--db", db_, "--key-file", key_};
    full.insert(full.end(), args.begin(), args.end());
    return RunXborder(full);
  }

  // Runs `args` as the reader: another user when the test runs as root, else this one.
  RunResult AsReader(std::vector<std::string> args) { return AsReader(args, key_); }
  RunResult AsReader(std::vector<std::string> args, const std::string& key_file) {
    RunOptions options;
    options.binary = binary_;
    options.cwd = dir_;
    options.env = {{"XBORDER_RULES", dir_ + "/install/rules"},
                   {"XBORDER_DATA", dir_ + "/install/data"}};
    if (root_) options.uid = options.gid = kOtherUser;
    std::vector<std::string> full = {"--db", db_, "--key-file", key_file};
    full.insert(full.end(), args.begin(), args.end());
    return RunXborderWith(full, options);
  }

  Json ReaderJson(std::vector<std::string> args) {
    args.push_back("--format");
    args.push_back("json");
    RunResult r = AsReader(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    Json j = Json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out << r.err;
    return j.is_discarded() ? Json::object() : j;
  }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    fs::permissions(path, fs::perms::others_read, fs::perm_options::add);
    return path;
  }

  // The owner records three plain entries, one transfer naming two people, one consent record
  // and its withdrawal.
  void Populate() {
    std::string batch = Write("batch.jsonl", "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
    ASSERT_EQ(AsOwner({"ledger", "append", batch}).exit_code, 0);
    std::string ids = Write("ids.txt", "13800138000\n110101199003078531\n");
    std::string rec = Write("rec.json", R"({"recipient":"Example GmbH"})");
    RunResult t = AsOwner(
        {"ledger", "append", rec, "--subjects", ids, "--exporter", "ACME", "--year", "2026"});
    ASSERT_EQ(t.exit_code, 0) << t.err;
    std::string consents =
        Write("consents.csv",
              "subject_id,recipients,purposes,categories,separate_consent,granted_at\n"
              "13800138000,Example GmbH,marketing,contact,yes,2026-01-05\n");
    ASSERT_EQ(AsOwner({"consent", "import", consents}).exit_code, 0);
    std::string withdrawn = Write("withdrawn.txt", "13800138000\n");
    ASSERT_EQ(AsOwner({"consent", "withdraw", withdrawn, "--date", "2026-06-01"}).exit_code, 0);
  }

  // Root: the database stays root's (0644 in a 0755 folder), the keys become the reader's (an
  // operator account holding the key, reading a service's database). Anyone else: the folder
  // and the database become read-only.
  void LockDown() {
    if (root_) {
      for (const std::string& key : {key_, key_ + ".ed25519"}) {
        ASSERT_EQ(::chown(key.c_str(), kOtherUser, kOtherUser), 0);
      }
      fs::permissions(db_, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                               fs::perms::others_read);
      fs::permissions(db_dir_, fs::perms::owner_all | fs::perms::group_read |
                                   fs::perms::group_exec | fs::perms::others_read |
                                   fs::perms::others_exec);
    } else {
      fs::permissions(db_, fs::perms::owner_read);
      fs::permissions(db_dir_, fs::perms::owner_read | fs::perms::owner_exec);
    }
    before_ = Listing();
  }

  // Every file in the database's folder with its size, modification time and, for the
  // database, its bytes.
  std::map<std::string, std::string> Listing() {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::directory_iterator(db_dir_)) {
      struct stat st;
      ::stat(e.path().c_str(), &st);
      std::string state = std::to_string(st.st_size) + "@" + std::to_string(st.st_mtim.tv_sec) +
                          "." + std::to_string(st.st_mtim.tv_nsec);
      if (e.path().filename() == "x.db") state += ":" + Slurp(e.path());
      // SQLite's shared-memory index of the log: a reader that may write it records its read
      // marks there (memory shared between processes, not data).
      if (e.path().filename() == "x.db-shm" && !root_) state = "exists";
      out[e.path().filename().string()] = state;
    }
    return out;
  }

  void ExpectNothingWritten() {
    std::map<std::string, std::string> after = Listing();
    EXPECT_EQ(after.size(), before_.size());
    for (const auto& [name, state] : after) {
      EXPECT_TRUE(before_.count(name)) << "new file " << name;
      if (before_.count(name)) {
        EXPECT_TRUE(before_[name] == state) << name << " changed";
      }
    }
  }

  bool root_ = false;
  std::string dir_, db_dir_, db_, key_, binary_;
  std::map<std::string, std::string> before_;
};

TEST_F(ReadOnlyCli, LedgerCommandsReadADatabaseTheUserMayOnlyRead) {
  LockDown();
  Json verified = ReaderJson({"ledger", "verify"});
  EXPECT_EQ(verified["ok"], true) << verified.dump();
  EXPECT_EQ(verified["size"], 4);
  EXPECT_EQ(ReaderJson({"ledger", "prove", "1"})["size"], 4);
  EXPECT_EQ(ReaderJson({"ledger", "consistency", "2", "4"})["size2"], 4);
  EXPECT_EQ(ReaderJson({"ledger", "checkpoint"})["size"], 4);
  Json stats = ReaderJson({"ledger", "stats", "--exporter", "ACME", "--year", "2026"});
  EXPECT_EQ(stats["year_to_date"]["counted"]["individuals"], 2) << stats.dump();
  RunResult exported = AsReader({"ledger", "export"});
  EXPECT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(std::count(exported.out.begin(), exported.out.end(), '\n'), 4);
  ExpectNothingWritten();
}

TEST_F(ReadOnlyCli, AssessReadsTheLedgerOfADatabaseTheUserMayOnlyRead) {
  std::string plan =
      Write("plan.yaml",
            "as_of: 2026-11-22\n"
            "jurisdiction: CN\n"
            "exporter: {name: ACME, ciio: false, state_organ: false, ftz: null, sector: other}\n"
            "recipient: {name: Example Marketing Pte. Ltd., country: SG, kind: "
            "company, restricted_list: false}\n"
            "purpose: marketing\n"
            "data: {personal_information: true, important_data: false, "
            "individuals: 38000, sensitive_individuals: 0, categories: [contact]}\n");
  LockDown();
  Json decision = ReaderJson({"assess", plan});
  EXPECT_EQ(decision["decision"], "exempt") << decision.dump();
  EXPECT_NE(decision["assumptions"].dump().find("history read from ledger"), std::string::npos);
  ExpectNothingWritten();
}

TEST_F(ReadOnlyCli, AssessDoesNotWaitForAWriter) {
  std::string plan = Write("plan.yaml",
                           "as_of: 2026-11-22\njurisdiction: CN\n"
                           "exporter: {name: ACME, ciio: false, state_organ: false, ftz: null, "
                           "sector: other}\n"
                           "recipient: {name: R, country: SG, kind: company, "
                           "restricted_list: false}\npurpose: marketing\n"
                           "data: {personal_information: true, important_data: false, "
                           "individuals: 10, sensitive_individuals: 0, categories: [contact]}\n");
  // Another process holds the write lock (an append in progress) for the whole run.
  sqlite3* writer = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &writer), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(writer, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  const auto start = std::chrono::steady_clock::now();
  RunResult r = AsOwner({"assess", plan, "--format", "json"});
  const auto waited = std::chrono::steady_clock::now() - start;
  sqlite3_exec(writer, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(writer);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // It used to take the write lock itself and wait out the busy timeout (60 s).
  EXPECT_LT(waited, std::chrono::seconds(30));
}

TEST_F(ReadOnlyCli, ScanCreatesNoKeyFile) {
  std::string data = Write("people.csv",
                           "id_card,mobile\n110101199003078531,13800138000\n"
                           "110101199003078531,138 0013 8000\n");
  LockDown();
  RunResult r = AsReader({"scan", data, "--format", "json"}, db_dir_ + "/absent.key");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json j = Json::parse(r.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.out;
  EXPECT_EQ(j["datasets"][0]["individuals"], 1);
  EXPECT_FALSE(fs::exists(db_dir_ + "/absent.key"));
  ExpectNothingWritten();
}

TEST_F(ReadOnlyCli, ConsentWithdrawalsReadADatabaseTheUserMayOnlyRead) {
  LockDown();
  Json j = ReaderJson({"consent", "withdrawals", "--since", "2026-01-01"});
  ASSERT_EQ(j["entries"].size(), 1u) << j.dump();
  EXPECT_EQ(j["entries"][0]["index"], 3);
  EXPECT_EQ(j["entries"][0]["withdrawn_individuals"], 1);
  ExpectNothingWritten();
}

// While another process has the database open, the latest appends are in the "-wal" file
// beside it (and its index in "-shm"), which the reader may not write either: the reader sees
// them all the same.
TEST_F(ReadOnlyCli, ReadsAWriteAheadLogItMayNotWrite) {
  // An open connection keeps the next append's pages in the log: the appending process cannot
  // checkpoint them into the database and remove the log when it exits.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "SELECT COUNT(*) FROM entry", nullptr, nullptr, nullptr),
            SQLITE_OK);
  std::string more = Write("more.json", "{\"n\":4}\n");
  ASSERT_EQ(AsOwner({"ledger", "append", more}).exit_code, 0);
  ASSERT_GT(fs::file_size(db_ + "-wal"), 0u);
  if (root_) {  // as SQLite creates them beside a 0644 database
    fs::permissions(db_ + "-wal", fs::perms::owner_read | fs::perms::owner_write |
                                      fs::perms::group_read | fs::perms::others_read);
    fs::permissions(db_ + "-shm", fs::perms::owner_read | fs::perms::owner_write |
                                      fs::perms::group_read | fs::perms::others_read);
  }
  LockDown();
  Json verified = ReaderJson({"ledger", "verify"});
  EXPECT_EQ(verified["ok"], true) << verified.dump();
  EXPECT_EQ(verified["size"], 5);
  ExpectNothingWritten();
  sqlite3_close(other);
}

}  // namespace
}  // namespace xb::cli::testing

namespace xb::cli::testing {
namespace {

TEST_F(ReadOnlyCli, RegistryLineageAndMonitorStatusReadADatabaseTheUserMayOnlyRead) {
  ASSERT_EQ(AsOwner({"recipients", "add", "--name", "Example GmbH", "--country", "DE"}).exit_code,
            0);
  std::string events = Write(
      "events.jsonl",
      R"({"time":"2026-06-02T10:00:00+08:00","exporter":"ACME","recipient":"Example GmbH",)"
      R"("purpose":"marketing","categories":["contact"],"subjects":["13800138000"],"records":1})"
      "\n");
  RunResult watched = AsOwner({"monitor", "--source", events, "--durable", "m"});
  ASSERT_EQ(watched.exit_code, 1) << watched.err;  // an unplanned flow
  LockDown();
  Json listed = ReaderJson({"recipients", "list"});
  ASSERT_EQ(listed["recipients"].size(), 1u) << listed.dump();
  EXPECT_EQ(ReaderJson({"recipients", "show", "example-gmbh"})["country"], "DE");
  std::string ids = Write("who.txt", "13800138000\n");
  Json lineage = ReaderJson({"lineage", "--subjects", ids});
  EXPECT_EQ(lineage["identifiers"].size(), 1u) << lineage.dump();
  Json status = ReaderJson({"monitor", "status"});
  ASSERT_EQ(status["consumers"].size(), 1u) << status.dump();
  EXPECT_EQ(status["consumers"][0]["events"], 1);
  EXPECT_EQ(status["consumers"][0]["year_to_date"][0]["individuals"], 2);  // ledger's 2 + 0 new
  ExpectNothingWritten();
}

}  // namespace
}  // namespace xb::cli::testing
