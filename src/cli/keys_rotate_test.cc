// End-to-end tests of `xborder keys rotate --subject` and `--signing` (docs/keys.md,
// "Rotation"), on SQLite and on PostgreSQL: the year's exact distinct counts, the consent
// registry and lineage carry over to the new subject key; individuals counted before are not
// counted again after; the ledger still verifies, including against a checkpoint taken before;
// packages signed before a signing rotation verify with the old key; an interrupted rotation
// resumes; bad input is exit 2 and changes nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli_test_util.h"
#include "pg/test_environment.h"

namespace xb::cli::testing {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

std::string BackendName(const ::testing::TestParamInfo<bool>& backend) {
  return backend.param ? "Postgres" : "Sqlite";
}

// The parameter: true for PostgreSQL.
class KeysRotateTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir();
    db_ = dir_ + "/xborder.db";
    if (GetParam()) {
      skipped_ = pg::testing::PostgresSkipped();
      if (skipped_) GTEST_SKIP() << "XB_SKIP_POSTGRES=1";
      auto url = pg::testing::FreshPostgresUrl();
      ASSERT_TRUE(url.ok()) << url.error().ToString();
      db_ = *url;
    }
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  RunResult Run(std::vector<std::string> args, std::vector<std::string> env = {},
                const std::string& input = "") {
    std::vector<std::string> all = {"--db", db_, "--key-file", dir_ + "/" + key_file_};
    if (std::find(args.begin(), args.end(), "--format") == args.end()) {
      all.insert(all.end(), {"--format", "json"});  // unless the command names its own
    }
    all.insert(all.end(), args.begin(), args.end());
    RunOptions options;
    options.cwd = dir_;
    options.input = input;
    for (const std::string& entry : env) {
      size_t eq = entry.find('=');
      options.env.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
    }
    return RunXborderWith(all, options);
  }
  json RunJson(std::vector<std::string> args) {
    RunResult r = Run(std::move(args));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? json::parse(r.out) : json();
  }
  json Stats() { return RunJson({"ledger", "stats", "--exporter", "ACME", "--year", "2026"}); }

  // Three transfers (counted, with sensitive individuals, exempt) and a consent registry of
  // three people. Identifiers are written in other spellings in each file on purpose.
  void Populate() {
    ids1_ = Write("ids1.txt", "13800138000\n13800138001\n13800138002\n");
    ids2_ = Write("ids2.txt", "138 0013 8002\n13800138003\n");
    std::string sens = Write("sens.txt", "+86 13800138002\n");
    rec_ = Write("rec.json", R"({"purpose":"hr_management","recipient":"Example GmbH"})");
    RunJson(
        {"ledger", "append", rec_, "--subjects", ids1_, "--exporter", "ACME", "--year", "2026"});
    RunJson({"ledger", "append", rec_, "--subjects", ids2_, "--sensitive-subjects", sens,
             "--exporter", "ACME", "--year", "2026"});
    RunJson({"ledger", "append", rec_, "--subjects", ids2_, "--exporter", "ACME", "--year", "2026",
             "--exempt"});
    std::string consents =
        Write("consents.csv",
              "subject_id,recipients,purposes,categories,separate_consent,granted_at\n"
              "+86 138 0013 8000,Example GmbH,hr_management,contact,yes,2026-01-05\n"
              "13800138001,Example GmbH,hr_management,contact,yes,2026-01-05\n"
              "13800138009,Example GmbH,hr_management,contact,yes,2026-01-05\n");
    ASSERT_EQ(Run({"consent", "import", consents}).exit_code, 0);
  }

  bool IsSkipped() const { return skipped_ || HasFatalFailure(); }

  bool skipped_ = false;
  std::string key_file_ = "xborder.key";  // the --key-file Run passes, in dir_
  std::string dir_;
  std::string db_;
  std::string ids1_;
  std::string ids2_;
  std::string rec_;
};
INSTANTIATE_TEST_SUITE_P(Backends, KeysRotateTest, ::testing::Bool(), BackendName);

