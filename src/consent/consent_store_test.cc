// The consent registry's tests, typed over both backends (SQLite and the throwaway PostgreSQL
// cluster, ledger/store_test_backends.h); the SQLite file's own concerns (the version-1 layout,
// damaged pages, read-only access leaving the file untouched) follow, on SQLite alone.
#include "consent/consent_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "ledger/store_test_backends.h"
#include "pg/connection.h"
#include "pg/schema.h"

namespace xb::consent {
namespace {

using ledger::testing::BackendNames;
using ledger::testing::BackendTest;
using ledger::testing::PostgresBackend;
using ledger::testing::SqliteBackend;
using ledger::testing::StoreBackends;

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

// One count from the backend's database, behind the store's back.
template <class Backend>
int64_t CountRows(const std::string& db, const std::string& sql) {
  if constexpr (std::is_same_v<Backend, PostgresBackend>) {
    auto conn = pg::Connection::Open(db);
    EXPECT_TRUE(conn.ok());
    auto rows = (*conn)->Query(sql);
    EXPECT_TRUE(rows.ok()) << rows.error().ToString();
    return rows.ok() ? rows->Int(0, 0) : -1;
  } else {
    sqlite3* raw = nullptr;
    EXPECT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(raw, sql.c_str(), -1, &q, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_step(q), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(raw);
    return n;
  }
}

template <class Backend>
class ConsentStoreTest : public BackendTest<Backend> {
 protected:
  std::unique_ptr<ConsentStore> Open(ConsentAccess access = ConsentAccess::kWrite) {
    auto store = ConsentStore::Open(this->db_, access);
    EXPECT_TRUE(store.ok()) << store.error().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }
  static bool IsPostgres() { return std::is_same_v<Backend, PostgresBackend>; }
};
TYPED_TEST_SUITE(ConsentStoreTest, StoreBackends, BackendNames);

TYPED_TEST(ConsentStoreTest, ImportsAndLoadsGroupedBySubject) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  std::vector<ConsentRecord> rs = {Record(1, "A"), Record(1, "B"), Record(2, "A")};
  rs[2].guardian_consent = true;
  rs[2].separate_consent = false;
  rs[2].withdrawn_at = *CivilDate::Parse("2026-02-03");
  rs[2].notice.rights_procedure = std::string(5000, 'x');  // longer than a B-tree key may be
  ASSERT_TRUE(store->Import("k1", rs).ok());
  auto index = store->LoadAll("k1");
  ASSERT_TRUE(index.ok()) << index.error().ToString();
  EXPECT_EQ(index->size(), 2u);
  EXPECT_EQ(index->at(rs[0].subject).size(), 2u);
  EXPECT_EQ(index->at(rs[0].subject)[1].recipients, std::vector<std::string>{"B"});
  EXPECT_EQ(index->at(rs[0].subject)[0].notice.recipient_name, "A");
  const ConsentRecord& third = index->at(rs[2].subject).at(0);
  EXPECT_TRUE(third.guardian_consent);
  EXPECT_FALSE(third.separate_consent);
  EXPECT_EQ(third.granted_at.ToString(), "2026-01-01");
  EXPECT_EQ(third.withdrawn_at->ToString(), "2026-02-03");
  EXPECT_EQ(third.source_line, 2);
  EXPECT_EQ(third.notice.rights_procedure.size(), 5000u);
}

TYPED_TEST(ConsentStoreTest, RecordsUnderAnotherKeyAreInvisible) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  std::vector<ConsentRecord> rs = {Record(1, "A")};
  ASSERT_TRUE(store->Import("old-key", rs).ok());
  EXPECT_EQ(*store->CountRecords("new-key"), 0);
  EXPECT_TRUE(store->LoadAll("new-key")->empty());
  EXPECT_EQ(*store->CountAll(), 1);
}

// A subject-key rotation moves every record of the old key id, each subject re-keyed, once.
TYPED_TEST(ConsentStoreTest, RekeyMovesEveryRecordOfTheOldKeyOnce) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  std::vector<ConsentRecord> rs = {Record(1, "A"), Record(1, "B"), Record(2, "A")};
  ASSERT_TRUE(store->Import("k0", rs).ok());
  ASSERT_TRUE(store->Import("other", std::vector<ConsentRecord>{Record(7, "A")}).ok());
  auto rekey = [](const Digest& d) {
    Digest out = d;
    out[31] ^= 0x5a;
    return out;
  };
  auto moved = store->Rekey("k0", "k1", rekey);
  ASSERT_TRUE(moved.ok()) << moved.error().ToString();
  EXPECT_EQ(*moved, 3);
  EXPECT_EQ(*store->CountRecords("k0"), 0);
  auto index = store->LoadAll("k1");
  ASSERT_TRUE(index.ok());
  ASSERT_EQ(index->size(), 2u);
  EXPECT_EQ(index->at(rekey(rs[0].subject)).size(), 2u);
  EXPECT_EQ(index->at(rekey(rs[0].subject))[1].recipients, std::vector<std::string>{"B"});
  EXPECT_EQ(index->count(rs[0].subject), 0u);
  EXPECT_EQ(*store->Withdraw("k1", rekey(rs[2].subject), *CivilDate::Parse("2026-06-01"), {}), 1);
  EXPECT_EQ(*store->CountRecords("other"), 1);     // another key's records are left alone
  EXPECT_EQ(*store->Rekey("k0", "k1", rekey), 0);  // resumed: nothing left to move
  EXPECT_EQ(*store->CountRecords("k1"), 3);
}

