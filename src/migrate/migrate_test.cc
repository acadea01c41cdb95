#include "migrate/migrate.h"

#include <gtest/gtest.h>

#include "consent/consent_store.h"
#include "core/key_file.h"
#include "ledger/open_ledger.h"
#include "ledger/store_test_backends.h"
#include "ledger/subject_set.h"
#include "migrate/inventory.h"
#include "pg/connection.h"
#include "pg/schema.h"
#include "server/account_store.h"

namespace xb::migrate {
namespace {

using ledger::testing::OpenTestLedger;
using ledger::testing::PostgresBackend;
using ledger::testing::SqliteBackend;

class MigrateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (PostgresBackend::Skipped()) GTEST_SKIP() << "XB_SKIP_POSTGRES=1";
    sqlite_ = ledger::testing::FreshDbPath();
    auto url = PostgresBackend::FreshDb();
    ASSERT_TRUE(url.ok()) << url.error().ToString();
    url_ = *url;
    auto source = OpenTestLedger(sqlite_);
    ASSERT_NE(source, nullptr);
    std::vector<std::string> plain = {"{\"a\":1}", "{\"a\":2}", "{\"a\":3}"};
    ASSERT_TRUE(source->Append(plain).ok());
    ledger::TransferRecord t;
    t.entry_json = "{\"type\":\"transfer\"}";
    t.group = {hasher_.key_id(), "上海数据有限公司", 2026, true};
    for (int i = 0; i < 500; ++i) t.individuals.push_back(hasher_.Hash("id" + std::to_string(i)));
    t.sensitive.assign(t.individuals.begin(), t.individuals.begin() + 20);
    ASSERT_TRUE(source->AppendTransfer(t).ok());
  }

  // What the target holds of a deployment, as counts (empty string: nothing).
  Result<std::string> TargetContents() {
    auto consents = consent::ConsentStore::Open(url_, consent::ConsentAccess::kRead);
    auto accounts = server::OpenAccountStore(url_, server::AccountAccess::kRead);
    if (!consents.ok() || !accounts.ok()) return Internal("cannot open the target");
    std::string out;
    if (*(*consents)->CountAll() > 0) out += "consent ";
    auto exported = (*accounts)->ExportAccounts();
    if (!exported->users.empty() || !exported->sessions.empty()) out += "accounts ";
    if (!(*accounts)->ReadAccess(0, 1)->empty()) out += "access ";
    return out;
  }

  int TargetLedgerVersion() {
    auto conn = pg::Connection::Open(url_);
    EXPECT_TRUE(conn.ok());
    return conn.ok() ? *pg::SchemaVersion(**conn, "ledger") : -1;
  }

  ledger::testing::TestSubjectHasher hasher_{KeyFromBytes(std::array<uint8_t, 32>{21})};
  std::string sqlite_;
  std::string url_;
};

TEST_F(MigrateTest, MovesTheLedgerWithTheSameRootCheckpointAndVerifyResult) {
  auto source = OpenTestLedger(sqlite_, /*writable=*/false);
  std::string note = *source->CheckpointNote();
  auto counts = source->YearToDate("上海数据有限公司", 2026, hasher_.key_id());
  source.reset();

  auto report = MigrateDatabase({sqlite_, url_, ledger::testing::TestSigningKey().public_key()});
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  EXPECT_EQ(report->moved, std::vector<std::string>{"ledger"});
  EXPECT_EQ(report->ledger.entries, 4u);
  EXPECT_EQ(report->ledger.subject_hashes, 520u);
  EXPECT_TRUE(report->before.ok && report->after.ok);
  EXPECT_EQ(report->after.root, report->before.root);
  EXPECT_EQ(report->after.verifier_key, report->before.verifier_key);

  auto moved = OpenTestLedger(url_, /*writable=*/false);
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(*moved->CheckpointNote(), note);
  auto moved_counts = moved->YearToDate("上海数据有限公司", 2026, hasher_.key_id());
  EXPECT_EQ(moved_counts->year_to_date.counted.individuals, 500);
  EXPECT_EQ(moved_counts->year_to_date.counted.individuals,
            counts->year_to_date.counted.individuals);
  EXPECT_EQ(moved_counts->year_to_date.counted.sensitive_individuals, 20);
  // The source is untouched and still verifies.
  auto again = OpenTestLedger(sqlite_, /*writable=*/false);
  EXPECT_TRUE(again->Verify(std::nullopt, std::nullopt)->ok);
}