TEST_P(KeysRotateTest, CountsConsentAndLineageCarryOverToTheNewKey) {
  Populate();
  json before = Stats();
  ASSERT_EQ(before["year_to_date"]["counted"]["individuals"], 4);
  ASSERT_EQ(before["year_to_date"]["counted"]["sensitive_individuals"], 1);
  ASSERT_EQ(before["year_to_date"]["exempt"]["individuals"], 2);
  RunResult checkpoint = Run({"ledger", "checkpoint", "--format", "note"});
  ASSERT_EQ(checkpoint.exit_code, 0) << checkpoint.err;
  std::string note = Write("before.note", checkpoint.out);

  json rotated = RunJson({"keys", "rotate", "--subject"});
  EXPECT_EQ(rotated["rotated"], "subject");
  EXPECT_EQ(rotated["old_key_id"], before["key_id"]);
  EXPECT_NE(rotated["new_key_id"], before["key_id"]);
  EXPECT_EQ(rotated["resumed"], false);
  EXPECT_EQ(rotated["ledger_entries_rekeyed"], 3);
  EXPECT_EQ(rotated["consent_records_rekeyed"], 3);
  EXPECT_EQ(rotated["ledger_entry"], 3);

  // The same exact figures, now under the new key id, and nothing left under the old one.
  json after = Stats();
  EXPECT_EQ(after["key_id"], rotated["new_key_id"]);
  for (const char* window : {"year_to_date", "since_previous_year"}) {
    EXPECT_EQ(after[window], before[window]) << window;
  }
  EXPECT_EQ(after["other_keys"]["year_to_date"]["counted"]["individuals"], 0) << after.dump();
  EXPECT_EQ(after["other_keys"]["year_to_date"]["exempt"]["individuals"], 0) << after.dump();

  // The ledger verifies, and still extends the checkpoint signed before the rotation.
  json verified = RunJson({"ledger", "verify", "--checkpoint", note});
  EXPECT_EQ(verified["ok"], true) << verified.dump();

  // Individuals counted before the rotation are known under the new key: sending them again
  // does not raise the count; one new person raises it by one.
  std::string again = Write("again.txt", "13800138000\n138 0013 8003\n13800138004\n");
  RunJson({"ledger", "append", rec_, "--subjects", again, "--exporter", "ACME", "--year", "2026"});
  EXPECT_EQ(Stats()["year_to_date"]["counted"]["individuals"], 5);

  // Consent records are found by the new key's hashes.
  json withdrawn = RunJson(
      {"consent", "withdraw", Write("withdraw-1.txt", "13800138001\n"), "--date", "2026-06-01"});
  EXPECT_EQ(withdrawn["records_withdrawn"], 1);
  json impacts = RunJson({"consent", "withdrawals", "--since", "2026-01-01"});
  ASSERT_EQ(impacts["entries"].size(), 1u) << impacts.dump();
  EXPECT_EQ(impacts["entries"][0]["withdrawn_individuals"], 1);

  EXPECT_EQ(RunJson({"ledger", "verify"})["ok"], true);

  // A second rotation moves everything again, entries rotated twice included.
  json second = RunJson({"keys", "rotate", "--subject"});
  EXPECT_EQ(second["old_key_id"], rotated["new_key_id"]);
  EXPECT_EQ(second["ledger_entries_rekeyed"], 4);
  EXPECT_EQ(Stats()["year_to_date"]["counted"]["individuals"], 5);
  EXPECT_EQ(RunJson({"ledger", "verify", "--checkpoint", note})["ok"], true);
}

TEST_P(KeysRotateTest, AnInterruptedRotationBlocksHashingThenResumes) {
  Populate();
  json before = Stats();
  for (const char* step : {"pending", "consent", "monitor", "ledger"}) {
    SCOPED_TRACE(step);
    RunResult killed =
        Run({"keys", "rotate", "--subject"}, {std::string("XB_FAULT_ROTATE_AFTER=") + step});
    EXPECT_EQ(killed.exit_code, 137) << killed.err;
    // Half rotated: no command hashes under either chain.
    RunResult blocked = Run({"ledger", "stats", "--exporter", "ACME", "--year", "2026"});
    EXPECT_EQ(blocked.exit_code, 2);
    EXPECT_NE(blocked.err.find("keys rotate --subject"), std::string::npos) << blocked.err;
    RunResult append = Run(
        {"ledger", "append", rec_, "--subjects", ids1_, "--exporter", "ACME", "--year", "2026"});
    EXPECT_NE(append.exit_code, 0);

    json resumed = RunJson({"keys", "rotate", "--subject"});
    EXPECT_EQ(resumed["resumed"], true);
    json after = Stats();
    EXPECT_EQ(after["key_id"], resumed["new_key_id"]);
    EXPECT_EQ(after["year_to_date"], before["year_to_date"]);
    EXPECT_EQ(after["since_previous_year"], before["since_previous_year"]);
    EXPECT_EQ(RunJson({"ledger", "verify"})["ok"], true);
    json withdrawn = RunJson(
        {"consent", "withdraw", Write("withdraw-9.txt", "13800138009\n"), "--date", "2026-06-01"});
    EXPECT_EQ(withdrawn["records_withdrawn"], std::string(step) == "pending" ? 1 : 0);
  }
}