TYPED_TEST(ConsentStoreTest, WithdrawByRecipientAndListSince) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  std::vector<ConsentRecord> rs = {Record(1, "A"), Record(1, "B"), Record(2, "A")};
  ASSERT_TRUE(store->Import("k", rs).ok());
  auto changed =
      store->Withdraw("k", rs[0].subject, *CivilDate::Parse("2026-06-01"), std::string("B"));
  ASSERT_TRUE(changed.ok()) << changed.error().ToString();
  EXPECT_EQ(*changed, 1);
  auto index = store->LoadAll("k");
  EXPECT_FALSE(index->at(rs[0].subject)[0].withdrawn_at.has_value());
  EXPECT_EQ(index->at(rs[0].subject)[1].withdrawn_at->ToString(), "2026-06-01");
  // Withdrawn already on an earlier date: not withdrawn again.
  EXPECT_EQ(*store->Withdraw("k", rs[0].subject, *CivilDate::Parse("2026-07-01"), std::nullopt), 1);

  auto since = store->WithdrawnSince("k", *CivilDate::Parse("2026-05-01"));
  ASSERT_TRUE(since.ok());
  ASSERT_EQ(since->size(), 1u);
  EXPECT_EQ(since->at(0).subject, rs[0].subject);
  EXPECT_EQ(since->at(0).withdrawn_at.ToString(), "2026-06-01");
  EXPECT_TRUE(store->WithdrawnSince("k", *CivilDate::Parse("2026-07-02"))->empty());
}

TYPED_TEST(ConsentStoreTest, WithdrawalsAtOnceChangeEachRecordOnce) {
  auto first = this->Open();
  auto second = this->Open();
  ASSERT_TRUE(first != nullptr && second != nullptr);
  std::vector<ConsentRecord> rs;
  for (int i = 0; i < 40; ++i) rs.push_back(Record(9, i % 2 ? "A" : "B"));
  ASSERT_TRUE(first->Import("k", rs).ok());
  Result<int64_t> a = 0, b = 0;
  std::thread t1([&] {
    a = first->Withdraw("k", rs[0].subject, *CivilDate::Parse("2026-05-01"), std::nullopt);
  });
  std::thread t2([&] {
    b = second->Withdraw("k", rs[0].subject, *CivilDate::Parse("2026-05-01"), std::nullopt);
  });
  t1.join();
  t2.join();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a + *b, 40);
}

TYPED_TEST(ConsentStoreTest, ReopeningKeepsRecords) {
  {
    auto store = this->Open();
    std::vector<ConsentRecord> rs = {Record(1, "A")};
    ASSERT_TRUE(store->Import("k", rs).ok());
  }
  auto again = this->Open(ConsentAccess::kRead);
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(*again->CountRecords("k"), 1);
}

