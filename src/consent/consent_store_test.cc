#include "consent/consent_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace xb::consent {
namespace {

std::string FreshDb() {
  auto dir = std::filesystem::temp_directory_path() /
             ("xb_consent_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return (dir / "xborder.db").string();
}

ConsentRecord Record(uint8_t subject, const char* recipient) {
  ConsentRecord r;
  r.subject[0] = subject;
  r.recipients = {recipient};
  r.purposes = {"hr_management"};
  r.categories = {"identity"};
  r.separate_consent = true;
  r.granted_at = *CivilDate::Parse("2026-01-01");
  r.notice.recipient_name = recipient;
  r.source_line = subject;
  return r;
}

TEST(ConsentStore, ImportsAndLoadsGroupedBySubject) {
  auto store = ConsentStore::Open(FreshDb());
  ASSERT_TRUE(store.ok()) << store.error().ToString();
  std::vector<ConsentRecord> rs = {Record(1, "A"), Record(1, "B"), Record(2, "A")};
  ASSERT_TRUE((*store)->Import("k1", rs).ok());
  auto index = (*store)->LoadAll("k1");
  ASSERT_TRUE(index.ok());
  EXPECT_EQ(index->size(), 2u);
  EXPECT_EQ(index->at(rs[0].subject).size(), 2u);
  EXPECT_EQ(index->at(rs[0].subject)[1].recipients, std::vector<std::string>{"B"});
  EXPECT_EQ(index->at(rs[0].subject)[0].notice.recipient_name, "A");
}

TEST(ConsentStore, RecordsUnderAnotherKeyAreInvisible) {
  auto store = ConsentStore::Open(FreshDb());
  ASSERT_TRUE(store.ok());
  std::vector<ConsentRecord> rs = {Record(1, "A")};
  ASSERT_TRUE((*store)->Import("old-key", rs).ok());
  EXPECT_EQ(*(*store)->CountRecords("new-key"), 0);
  EXPECT_TRUE((*store)->LoadAll("new-key")->empty());
}

TEST(ConsentStore, WithdrawByRecipientAndListSince) {
  auto store = ConsentStore::Open(FreshDb());
  ASSERT_TRUE(store.ok());
  std::vector<ConsentRecord> rs = {Record(1, "A"), Record(1, "B"), Record(2, "A")};
  ASSERT_TRUE((*store)->Import("k", rs).ok());
  auto changed =
      (*store)->Withdraw("k", rs[0].subject, *CivilDate::Parse("2026-06-01"), std::string("B"));
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(*changed, 1);
  auto index = (*store)->LoadAll("k");
  EXPECT_FALSE(index->at(rs[0].subject)[0].withdrawn_at.has_value());
  EXPECT_EQ(index->at(rs[0].subject)[1].withdrawn_at->ToString(), "2026-06-01");

  auto since = (*store)->WithdrawnSince("k", *CivilDate::Parse("2026-05-01"));
  ASSERT_TRUE(since.ok());
  ASSERT_EQ(since->size(), 1u);
  EXPECT_EQ(since->at(0).subject, rs[0].subject);
  EXPECT_TRUE((*store)->WithdrawnSince("k", *CivilDate::Parse("2026-07-01"))->empty());
}

TEST(ConsentStore, ReopeningKeepsRecords) {
  std::string path = FreshDb();
  {
    auto store = ConsentStore::Open(path);
    std::vector<ConsentRecord> rs = {Record(1, "A")};
    ASSERT_TRUE((*store)->Import("k", rs).ok());
  }
  auto again = ConsentStore::Open(path);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*(*again)->CountRecords("k"), 1);
}

TEST(ConsentStore, SharedTermsAreStoredOnce) {
  std::string db = FreshDb();
  auto store = ConsentStore::Open(db);
  ASSERT_TRUE(store.ok());
  std::vector<ConsentRecord> rs;
  for (uint8_t i = 0; i < 50; ++i) rs.push_back(Record(i, i % 2 ? "A" : "B"));
  ASSERT_TRUE((*store)->Import("k", rs).ok());
  ASSERT_TRUE((*store)->Import("k", rs).ok());  // a second import reuses the same terms
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "SELECT COUNT(*) FROM consent_terms", -1, &q, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(q, 0), 2);
  sqlite3_finalize(q);
  sqlite3_close(raw);
  EXPECT_EQ(*(*store)->CountRecords("k"), 100);
}