// A command that loaded the key before a rotation (here: a copy of the key file taken before
// it) is refused once the rotation has started, whichever store it writes: nothing is stranded
// under the old key id, nothing counted twice, and no consent lookup comes back empty.
TEST_P(KeysRotateTest, AKeyLoadedBeforeARotationWritesNothingAfterIt) {
  Populate();
  auto copy_keys = [this](const std::string& name) {
    for (const char* suffix : {"", ".ed25519"}) {
      fs::copy_file(dir_ + "/xborder.key" + suffix, dir_ + "/" + name + suffix,
                    fs::copy_options::overwrite_existing);
    }
  };
  auto run_stale = [this](const std::string& name, std::vector<std::string> args) {
    key_file_ = name;
    RunResult r = Run(std::move(args));
    key_file_ = "xborder.key";
    return r;
  };
  const std::string again = Write("again.txt", "13800138000\n13800138005\n");
  const std::vector<std::string> append = {"ledger",     "append", rec_,     "--subjects", again,
                                           "--exporter", "ACME",   "--year", "2026"};
  const std::string withdraw = Write("withdraw-0.txt", "13800138000\n");
  json before = Stats();
  copy_keys("stale.key");

  // The rotation's first step has committed (the pending marker): refused.
  RunResult killed = Run({"keys", "rotate", "--subject"}, {"XB_FAULT_ROTATE_AFTER=consent"});
  ASSERT_EQ(killed.exit_code, 137) << killed.err;
  RunResult during = run_stale("stale.key", append);
  EXPECT_EQ(during.exit_code, 2) << during.out;
  EXPECT_NE(during.err.find("run this command again"), std::string::npos) << during.err;
  RunResult withdraw_during = run_stale("stale.key", {"consent", "withdraw", withdraw});
  EXPECT_EQ(withdraw_during.exit_code, 2) << withdraw_during.out;

  // And after it: the old key id is retired.
  json rotated = RunJson({"keys", "rotate", "--subject"});
  ASSERT_EQ(rotated["resumed"], true);
  RunResult after = run_stale("stale.key", append);
  EXPECT_EQ(after.exit_code, 2) << after.out;
  EXPECT_NE(after.err.find("--key-file"), std::string::npos) << after.err;
  EXPECT_NE(after.err.find("rotation at ledger entry " +
                           std::to_string(rotated["ledger_entry"].get<int>()) + " retired"),
            std::string::npos)
      << after.err;
  EXPECT_NE(after.err.find("restart `xborder serve`"), std::string::npos) << after.err;
  EXPECT_EQ(after.err.find("run it again"), std::string::npos) << after.err;
  RunResult withdraw_after = run_stale("stale.key", {"consent", "withdraw", withdraw});
  EXPECT_EQ(withdraw_after.exit_code, 2) << withdraw_after.out;
  EXPECT_NE(withdraw_after.err.find("use the key file that rotation wrote"), std::string::npos)
      << withdraw_after.err;
  RunResult import_after = run_stale(
      "stale.key", {"consent", "import",
                    Write("late.csv",
                          "subject_id,recipients,purposes,categories,separate_consent,granted_at\n"
                          "13800138007,Example GmbH,hr_management,contact,yes,2026-01-05\n")});
  EXPECT_EQ(import_after.exit_code, 2) << import_after.out;

  // Nothing was written under the old key: the counts are those before, all under the new id.
  json now = Stats();
  EXPECT_EQ(now["key_id"], rotated["new_key_id"]);
  EXPECT_EQ(now["year_to_date"], before["year_to_date"]);
  EXPECT_EQ(now["other_keys"]["year_to_date"]["counted"]["individuals"], 0) << now.dump();
  EXPECT_EQ(RunJson({"ledger", "verify"})["ok"], true);
  // The current key appends as before; one new person.
  RunJson(append);
  EXPECT_EQ(Stats()["year_to_date"]["counted"]["individuals"],
            before["year_to_date"]["counted"]["individuals"].get<int>() + 1);
}