TYPED_TEST(ConsentStoreTest, SharedTermsAreStoredOnce) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  std::vector<ConsentRecord> rs;
  for (uint8_t i = 0; i < 50; ++i) rs.push_back(Record(i, i % 2 ? "A" : "B"));
  ASSERT_TRUE(store->Import("k", rs).ok());
  ASSERT_TRUE(store->Import("k", rs).ok());  // a second import reuses the same terms
  EXPECT_EQ(CountRows<TypeParam>(this->db_, "SELECT count(*) FROM consent_terms"), 2);
  EXPECT_EQ(*store->CountRecords("k"), 100);
}

// Large imports go in several statements on PostgreSQL; order and content survive.
TYPED_TEST(ConsentStoreTest, ExportAllKeepsOrderKeysAndTermsAcrossStores) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  std::vector<StoredConsent> rs;
  for (int i = 0; i < 25000; ++i) {
    ConsentRecord r = Record(static_cast<uint8_t>(i % 200), i % 3 ? "A" : "B");
    r.subject[1] = static_cast<uint8_t>(i >> 8);
    r.source_line = i;
    if (i % 7 == 0) r.withdrawn_at = *CivilDate::Parse("2026-04-0" + std::to_string(1 + i % 9));
    rs.push_back({i % 5 ? "k1" : "k2", r});
  }
  ASSERT_TRUE(store->ImportStored(rs).ok());
  auto all = store->ExportAll();
  ASSERT_TRUE(all.ok()) << all.error().ToString();
  ASSERT_EQ(all->size(), rs.size());
  for (size_t i = 0; i < rs.size(); i += 997) {
    EXPECT_EQ((*all)[i].key_id, rs[i].key_id) << i;
    EXPECT_EQ((*all)[i].record.subject, rs[i].record.subject) << i;
    EXPECT_EQ((*all)[i].record.source_line, rs[i].record.source_line) << i;
    EXPECT_EQ((*all)[i].record.recipients, rs[i].record.recipients) << i;
    EXPECT_EQ((*all)[i].record.withdrawn_at.has_value(), rs[i].record.withdrawn_at.has_value());
  }
  EXPECT_EQ(*store->CountRecords("k2"), 5000);
  EXPECT_EQ(*store->CountAll(), 25000);
  // Into a store of the other backend and back: the same records.
  if (!this->IsPostgres() && PostgresBackend::Skipped()) return;
  auto other = this->IsPostgres() ? SqliteBackend::FreshDb() : PostgresBackend::FreshDb();
  ASSERT_TRUE(other.ok()) << other.error().ToString();
  auto copy = ConsentStore::Open(*other);
  ASSERT_TRUE(copy.ok()) << copy.error().ToString();
  ASSERT_TRUE((*copy)->ImportStored(*all).ok());
  auto copied = (*copy)->ExportAll();
  ASSERT_TRUE(copied.ok());
  ASSERT_EQ(copied->size(), all->size());
  for (size_t i = 0; i < all->size(); ++i) {
    const ConsentRecord& x = (*all)[i].record;
    const ConsentRecord& y = (*copied)[i].record;
    ASSERT_TRUE((*all)[i].key_id == (*copied)[i].key_id && x.subject == y.subject &&
                x.recipients == y.recipients && x.purposes == y.purposes &&
                x.categories == y.categories && x.granted_at == y.granted_at &&
                x.withdrawn_at == y.withdrawn_at && x.source_line == y.source_line &&
                x.separate_consent == y.separate_consent &&
                x.notice.recipient_name == y.notice.recipient_name)
        << "record " << i;
  }
}