// A registry written by the first version (terms inline in every record) is migrated on open,
// keeping every record, its order and its withdrawal.
TEST(ConsentStore, MigratesAVersionOneRegistry) {
  std::string db = FreshDb();
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
    const char* v1 = R"sql(
      CREATE TABLE consent_records (id INTEGER PRIMARY KEY, key_id TEXT NOT NULL,
        subject BLOB NOT NULL, recipients TEXT NOT NULL, purposes TEXT NOT NULL,
        categories TEXT NOT NULL, separate_consent INTEGER NOT NULL,
        guardian_consent INTEGER NOT NULL, granted_at TEXT NOT NULL, withdrawn_at TEXT,
        notice TEXT NOT NULL, source_line INTEGER NOT NULL);
      CREATE INDEX consent_by_subject ON consent_records(key_id, subject);
      INSERT INTO consent_records VALUES
        (1, 'k', zeroblob(32), '["A"]', '["hr_management"]', '["identity"]', 1, 0,
         '2026-01-01', NULL, '{"recipient_name":"A"}', 2),
        (2, 'k', zeroblob(32), '["B"]', '["hr_management"]', '["identity"]', 1, 0,
         '2026-01-01', '2026-03-01', '{"recipient_name":"B"}', 3),
        (3, 'k',
         X'0100000000000000000000000000000000000000000000000000000000000000',
         '["A"]', '["hr_management"]', '["identity"]', 0, 1,
         '2026-02-01', NULL, '{"recipient_name":"A"}', 4);
    )sql";
    ASSERT_EQ(sqlite3_exec(raw, v1, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(raw);
  }
  auto store = ConsentStore::Open(db);
  ASSERT_TRUE(store.ok()) << store.error().ToString();
  auto index = (*store)->LoadAll("k");
  ASSERT_TRUE(index.ok()) << index.error().ToString();
  ASSERT_EQ(index->size(), 2u);
  Digest zero{};
  const auto& first = index->at(zero);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].recipients, std::vector<std::string>{"A"});
  EXPECT_EQ(first[0].notice.recipient_name, "A");
  EXPECT_EQ(first[0].source_line, 2);
  EXPECT_EQ(first[1].recipients, std::vector<std::string>{"B"});
  ASSERT_TRUE(first[1].withdrawn_at.has_value());
  EXPECT_EQ(first[1].withdrawn_at->ToString(), "2026-03-01");
  Digest one{};
  one[0] = 1;
  const auto& second = index->at(one);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_FALSE(second[0].separate_consent);
  EXPECT_TRUE(second[0].guardian_consent);
  // The migrated registry takes new records and withdrawals.
  std::vector<ConsentRecord> more = {Record(7, "A")};
  ASSERT_TRUE((*store)->Import("k", more).ok());
  EXPECT_EQ(*(*store)->CountRecords("k"), 4);
  EXPECT_EQ(*(*store)->Withdraw("k", one, *CivilDate::Parse("2026-06-01"), std::nullopt), 1);
}

void Sql(const std::string& db, const char* sql) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
  sqlite3_close(raw);
}