// A rotated deployment moves to the other backend (`db migrate`) with its rotations; one whose
// rotation is unfinished is refused until the rotation has finished.
TEST_P(KeysRotateTest, ARotatedDatabaseMigratesAndAnUnfinishedRotationIsRefused) {
  if (pg::testing::PostgresSkipped()) GTEST_SKIP() << "XB_SKIP_POSTGRES=1";
  Populate();
  for (const char* suffix : {"", ".ed25519"}) {
    fs::copy_file(dir_ + "/xborder.key" + suffix, dir_ + "/stale.key" + suffix);
  }
  auto target = [&](const std::string& name) -> std::string {
    if (!GetParam()) return *pg::testing::FreshPostgresUrl();
    return dir_ + "/" + name + ".db";
  };
  auto migrate = [&](const std::string& to) {
    return Run({"db", "migrate", "--from", db_, "--to", to});
  };
  RunResult killed = Run({"keys", "rotate", "--subject"}, {"XB_FAULT_ROTATE_AFTER=consent"});
  ASSERT_EQ(killed.exit_code, 137) << killed.err;
  RunResult unfinished = migrate(target("pending"));
  EXPECT_EQ(unfinished.exit_code, 2) << unfinished.out;
  EXPECT_NE(unfinished.err.find("a subject key rotation is unfinished"), std::string::npos)
      << unfinished.err;

  json rotated = RunJson({"keys", "rotate", "--subject"});
  ASSERT_EQ(rotated["resumed"], true);
  json before = Stats();
  const std::string to = target("moved");
  RunResult moved = migrate(to);
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  db_ = to;
  json after = Stats();
  EXPECT_EQ(after["key_id"], rotated["new_key_id"]);
  EXPECT_EQ(after["year_to_date"], before["year_to_date"]);
  EXPECT_EQ(RunJson({"ledger", "verify"})["ok"], true);
  // The moved database still knows the old key id is retired.
  key_file_ = "stale.key";
  RunResult stale =
      Run({"ledger", "append", rec_, "--subjects", ids1_, "--exporter", "ACME", "--year", "2026"});
  key_file_ = "xborder.key";
  EXPECT_EQ(stale.exit_code, 2) << stale.out;
  EXPECT_NE(stale.err.find("retired"), std::string::npos) << stale.err;
}

