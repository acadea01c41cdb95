#include "migrate/migrate.h"

#include <gtest/gtest.h>

#include "core/key_file.h"
#include "ledger/open_ledger.h"
#include "ledger/store_test_backends.h"
#include "ledger/subject_set.h"
#include "migrate/inventory.h"
#include "pg/connection.h"
#include "pg/schema.h"

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

TEST_F(MigrateTest, RefusesASourceWithDataItCannotMoveYet) {
  ASSERT_TRUE(SqliteBackend::Sql(sqlite_,
                                 "CREATE TABLE consent_records(x); "
                                 "CREATE TABLE users(y)")
                  .ok());
  EXPECT_TRUE(UnmovableData(sqlite_)->empty());  // empty tables lose nothing
  ASSERT_TRUE(SqliteBackend::Sql(sqlite_, "INSERT INTO consent_records VALUES (1), (2), (3)").ok());
  auto r = MigrateDatabase({sqlite_, url_, std::nullopt});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(r.error().message.find("table consent_records (3 rows)"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(TargetLedgerVersion(), 0);  // nothing was created in the target
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

}  // namespace
}  // namespace xb::migrate