TEST_F(MigrateTest, RefusesANonEmptyTargetAndLeavesItAlone) {
  ASSERT_TRUE(MigrateDatabase({sqlite_, url_, std::nullopt}).ok());
  auto second = MigrateDatabase({sqlite_, url_, std::nullopt});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(second.error().message.find("already holds a ledger"), std::string::npos)
      << second.error().message;
  EXPECT_EQ(OpenTestLedger(url_, false)->Head()->size, 4u);
}

TEST_F(MigrateTest, RefusesASourceWithDataItCannotMove) {
  ASSERT_TRUE(SqliteBackend::Sql(sqlite_,
                                 "CREATE TABLE recipients(x); "
                                 "CREATE TABLE other(y)")
                  .ok());
  EXPECT_TRUE(UnmovableData(sqlite_)->empty());  // empty tables lose nothing
  ASSERT_TRUE(SqliteBackend::Sql(sqlite_, "INSERT INTO recipients VALUES (1), (2), (3)").ok());
  auto r = MigrateDatabase({sqlite_, url_, std::nullopt});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(r.error().message.find("table recipients (3 rows)"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(TargetLedgerVersion(), 0);  // nothing was created in the target
  // A PostgreSQL source with another program's component is refused the same way.
  auto conn = pg::Connection::Open(url_);
  ASSERT_TRUE(conn.ok());
  const pg::SchemaStep other[] = {{1, "CREATE TABLE registry_recipients(x int)"}};
  ASSERT_TRUE(pg::EnsureSchema(**conn, "registry", other).ok());
  auto listed = UnmovableData(url_);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(*listed, std::vector<std::string>{"PostgreSQL tables of 'registry'"});
}

TEST_F(MigrateTest, RefusesALedgerSettingItDoesNotKnow) {
  ASSERT_TRUE(SqliteBackend::Sql(sqlite_, "INSERT INTO meta VALUES ('future_key', 'x')").ok());
  auto r = MigrateDatabase({sqlite_, url_, std::nullopt});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("ledger setting 'future_key'"), std::string::npos)
      << r.error().message;
}

TEST_F(MigrateTest, RefusesASourceThatDoesNotVerify) {
  ASSERT_TRUE(SqliteBackend::Sql(sqlite_, "UPDATE counter SET n = n + 1").ok());
  auto r = MigrateDatabase({sqlite_, url_, std::nullopt});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(r.error().message.find("does not verify"), std::string::npos) << r.error().message;
  EXPECT_EQ(TargetLedgerVersion(), 0);
}

TEST_F(MigrateTest, RefusesASourceSignedWithAnotherKeyThanTheOperators) {
  auto r = MigrateDatabase({sqlite_, url_, ledger::testing::TestSigningKey(7).public_key()});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(MigrateTest, MovesBackFromPostgresToSqlite) {
  ASSERT_TRUE(MigrateDatabase({sqlite_, url_, std::nullopt}).ok());
  std::string back = ledger::testing::FreshDbPath();
  auto r = MigrateDatabase({url_, back, std::nullopt});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(*OpenTestLedger(back, false)->CheckpointNote(),
            *OpenTestLedger(sqlite_, false)->CheckpointNote());
}

TEST_F(MigrateTest, BadArgumentsAreClear) {
  EXPECT_EQ(MigrateDatabase({sqlite_, sqlite_, std::nullopt}).error().code,
            ErrorCode::kInvalidArgument);
  std::string absent = ledger::testing::FreshDbPath();
  EXPECT_EQ(MigrateDatabase({absent, url_, std::nullopt}).error().code, ErrorCode::kNotFound);
  XB_FRESH_POSTGRES_URL(empty);
  EXPECT_EQ(MigrateDatabase({empty, ledger::testing::FreshDbPath(), std::nullopt}).error().code,
            ErrorCode::kNotFound);
}

// A deployment as the service leaves it: the ledger, consent records under two keys (some
// withdrawn), users (one disabled) with a session, and an access log.
class DeploymentTest : public MigrateTest {
 protected:
  void SetUp() override {
    MigrateTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto consents = consent::ConsentStore::Open(sqlite_);
    ASSERT_TRUE(consents.ok()) << consents.error().ToString();
    std::vector<consent::ConsentRecord> records;
    for (int i = 0; i < 300; ++i) {
      consent::ConsentRecord r;
      r.subject = hasher_.Hash("id" + std::to_string(i));
      r.recipients = {i % 2 ? "Huaxin Holding GmbH" : "*"};
      r.purposes = {"hr_management"};
      r.categories = {"identity", "contact"};
      r.separate_consent = i % 5 != 0;
      r.granted_at = *CivilDate::Parse("2026-01-0" + std::to_string(1 + i % 9));
      if (i % 11 == 0) r.withdrawn_at = *CivilDate::Parse("2026-03-01");
      r.notice.recipient_name = "Huaxin Holding GmbH";
      r.notice.version = "v3";
      r.source_line = i + 2;
      records.push_back(std::move(r));
    }
    ASSERT_TRUE((*consents)->Import(hasher_.key_id(), records).ok());
    std::vector<consent::ConsentRecord> old_key(records.begin(), records.begin() + 7);
    ASSERT_TRUE((*consents)->Import("an-older-key", old_key).ok());

    auto accounts = server::OpenAccountStore(sqlite_);
    ASSERT_TRUE(accounts.ok());
    auto alice = (*accounts)->AddUser("alice", server::Role::kAdmin, Sha256("alice-token"), 100);
    ASSERT_TRUE(alice.ok());
    ASSERT_TRUE((*accounts)->AddUser("bob", server::Role::kAuditor, Sha256("bob-token"), 101).ok());
    ASSERT_TRUE((*accounts)->DisableUser("bob", 102).ok());
    ASSERT_TRUE((*accounts)->PutSession(Sha256("session"), alice->id, 4'000'000'000).ok());
    std::vector<server::AccessRecord> log(12345);
    for (size_t i = 0; i < log.size(); ++i) {
      log[i].time_unix_ms = 1000 + static_cast<int64_t>(i);
      log[i].method = i % 4 ? "GET" : "POST";
      log[i].route = i % 4 ? "/v1/ledger/proofs/inclusion" : "/v1/transfers";
      log[i].status = i % 9 ? 200 : 401;
      if (i % 9) {
        log[i].user_id = alice->id;
        log[i].role = "admin";
      }
      log[i].latency_us = static_cast<int64_t>(i % 1000);
    }
    ASSERT_TRUE((*accounts)->AppendAccess(log).ok());
  }

  // Everything a database holds, read back through the stores, in a comparable form.
  std::string Contents(const std::string& db) {
    std::string out;
    auto consents = consent::ConsentStore::Open(db, consent::ConsentAccess::kRead);
    EXPECT_TRUE(consents.ok());
    auto all = (*consents)->ExportAll();
    EXPECT_TRUE(all.ok());
    for (const auto& c : *all) {
      const auto& r = c.record;
      out += c.key_id + ToHex(r.subject) + r.recipients[0] + r.granted_at.ToString() +
             (r.withdrawn_at ? r.withdrawn_at->ToString() : "-") +
             std::to_string(r.separate_consent) + std::to_string(r.source_line) + r.notice.version +
             "\n";
    }
    auto accounts = server::OpenAccountStore(db, server::AccountAccess::kRead);
    EXPECT_TRUE(accounts.ok());
    auto exported = (*accounts)->ExportAccounts();
    for (const auto& u : exported->users) {
      out += std::to_string(u.user.id) + u.user.name + ToHex(u.token_hash) +
             std::to_string(u.user.disabled_unix.value_or(0)) + "\n";
    }
    for (const auto& s : exported->sessions) {
      out += ToHex(s.id_hash) + std::to_string(s.user_id) + "\n";
    }
    for (int64_t after = 0;;) {
      auto page = (*accounts)->ReadAccess(after, 5000);
      if (page->empty()) break;
      for (const auto& r : *page) {
        out += std::to_string(r.time_unix_ms) + r.route + std::to_string(r.status) +
               std::to_string(r.user_id.value_or(0)) + r.role + "\n";
      }
      after = page->back().id;
    }
    return out;
  }
};

TEST_F(DeploymentTest, MovesLedgerConsentUsersAndAccessLogAndBackWithTheSameRoot) {
  const std::string before = Contents(sqlite_);
  auto report = MigrateDatabase({sqlite_, url_, std::nullopt});
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  EXPECT_EQ(report->moved, (std::vector<std::string>{"ledger", "consent", "accounts"}));
  EXPECT_EQ(report->consent_records, 307u);
  EXPECT_EQ(report->users, 2u);
  EXPECT_EQ(report->sessions, 1u);
  EXPECT_EQ(report->access_records, 12345u);
  EXPECT_EQ(report->after.root, report->before.root);
  EXPECT_EQ(Contents(url_), before);
  // The service works on the copy: tokens, sessions, consent as before.
  auto accounts = server::OpenAccountStore(url_);
  ASSERT_TRUE(accounts.ok());
  EXPECT_EQ((*accounts)->FindUserByToken(Sha256("alice-token"))->value().name, "alice");
  EXPECT_FALSE((*accounts)->FindUserByToken(Sha256("bob-token"))->has_value());
  EXPECT_EQ((*accounts)->FindSession(Sha256("session"), 200)->value().name, "alice");
  auto consents = consent::ConsentStore::Open(url_);
  ASSERT_TRUE(consents.ok());
  EXPECT_EQ((*consents)->LoadAll(hasher_.key_id())->size(), 300u);
  EXPECT_EQ(*(*consents)->CountRecords("an-older-key"), 7);

  // And back into a new SQLite file: the same deployment, the same checkpoint.
  const std::string back = ledger::testing::FreshDbPath();
  auto returned = MigrateDatabase({url_, back, std::nullopt});
  ASSERT_TRUE(returned.ok()) << returned.error().ToString();
  EXPECT_EQ(Contents(back), before);
  EXPECT_EQ(*OpenTestLedger(back, false)->CheckpointNote(),
            *OpenTestLedger(sqlite_, false)->CheckpointNote());
}

TEST_F(DeploymentTest, RefusesATargetHoldingUsersOrConsentAndWritesNothing) {
  auto accounts = server::OpenAccountStore(url_);
  ASSERT_TRUE(accounts.ok());
  ASSERT_TRUE((*accounts)->AddUser("carol", server::Role::kAdmin, Sha256("c"), 1).ok());
  auto r = MigrateDatabase({sqlite_, url_, std::nullopt});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(r.error().message.find("already holds 1 users"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(TargetLedgerVersion(), 0);
  auto consents = consent::ConsentStore::Open(url_, consent::ConsentAccess::kRead);
  EXPECT_EQ(*(*consents)->CountAll(), 0);
}

// The ledger's copy fails after the accounts and consent records were written: they are removed
// again, and once the cause is gone the migration runs as if it had never been tried.
TEST_F(DeploymentTest, AFailedCopyLeavesTheTargetAsItFoundIt) {
  auto conn = pg::Connection::Open(url_);
  ASSERT_TRUE(conn.ok());
  ASSERT_TRUE((*conn)->Exec("CREATE TABLE entry(x int)").ok());  // in the ledger's way
  auto r = MigrateDatabase({sqlite_, url_, std::nullopt});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(*TargetContents(), "") << "the target must hold nothing of the deployment";
  ASSERT_TRUE((*conn)->Exec("DROP TABLE entry").ok());
  auto again = MigrateDatabase({sqlite_, url_, std::nullopt});
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_EQ(Contents(url_), Contents(sqlite_));
}

}  // namespace
}  // namespace xb::migrate