TEST_P(KeysRotateTest, BadInputIsExit2AndChangesNothing) {
  RunResult no_key = Run({"keys", "rotate", "--subject"});
  EXPECT_EQ(no_key.exit_code, 2);
  EXPECT_NE(no_key.err.find("xborder.key"), std::string::npos) << no_key.err;

  Populate();
  const std::string key_file = dir_ + "/xborder.key";
  const std::string key = Slurp(key_file);
  RunResult unnamed = Run({"keys", "rotate"});
  EXPECT_EQ(unnamed.exit_code, 2);
  EXPECT_NE(unnamed.err.find("--subject"), std::string::npos) << unnamed.err;
  EXPECT_EQ(Slurp(key_file), key);

  // A damaged chain line is named by file and line, and nothing is rewritten.
  std::ofstream(key_file, std::ios::app) << "subject-layer 12zz\n";
  RunResult damaged = Run({"keys", "rotate", "--subject"});
  EXPECT_EQ(damaged.exit_code, 2);
  EXPECT_NE(damaged.err.find("xborder.key:2"), std::string::npos) << damaged.err;
  EXPECT_EQ(Slurp(key_file), key + "subject-layer 12zz\n");
  EXPECT_EQ(Run({"ledger", "stats", "--exporter", "ACME", "--year", "2026"}).exit_code, 2);
  std::ofstream(key_file, std::ios::trunc) << key;
  EXPECT_EQ(Stats()["year_to_date"]["counted"]["individuals"], 4);
  EXPECT_EQ(fs::status(key_file).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
}

// A passphrase-protected key file stays protected through a rotation.
TEST_P(KeysRotateTest, AProtectedKeyFileStaysProtected) {
  Populate();
  ASSERT_EQ(Run({"keys", "passphrase"}, {"XBORDER_KEY_NEW_PASSPHRASE=correct horse"}).exit_code, 0);
  RunResult refused = Run({"keys", "rotate", "--subject"});  // no passphrase to read it with
  EXPECT_EQ(refused.exit_code, 2);
  RunResult ok = Run({"keys", "rotate", "--subject"}, {"XBORDER_KEY_PASSPHRASE=correct horse"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(Slurp(dir_ + "/xborder.key").rfind("xborder-key-v1 ", 0), 0u);
  RunResult stats = Run({"ledger", "stats", "--exporter", "ACME", "--year", "2026"},
                        {"XBORDER_KEY_PASSPHRASE=correct horse"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_EQ(json::parse(stats.out)["key_id"], json::parse(ok.out)["new_key_id"]);
  EXPECT_EQ(json::parse(stats.out)["year_to_date"]["counted"]["individuals"], 4);
}

// A protected signing key is replaced by a protected one when the passphrase is typed at the
// prompt (not given in $XBORDER_KEY_PASSPHRASE). util-linux's `script` gives the command a
// terminal and types the passphrase on it.
TEST_P(KeysRotateTest, AProtectedSigningKeyStaysProtectedWhenThePassphraseIsTyped) {
  Populate();
  ASSERT_EQ(Run({"keys", "passphrase"}, {"XBORDER_KEY_NEW_PASSPHRASE=hunter22"}).exit_code, 0);
  const std::string signing_key = dir_ + "/xborder.key.ed25519";
  ASSERT_EQ(Slurp(signing_key).rfind("xborder-key-v1 ", 0), 0u);
  std::string command = XB_CLI_BINARY;
  for (const std::string& arg :
       {std::string("--db"), db_, std::string("--key-file"), dir_ + "/xborder.key",
        std::string("--format"), std::string("json"), std::string("keys"), std::string("rotate"),
        std::string("--signing")}) {
    command += " '" + arg + "'";
  }
  RunOptions options;
  options.binary = "script";
  options.input = "hunter22\n";
  options.cwd = dir_;
  RunResult typed = RunXborderWith({"-q", "-e", "-c", command, "/dev/null"}, options);
  ASSERT_EQ(typed.exit_code, 0) << "util-linux's script is needed: " << typed.out << typed.err;
  // The terminal shows the prompt, then the JSON result.
  const size_t open = typed.out.find('{');
  const size_t close = typed.out.rfind('}');
  ASSERT_TRUE(open != std::string::npos && close != std::string::npos) << typed.out;
  const json rotated = json::parse(typed.out.substr(open, close - open + 1));
  EXPECT_EQ(rotated["rotated"], "signing");
  EXPECT_EQ(Slurp(signing_key).rfind("xborder-key-v1 ", 0), 0u) << "written unprotected";
  EXPECT_FALSE(fs::exists(signing_key + ".next"));
  RunResult exported = Run({"keys", "export", "--minisign"}, {"XBORDER_KEY_PASSPHRASE=hunter22"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(rotated["new_minisign_public_key"], exported.out);
}

// The HR example's transfer (consents imported, package written to `package`).
class KeysRotateTransferTest : public KeysRotateTest {
 protected:
  void SetUp() override {
    KeysRotateTest::SetUp();
    if (IsSkipped()) return;
    fs::copy(SourcePath("examples/transfer/hr"), dir_ + "/hr", fs::copy_options::recursive);
    RunResult imported = Run({"consent", "import", dir_ + "/hr/consents.csv"});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }
  void Transfer(const std::string& package) {
    RunResult r = Run({"transfer", dir_ + "/hr/plan.yaml", "--out", dir_ + "/" + package});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  }
  json HrStats() {
    return RunJson(
        {"ledger", "stats", "--exporter", "Shanghai Huaxin Trading Co., Ltd.", "--year", "2026"});
  }
  RunResult Minisign(const std::string& pub, const std::string& file) {
    return RunProgram({"minisign", "-V", "-p", pub, "-m", file});
  }
};
INSTANTIATE_TEST_SUITE_P(Backends, KeysRotateTransferTest, ::testing::Bool(), BackendName);

// The same employees sent again after a subject-key rotation are not counted again, and
// lineage still finds an employee in the transfer recorded before the rotation.
TEST_P(KeysRotateTransferTest, ATransferAfterASubjectRotationCountsNoOneTwice) {
  Transfer("first");
  // The first employee of examples/transfer/hr, who consented and was sent (entry 0).
  const std::string employee = "350922199208221290\n";
  auto holdings = [&]() {
    RunResult traced = Run({"lineage", "--subjects", "-"}, {}, employee);
    EXPECT_EQ(traced.exit_code, 0) << traced.err;
    json j = traced.exit_code == 0 ? json::parse(traced.out) : json();
    EXPECT_EQ(j["identifiers"][0]["found"], true) << j.dump();
    return j["identifiers"][0]["holdings"];
  };
  json traced_before = holdings();
  ASSERT_FALSE(traced_before.empty());
  EXPECT_EQ(traced_before[0]["entry"], 0) << traced_before.dump();
  json before = HrStats();
  ASSERT_GT(before["year_to_date"]["counted"]["individuals"].get<int>() +
                before["year_to_date"]["exempt"]["individuals"].get<int>(),
            0)
      << before.dump();
  json rotated = RunJson({"keys", "rotate", "--subject"});
  EXPECT_EQ(rotated["ledger_entries_rekeyed"], 1);
  EXPECT_EQ(holdings(), traced_before);
  Transfer("second");
  json after = HrStats();
  EXPECT_EQ(after["key_id"], rotated["new_key_id"]);
  EXPECT_EQ(after["year_to_date"], before["year_to_date"]);
  EXPECT_EQ(RunJson({"ledger", "verify"})["ok"], true);
}

// Packages and checkpoints signed before a signing-key rotation keep verifying with the old
// public key (Debian's minisign included); new ones are signed by the new key.
TEST_P(KeysRotateTransferTest, OldPackagesAndCheckpointsVerifyAfterASigningRotation) {
  Transfer("old");
  RunResult old_pub = Run({"keys", "export", "--minisign"});
  ASSERT_EQ(old_pub.exit_code, 0) << old_pub.err;
  const std::string old_key = Write("old.pub", old_pub.out);
  RunResult note = Run({"ledger", "checkpoint", "--format", "note"});
  ASSERT_EQ(note.exit_code, 0) << note.err;
  const std::string before = Write("before.note", note.out);

  json rotated = RunJson({"keys", "rotate", "--signing"});
  EXPECT_EQ(rotated["rotated"], "signing");
  EXPECT_EQ(rotated["resumed"], false);
  RunResult new_pub = Run({"keys", "export", "--minisign"});
  ASSERT_EQ(new_pub.out, rotated["new_minisign_public_key"].get<std::string>());
  ASSERT_NE(new_pub.out, old_pub.out);
  const std::string new_key = Write("new.pub", new_pub.out);
  Transfer("new");

  RunResult ok = Minisign(old_key, dir_ + "/old/manifest.json");
  ASSERT_EQ(ok.exit_code, 0) << "Debian's minisign is needed: " << ok.err << ok.out;
  EXPECT_EQ(Minisign(new_key, dir_ + "/new/manifest.json").exit_code, 0);
  EXPECT_NE(Minisign(old_key, dir_ + "/new/manifest.json").exit_code, 0);
  EXPECT_NE(Minisign(new_key, dir_ + "/old/manifest.json").exit_code, 0);
  for (const char* package : {"old", "new"}) {
    RunResult v = Run({"verify-package", dir_ + "/" + package, "--ledger"});
    EXPECT_EQ(v.exit_code, 0) << package << ": " << v.out << v.err;
  }
  EXPECT_EQ(Run({"verify-package", dir_ + "/old", "-p", old_key}).exit_code, 0);
  EXPECT_EQ(Run({"verify-package", dir_ + "/old", "-p", new_key}).exit_code, 1);

  // The log verifies and extends the checkpoint the old key signed.
  json verified = RunJson({"ledger", "verify", "--checkpoint", before});
  EXPECT_EQ(verified["ok"], true) << verified.dump();
  RunResult exported = Run({"ledger", "export"});
  EXPECT_NE(exported.out.find("\"signing_rotation\""), std::string::npos);
  EXPECT_NE(exported.out.find(rotated["old_public_key"].get<std::string>()), std::string::npos);
}

// After a signing rotation the retired key is trusted, without the ledger, only for packages
// that name an entry before the handover: a package a leaked old key signs later, in an
// installation of the thief's own, is refused unless --ledger or -p decides. An auditor can pin
// the key `ledger verify` checks with.
TEST_P(KeysRotateTransferTest, ARetiredKeyIsNotTrustedForPackagesAfterItsHandover) {
  Transfer("old");
  const std::string old_pub = Write("old.pub", Run({"keys", "export", "--minisign"}).out);
  for (const char* suffix : {"", ".ed25519"}) {
    fs::copy_file(dir_ + "/xborder.key" + suffix, dir_ + "/leak.key" + suffix);
  }
  json rotated = RunJson({"keys", "rotate", "--signing"});
  ASSERT_EQ(rotated["rotated"], "signing");
  const std::string new_pub =
      Write("new.pub", rotated["new_minisign_public_key"].get<std::string>());
  RunResult exported = Run({"ledger", "export"});
  const auto handover = static_cast<size_t>(
      std::count(exported.out.begin(), exported.out.end(), '\n') - 1);  // the rotation entry

  // The thief's installation: the leaked key, a database of their own grown past the handover.
  const std::string real_db = db_;
  key_file_ = "leak.key";
  db_ = dir_ + "/thief.db";
  ASSERT_EQ(Run({"consent", "import", dir_ + "/hr/consents.csv"}).exit_code, 0);
  std::string filler;
  for (size_t i = 0; i <= handover; ++i) filler += "{\"note\":\"filler\"}\n";
  ASSERT_EQ(Run({"ledger", "append", Write("filler.jsonl", filler)}).exit_code, 0);
  Transfer("forged");
  key_file_ = "xborder.key";
  db_ = real_db;

  RunResult forged = Run({"verify-package", dir_ + "/forged"});
  EXPECT_EQ(forged.exit_code, 1) << forged.out << forged.err;
  EXPECT_NE(forged.err.find("retired at ledger entry " + std::to_string(handover)),
            std::string::npos)
      << forged.err;
  EXPECT_NE(forged.err.find("--ledger"), std::string::npos) << forged.err;
  EXPECT_NE(forged.err.find("-p"), std::string::npos) << forged.err;
  EXPECT_EQ(Run({"verify-package", dir_ + "/forged", "--ledger"}).exit_code, 1);
  EXPECT_EQ(Run({"verify-package", dir_ + "/forged", "-p", new_pub}).exit_code, 1);
  // What the old key signed before the handover still verifies with the key file alone.
  RunResult old = Run({"verify-package", dir_ + "/old"});
  EXPECT_EQ(old.exit_code, 0) << old.out << old.err;

  // ledger verify -p: the auditor's key, old or new, must be one of the chain.
  for (const std::string& pinned : {old_pub, new_pub}) {
    json verified = RunJson({"ledger", "verify", "-p", pinned});
    EXPECT_EQ(verified["ok"], true) << verified.dump();
  }
  const std::string stranger_key = dir_ + "/stranger.key";
  RunResult stranger =
      RunXborder({"--key-file", stranger_key, "keys", "export", "--minisign"}, "", dir_);
  ASSERT_EQ(stranger.exit_code, 0) << stranger.err;
  RunResult refused = Run({"ledger", "verify", "-p", Write("stranger.pub", stranger.out)});
  EXPECT_EQ(refused.exit_code, 1) << refused.out;
  EXPECT_NE(refused.out.find("signed none of this ledger"), std::string::npos) << refused.out;
  EXPECT_EQ(Run({"ledger", "verify", "-p", dir_ + "/absent.pub"}).exit_code, 2);
}

// A forger holding the old signing key writes a manifest that names an early entry and a
// signature dated before the handover: both claims pass, so the ledger decides. verify-package
// checks a retired key's manifest against the entry it names without being asked (--ledger),
// and refuses a retired key when no ledger shows its handover, unless -p pins it.
TEST_P(KeysRotateTransferTest, AForgedPackageNamingAnEarlyEntryIsCheckedAgainstTheLedger) {
  Transfer("old");
  const std::string old_pub = Write("old.pub", Run({"keys", "export", "--minisign"}).out);
  for (const char* suffix : {"", ".ed25519"}) {
    fs::copy_file(dir_ + "/xborder.key" + suffix, dir_ + "/leak.key" + suffix);
  }
  // The forger's installation: the same key, a ledger of their own whose entry 0 is the forgery.
  const std::string real_db = db_;
  key_file_ = "leak.key";
  db_ = dir_ + "/forger.db";
  std::istringstream consents(Slurp(dir_ + "/hr/consents.csv"));
  std::string fewer;
  for (std::string line; std::getline(consents, line) && fewer.size() < 20000;)
    fewer += line + "\n";
  ASSERT_EQ(Run({"consent", "import", Write("fewer.csv", fewer)}).exit_code, 0);
  Transfer("forged");
  key_file_ = "xborder.key";
  db_ = real_db;
  ASSERT_NE(Slurp(dir_ + "/forged/manifest.json"), Slurp(dir_ + "/old/manifest.json"));
  ASSERT_EQ(RunJson({"keys", "rotate", "--signing"})["rotated"], "signing");

  RunResult forged = Run({"verify-package", dir_ + "/forged"});
  EXPECT_EQ(forged.exit_code, 1) << forged.out << forged.err;
  EXPECT_NE(forged.out.find("ledger entry 0"), std::string::npos) << forged.out;
  RunResult old = Run({"verify-package", dir_ + "/old"});
  EXPECT_EQ(old.exit_code, 0) << old.out << old.err;
  EXPECT_EQ(json::parse(old.out)["ledger_index"], 0) << old.out;

  // No ledger at hand: the retired key is refused, unless the verifier pins it.
  db_ = dir_ + "/absent.db";
  RunResult no_ledger = Run({"verify-package", dir_ + "/old"});
  EXPECT_EQ(no_ledger.exit_code, 1) << no_ledger.out;
  EXPECT_NE(no_ledger.err.find("-p"), std::string::npos) << no_ledger.err;
  EXPECT_EQ(Run({"verify-package", dir_ + "/old", "-p", old_pub}).exit_code, 0);
}

TEST_P(KeysRotateTransferTest, AnInterruptedSigningRotationResumes) {
  Transfer("old");
  for (const char* step : {"signing-next", "signing-ledger"}) {
    SCOPED_TRACE(step);
    RunResult killed =
        Run({"keys", "rotate", "--signing"}, {std::string("XB_FAULT_ROTATE_AFTER=") + step});
    EXPECT_EQ(killed.exit_code, 137) << killed.err;
    if (std::string(step) == "signing-ledger") {
      // The ledger names the new key, the key file still the old: the rotation is unfinished.
      RunResult blocked =
          Run({"transfer", dir_ + "/hr/plan.yaml", "--out", dir_ + "/blocked-" + step});
      EXPECT_EQ(blocked.exit_code, 2) << blocked.out;
      EXPECT_NE(blocked.err.find("signing-key rotation is unfinished"), std::string::npos)
          << blocked.err;
      EXPECT_NE(blocked.err.find("keys rotate --signing"), std::string::npos) << blocked.err;
    }
    json resumed = RunJson({"keys", "rotate", "--signing"});
    EXPECT_EQ(resumed["resumed"], true);
    EXPECT_FALSE(fs::exists(dir_ + "/xborder.key.ed25519.next"));
    EXPECT_EQ(RunJson({"ledger", "verify"})["ok"], true);
    Transfer(std::string("after-") + step);
    EXPECT_EQ(Run({"verify-package", dir_ + "/old", "--ledger"}).exit_code, 0);
  }
  EXPECT_EQ(Run({"keys", "rotate", "--subject", "--signing"}).exit_code, 2);
}

}  // namespace
}  // namespace xb::cli::testing
