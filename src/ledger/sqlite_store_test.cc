#include "ledger/sqlite_store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "ledger/ledger.h"
#include "ledger/ledger_test_util.h"
#include "ledger/merkle.h"
#include "ledger/subject_set.h"

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

TEST(SqliteStore, EmptyStoreHasTheEmptyHead) {
  auto store = OpenSqliteStore(testing::FreshDbPath());
  ASSERT_TRUE(store.ok());
  auto head = (*store)->ReadHead();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->size, 0u);
  EXPECT_EQ(head->root, EmptyRoot());
  EXPECT_EQ((*store)->ReadNode(0, 0).error().code, ErrorCode::kNotFound);
  EXPECT_EQ((*store)->ReadEntry(0).error().code, ErrorCode::kNotFound);
}

TEST(SqliteStore, CommittedWritesAreVisibleAndRolledBackOnesAreNot) {
  std::string path = testing::FreshDbPath();
  auto store = OpenSqliteStore(path);
  ASSERT_TRUE(store.ok());
  Digest h = HashLeaf("x");
  {
    auto txn = (*store)->BeginWrite();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*txn)->PutEntry(0, "{\"x\":1}").ok());
    ASSERT_TRUE((*txn)->PutNode(0, 0, h).ok());
    ASSERT_TRUE((*txn)->PutHead({1, h, "note"}).ok());
    // Destroyed without Commit(): rolled back.
  }
  EXPECT_EQ((*store)->ReadHead()->size, 0u);
  EXPECT_FALSE((*store)->ReadEntry(0).ok());
  {
    auto txn = (*store)->BeginWrite();
    ASSERT_TRUE((*txn)->PutEntry(0, "{\"x\":1}").ok());
    ASSERT_TRUE((*txn)->PutNode(5, 7, h).ok());
    ASSERT_TRUE((*txn)->PutHead({1, h, "note"}).ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  auto reopened = OpenSqliteStore(path);
  EXPECT_EQ((*reopened)->ReadHead()->size, 1u);
  EXPECT_EQ((*reopened)->ReadHead()->note, "note");
  EXPECT_EQ(*(*reopened)->ReadNode(5, 7), h);
  EXPECT_EQ(*(*reopened)->ReadEntry(0), "{\"x\":1}");
}

TEST(SqliteStore, SubjectsAreCountedOncePerGroup) {
  auto store = OpenSqliteStore(testing::FreshDbPath());
  ASSERT_TRUE(store.ok());
  std::vector<Digest> a = {HashLeaf("1"), HashLeaf("2"), HashLeaf("3")};
  std::vector<Digest> b = {HashLeaf("3"), HashLeaf("4")};
  NormalizeSubjects(a);
  NormalizeSubjects(b);
  SubjectGroup g{"k1", "ACME", 2026, true};
  {
    auto txn = (*store)->BeginWrite();
    ASSERT_TRUE((*txn)->PutSubjects(0, g, SubjectKind::kIndividual, a).ok());
    ASSERT_TRUE((*txn)->PutSubjects(1, g, SubjectKind::kIndividual, b).ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  auto counters = (*store)->ReadCounters("ACME", 2026);
  ASSERT_TRUE(counters.ok());
  ASSERT_EQ(counters->size(), 1u);
  EXPECT_EQ((*counters)[0].count, 4);
  EXPECT_EQ(*(*store)->CountDistinct(g, SubjectKind::kIndividual, 2025, 2026), 4);
  EXPECT_EQ((*store)->ReadEntrySubjects(1, SubjectKind::kIndividual)->size(), 2u);
  EXPECT_TRUE((*store)->CheckSubjectIndex()->empty());
  EXPECT_TRUE((*store)->CheckStorage()->empty());
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
