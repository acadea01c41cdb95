// PostgreSQL-only behaviour; the Store contract itself is checked on every backend in
// store_test.cc, and the ledger on top of it in ledger_test.cc.
#include "ledger/postgres_store.h"

#include <gtest/gtest.h>

#include <chrono>

#include "ledger/merkle.h"
#include "pg/connection.h"
#include "pg/schema.h"
#include "pg/test_environment.h"

namespace xb::ledger {
namespace {

using namespace std::chrono_literals;

Status Exec(const std::string& url, const std::string& sql) {
  XB_ASSIGN_OR_RETURN(auto conn, pg::Connection::Open(url));
  return conn->Exec(sql);
}

TEST(PostgresStore, NoLedgerIsNotFoundUnlessCreatingAndNothingIsCreated) {
  XB_FRESH_POSTGRES_URL(url);
  auto absent = OpenPostgresStore(url, {.create_if_missing = false});
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.error().code, ErrorCode::kNotFound);
  auto conn = pg::Connection::Open(url);
  ASSERT_TRUE(conn.ok());
  EXPECT_EQ(*pg::SchemaVersion(**conn, "ledger"), 0);
  auto rows = (*conn)->Query("SELECT to_regclass('entry') IS NULL");
  EXPECT_EQ(rows->Int(0, 0), 1);
  ASSERT_TRUE(OpenPostgresStore(url).ok());
  EXPECT_EQ(*pg::SchemaVersion(**conn, "ledger"), 1);
  EXPECT_TRUE(OpenPostgresStore(url, {.create_if_missing = false}).ok());
  auto read_only = OpenPostgresStore(url, {.create_if_missing = false, .read_only = true});
  ASSERT_TRUE(read_only.ok());
  EXPECT_EQ((*read_only)->BeginWrite().error().code, ErrorCode::kFailedPrecondition);
}

TEST(PostgresStore, MessagesNeverShowThePassword) {
  XB_FRESH_POSTGRES_URL(url);
  // The test cluster trusts local logins, so the password is accepted and ignored.
  std::string with_password = url + "&password=hunter2";
  auto absent = OpenPostgresStore(with_password, {.create_if_missing = false});
  ASSERT_FALSE(absent.ok());
  std::string text = absent.error().ToString();
  EXPECT_NE(text.find("password=***"), std::string::npos) << text;
  EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;
}

TEST(PostgresStore, AnAppenderWaitsForTheOtherAndTimesOutClearly) {
  XB_FRESH_POSTGRES_URL(url);
  auto a = OpenPostgresStore(url);
  auto b = OpenPostgresStore(url, {.lock_timeout = 200ms});
  ASSERT_TRUE(a.ok() && b.ok());
  auto held = (*a)->BeginWrite();
  ASSERT_TRUE(held.ok()) << held.error().ToString();
  auto start = std::chrono::steady_clock::now();
  auto blocked = (*b)->BeginWrite();
  auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(blocked.ok());
  EXPECT_GE(waited, 190ms);
  EXPECT_NE(blocked.error().message.find("55P03"), std::string::npos) << blocked.error().message;
  // Once the holder commits, the other appender goes ahead on the same store.
  ASSERT_TRUE((*held)->PutEntry(0, "{}").ok());
  ASSERT_TRUE((*held)->Commit().ok());
  auto next = (*b)->BeginWrite();
  ASSERT_TRUE(next.ok()) << next.error().ToString();
  EXPECT_EQ(*(*next)->ReadEntry(0), "{}");  // sees the committed write under the lock
}

TEST(PostgresStore, LedgersInDifferentSchemasDoNotWaitForEachOther) {
  XB_FRESH_POSTGRES_URL(first);
  XB_FRESH_POSTGRES_URL(second);
  auto a = OpenPostgresStore(first);
  auto b = OpenPostgresStore(second, {.lock_timeout = 200ms});
  ASSERT_TRUE(a.ok() && b.ok());
  auto held = (*a)->BeginWrite();
  ASSERT_TRUE(held.ok());
  auto other = (*b)->BeginWrite();
  EXPECT_TRUE(other.ok()) << other.error().ToString();
}

TEST(PostgresStore, ANewerSchemaIsRefused) {
  XB_FRESH_POSTGRES_URL(url);
  ASSERT_TRUE(OpenPostgresStore(url).ok());
  ASSERT_TRUE(Exec(url, "UPDATE xb_schema SET version = 2 WHERE component = 'ledger'").ok());
  for (bool create : {true, false}) {
    auto s = OpenPostgresStore(url, {.create_if_missing = create});
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::kFailedPrecondition);
  }
}

TEST(PostgresStore, CheckStorageChecksTablesAndWithAmcheckTheirIndexes) {
  XB_FRESH_POSTGRES_URL(url);
  auto store = OpenPostgresStore(url);
  ASSERT_TRUE(store.ok());
  {
    auto txn = (*store)->BeginWrite();
    for (int i = 0; i < 100; ++i) ASSERT_TRUE((*txn)->PutNode(0, i, HashLeaf("x")).ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  ASSERT_TRUE(Exec(url, "CREATE EXTENSION IF NOT EXISTS amcheck").ok());
  auto problems = (*store)->CheckStorage();
  ASSERT_TRUE(problems.ok()) << problems.error().ToString();
  EXPECT_TRUE(problems->empty());
  ASSERT_TRUE(Exec(url, "DROP TABLE counter").ok());
  problems = (*store)->CheckStorage();
  ASSERT_TRUE(problems.ok()) << problems.error().ToString();
  ASSERT_EQ(problems->size(), 1u);
  EXPECT_NE((*problems)[0].find("counter"), std::string::npos) << (*problems)[0];
}

TEST(PostgresStore, ACutSessionLosesOnlyItsUncommittedAppend) {
  XB_FRESH_POSTGRES_URL(url);
  auto store = OpenPostgresStore(url);
  ASSERT_TRUE(store.ok());
  auto txn = (*store)->BeginWrite();
  ASSERT_TRUE(txn.ok());
  ASSERT_TRUE((*txn)->PutEntry(0, "{}").ok());
  // Cut the session holding this ledger's append lock (other tests may share the cluster).
  ASSERT_TRUE(Exec(url,
                   "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = "
                   "'advisory' AND classid = " +
                       std::to_string(pg::kAdvisoryLockClass) +
                       " AND objid = 'head'::regclass::oid")
                  .ok());
  Status commit = (*txn)->PutHead({1, HashLeaf("{}"), "n"});
  if (commit.ok()) commit = (*txn)->Commit();
  EXPECT_FALSE(commit.ok());
  EXPECT_EQ(commit.error().code, ErrorCode::kIo);
  txn = Error{};  // the dead transaction's rollback fails quietly
  auto fresh = OpenPostgresStore(url);
  ASSERT_TRUE(fresh.ok());
  EXPECT_FALSE((*fresh)->ReadEntry(0).ok());
}

}  // namespace
}  // namespace xb::ledger