TYPED_TEST(ConsentStoreTest, AMalformedStoredValueIsCorruptionInEveryRead) {
  {
    auto store = this->Open();
    ASSERT_NE(store, nullptr);
    std::vector<ConsentRecord> rs = {Record(1, "A")};
    rs[0].withdrawn_at = *CivilDate::Parse("2026-03-01");
    ASSERT_TRUE(store->Import("k", rs).ok());
  }
  this->Sql(this->IsPostgres() ? "UPDATE consent_records SET subject = '\\x00'::bytea"
                               : "UPDATE consent_records SET subject = zeroblob(31)");
  auto store = this->Open(ConsentAccess::kRead);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->LoadAll("k").error().code, ErrorCode::kCorruption);
  auto since = store->WithdrawnSince("k", *CivilDate::Parse("2026-01-01"));
  ASSERT_FALSE(since.ok()) << since->size() << " withdrawals and no error";
  EXPECT_EQ(since.error().code, ErrorCode::kCorruption);
  EXPECT_EQ(store->ExportAll().error().code, ErrorCode::kCorruption);

  this->Sql(this->IsPostgres()
                ? "UPDATE consent_records SET subject = decode(repeat('00', 32), 'hex'); "
                  "UPDATE consent_terms SET recipients = 'Example GmbH'"
                : "UPDATE consent_records SET subject = zeroblob(32); "
                  "UPDATE consent_terms SET recipients = 'Example GmbH'");
  store = this->Open();
  ASSERT_NE(store, nullptr);
  auto index = store->LoadAll("k");
  ASSERT_FALSE(index.ok()) << "recipients read as an empty list";
  EXPECT_EQ(index.error().code, ErrorCode::kCorruption);
  Digest zero{};
  EXPECT_EQ(
      store->Withdraw("k", zero, *CivilDate::Parse("2026-01-01"), std::string("A")).error().code,
      ErrorCode::kCorruption);
}

TYPED_TEST(ConsentStoreTest, ReadOnlyReadsADatabaseWithoutARegistryAsEmptyAndWritesNothing) {
  if (!this->IsPostgres()) {
    this->Sql("PRAGMA journal_mode=WAL; CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)");
  }
  auto store = this->Open(ConsentAccess::kRead);
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(store->LoadAll("k")->empty());
  EXPECT_EQ(*store->CountRecords("k"), 0);
  EXPECT_EQ(*store->CountAll(), 0);
  EXPECT_TRUE(store->WithdrawnSince("k", *CivilDate::Parse("2026-01-01"))->empty());
  EXPECT_TRUE(store->ExportAll()->empty());
  std::vector<ConsentRecord> rs = {Record(1, "A")};
  EXPECT_EQ(store->Import("k", rs).error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(store->Withdraw("k", rs[0].subject, *CivilDate::Parse("2026-01-01"), std::nullopt)
                .error()
                .code,
            ErrorCode::kFailedPrecondition);
  if (this->IsPostgres()) {
    auto conn = pg::Connection::Open(this->db_);
    ASSERT_TRUE(conn.ok());
    EXPECT_EQ(*pg::SchemaVersion(**conn, "consent"), 0) << "reading created the tables";
  }
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
  auto store = ConsentStore::Open(db, ConsentAccess::kRead);
  if (!store.ok()) {
    EXPECT_EQ(store.error().code, ErrorCode::kCorruption) << store.error().ToString();
    return;
  }
  auto since = (*store)->WithdrawnSince("k", *CivilDate::Parse("2026-01-01"));
  ASSERT_FALSE(since.ok()) << since->size() << " of 3000 withdrawals and no error";
  EXPECT_EQ(since.error().code, ErrorCode::kCorruption);
}

TEST(ConsentStore, ReadOnlyLeavesTheSqliteFileByteForByte) {
  std::string db = FreshDb();
  Sql(db, "PRAGMA journal_mode=WAL; CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)");
  const std::string before = Bytes(db);
  {
    auto store = ConsentStore::Open(db, ConsentAccess::kRead);
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
  EXPECT_FALSE(ConsentStore::Open(FreshDb() + ".absent", ConsentAccess::kRead).ok());
}

TEST(ConsentStore, ReadOnlyAsksForAVersionOneRegistryToBeUpgraded) {
  std::string db = FreshDb();
  Sql(db, "CREATE TABLE consent_records (id INTEGER PRIMARY KEY, key_id TEXT NOT NULL)");
  auto store = ConsentStore::Open(db, ConsentAccess::kRead);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(store.error().message.find("upgrade"), std::string::npos);
}

}  // namespace
}  // namespace xb::consent
