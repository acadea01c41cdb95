// SQLite-only behaviour; the Store contract itself is checked on every backend in store_test.cc.
#include "ledger/sqlite_store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "ledger/ledger.h"
#include "ledger/ledger_test_util.h"

namespace xb::ledger {
namespace {

TEST(SqliteStore, MissingFileIsNotFoundUnlessCreating) {
  std::string path = testing::FreshDbPath();
  auto absent = OpenSqliteStore(path, {.access = SqliteAccess::kReadWrite});
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_TRUE(OpenSqliteStore(path).ok());
  EXPECT_TRUE(std::filesystem::exists(path));
}

TEST(SqliteStore, ReadOnlyReadsADatabaseWithoutTheLedgerAsEmptyAndRefusesWrites) {
  std::string path = testing::FreshDbPath();
  {
    // A database another store created (the consent registry shares the file).
    auto db = SqliteDb::Open(path, SqliteAccess::kCreate);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec("CREATE TABLE consent_terms(id INTEGER PRIMARY KEY)").ok());
  }
  auto store = OpenSqliteStore(path, {.access = SqliteAccess::kReadOnly});
  ASSERT_TRUE(store.ok()) << store.error().ToString();
  EXPECT_EQ((*store)->ReadHead()->size, 0u);
  EXPECT_EQ((*store)->ReadMeta("public_key").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE((*store)->ReadCounters("ACME", 2026)->empty());
  EXPECT_TRUE((*store)->CheckSubjectIndex()->empty());
  EXPECT_TRUE((*store)->CheckStorage()->empty());
  EXPECT_EQ((*store)->BeginWrite().error().code, ErrorCode::kFailedPrecondition);
  auto ledger = Ledger::Open(std::move(store).value(), std::nullopt);
  ASSERT_TRUE(ledger.ok());
  auto report = (*ledger)->Verify(std::nullopt, std::nullopt);
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  EXPECT_EQ(report->size, 0u);
}

}  // namespace
}  // namespace xb::ledger