std::string Bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Issue 11: a malformed subject hash was skipped silently by WithdrawnSince and reported as
// corruption by LoadAll; a malformed list of terms read as an empty one.
TEST(ConsentStore, AMalformedStoredValueIsCorruptionInEveryRead) {
  std::string db = FreshDb();
  {
    auto store = ConsentStore::Open(db);
    ASSERT_TRUE(store.ok());
    std::vector<ConsentRecord> rs = {Record(1, "A")};
    rs[0].withdrawn_at = *CivilDate::Parse("2026-03-01");
    ASSERT_TRUE((*store)->Import("k", rs).ok());
  }
  Sql(db, "UPDATE consent_records SET subject = zeroblob(31)");
  auto store = ConsentStore::Open(db, ledger::SqliteAccess::kReadOnly);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->LoadAll("k").error().code, ErrorCode::kCorruption);
  auto since = (*store)->WithdrawnSince("k", *CivilDate::Parse("2026-01-01"));
  ASSERT_FALSE(since.ok()) << since->size() << " withdrawals and no error";
  EXPECT_EQ(since.error().code, ErrorCode::kCorruption);

  Sql(db,
      "UPDATE consent_records SET subject = zeroblob(32); "
      "UPDATE consent_terms SET recipients = 'Example GmbH'");
  store = ConsentStore::Open(db);
  ASSERT_TRUE(store.ok());
  auto index = (*store)->LoadAll("k");
  ASSERT_FALSE(index.ok()) << "recipients read as an empty list";
  EXPECT_EQ(index.error().code, ErrorCode::kCorruption);
  Digest zero{};
  EXPECT_EQ(
      (*store)->Withdraw("k", zero, *CivilDate::Parse("2026-01-01"), std::string("A")).error().code,
      ErrorCode::kCorruption);
}

// A read that fails part-way (a damaged page, a lock held past the timeout) is an error, never
// the end of the rows.
TEST(ConsentStore, ADamagedFileIsAnErrorNotAShortAnswer) {
  std::string db = FreshDb();
  std::vector<ConsentRecord> rs;
  for (int i = 0; i < 3000; ++i) {
    ConsentRecord r = Record(0, "A");
    r.subject[0] = static_cast<uint8_t>(i);
    r.subject[1] = static_cast<uint8_t>(i >> 8);
    r.withdrawn_at = *CivilDate::Parse("2026-03-01");
    rs.push_back(r);
  }
  {
    auto store = ConsentStore::Open(db);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->Import("k", rs).ok());
  }
  const auto size = std::filesystem::file_size(db);
  {
    std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    std::string junk(16384, '\xA5');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  auto store = ConsentStore::Open(db, ledger::SqliteAccess::kReadOnly);
  if (!store.ok()) {
    EXPECT_EQ(store.error().code, ErrorCode::kCorruption) << store.error().ToString();
    return;
  }
  auto since = (*store)->WithdrawnSince("k", *CivilDate::Parse("2026-01-01"));
  ASSERT_FALSE(since.ok()) << since->size() << " of 3000 withdrawals and no error";
  EXPECT_EQ(since.error().code, ErrorCode::kCorruption);
}

TEST(ConsentStore, ReadOnlyReadsADatabaseWithoutARegistryAsEmptyAndWritesNothing) {
  std::string db = FreshDb();
  Sql(db, "PRAGMA journal_mode=WAL; CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)");
  const std::string before = Bytes(db);
  {
    auto store = ConsentStore::Open(db, ledger::SqliteAccess::kReadOnly);
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    EXPECT_TRUE((*store)->LoadAll("k")->empty());
    EXPECT_EQ(*(*store)->CountRecords("k"), 0);
    EXPECT_TRUE((*store)->WithdrawnSince("k", *CivilDate::Parse("2026-01-01"))->empty());
    std::vector<ConsentRecord> rs = {Record(1, "A")};
    EXPECT_EQ((*store)->Import("k", rs).error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ((*store)
                  ->Withdraw("k", rs[0].subject, *CivilDate::Parse("2026-01-01"), std::nullopt)
                  .error()
                  .code,
              ErrorCode::kFailedPrecondition);
  }
  EXPECT_EQ(Bytes(db), before);
  EXPECT_FALSE(std::filesystem::exists(db + "-wal"));
  EXPECT_FALSE(ConsentStore::Open(FreshDb() + ".absent", ledger::SqliteAccess::kReadOnly).ok());
}

TEST(ConsentStore, ReadOnlyAsksForAVersionOneRegistryToBeUpgraded) {
  std::string db = FreshDb();
  Sql(db, "CREATE TABLE consent_records (id INTEGER PRIMARY KEY, key_id TEXT NOT NULL)");
  auto store = ConsentStore::Open(db, ledger::SqliteAccess::kReadOnly);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(store.error().message.find("upgrade"), std::string::npos);
}

}  // namespace
}  // namespace xb::consent
