// The account store's tests, typed over both backends (SQLite and the throwaway PostgreSQL
// cluster, ledger/store_test_backends.h).
#include "server/account_store.h"

#include <gtest/gtest.h>

#include "ledger/store_test_backends.h"
#include "pg/connection.h"
#include "pg/schema.h"
#include "server/postgres_account_store.h"
#include "server/token.h"

namespace xb::server {
namespace {

using ledger::testing::BackendNames;
using ledger::testing::BackendTest;
using ledger::testing::PostgresBackend;
using ledger::testing::SqliteBackend;
using ledger::testing::StoreBackends;

template <class Backend>
class AccountStoreTest : public BackendTest<Backend> {
 protected:
  void SetUp() override {
    BackendTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    store_ = Open();
  }
  std::unique_ptr<AccountStore> Open(AccountAccess access = AccountAccess::kWrite) {
    auto s = OpenAccountStore(this->db_, access);
    EXPECT_TRUE(s.ok()) << s.error().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }
  static bool IsPostgres() { return std::is_same_v<Backend, PostgresBackend>; }

  std::unique_ptr<AccountStore> store_;
};
TYPED_TEST_SUITE(AccountStoreTest, StoreBackends, BackendNames);

TYPED_TEST(AccountStoreTest, TokensAreFoundByHashOnly) {
  auto token = NewApiToken();
  ASSERT_TRUE(token.ok());
  EXPECT_TRUE(LooksLikeApiToken(*token));
  auto user = this->store_->AddUser("wang.li", Role::kOfficer, HashSecret(*token), 100);
  ASSERT_TRUE(user.ok());
  auto found = this->store_->FindUserByToken(HashSecret(*token));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->name, "wang.li");
  EXPECT_EQ((*found)->role, Role::kOfficer);
  auto other = this->store_->FindUserByToken(HashSecret(*token + "x"));
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->has_value());
}

TYPED_TEST(AccountStoreTest, NamesAreCheckedAndUnique) {
  Digest h{};
  EXPECT_EQ(this->store_->AddUser("bad name", Role::kAuditor, h, 1).error().code,
            ErrorCode::kInvalidArgument);
  ASSERT_TRUE(this->store_->AddUser("a", Role::kAuditor, h, 1).ok());
  Digest h2{};
  h2[0] = 1;
  EXPECT_EQ(this->store_->AddUser("a", Role::kAdmin, h2, 1).error().code,
            ErrorCode::kFailedPrecondition);
}

TYPED_TEST(AccountStoreTest, DisablingEndsTokensAndSessions) {
  Digest token = Sha256("t"), session = Sha256("s");
  auto u = this->store_->AddUser("eng", Role::kEngineer, token, 1);
  ASSERT_TRUE(u.ok());
  ASSERT_TRUE(this->store_->PutSession(session, u->id, 1000).ok());
  EXPECT_TRUE(this->store_->FindSession(session, 999)->has_value());
  EXPECT_FALSE(this->store_->FindSession(session, 1000)->has_value()) << "expired";
  ASSERT_TRUE(this->store_->DisableUser("eng", 5).ok());
  EXPECT_FALSE(this->store_->FindUserByToken(token)->has_value());
  EXPECT_FALSE(this->store_->FindSession(session, 999)->has_value());
  EXPECT_EQ(this->store_->DisableUser("nobody", 5).error().code, ErrorCode::kNotFound);
  auto list = this->store_->ListUsers();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->at(0).disabled_unix, 5);
}

TYPED_TEST(AccountStoreTest, AccessLogKeepsRecordsInOrder) {
  std::vector<AccessRecord> records(3);
  for (int i = 0; i < 3; ++i) {
    records[i].time_unix_ms = i;
    records[i].method = "GET";
    records[i].route = "/r" + std::to_string(i);
    records[i].status = 200;
  }
  records[1].user_id = 7;
  ASSERT_TRUE(this->store_->AppendAccess(records).ok());
  auto recent = this->store_->RecentAccess(2);
  ASSERT_TRUE(recent.ok());
  ASSERT_EQ(recent->size(), 2u);
  EXPECT_EQ(recent->at(0).route, "/r2");
  EXPECT_EQ(recent->at(1).user_id, 7);
}

TYPED_TEST(AccountStoreTest, ReadAccessPagesTheWholeLogInOrder) {
  std::vector<AccessRecord> records(2500);
  for (size_t i = 0; i < records.size(); ++i) {
    records[i].time_unix_ms = static_cast<int64_t>(i);
    records[i].method = "GET";
    records[i].route = "/v1/stats";
    records[i].status = i % 3 ? 200 : 404;
    records[i].role = "auditor";
    records[i].latency_us = static_cast<int64_t>(i * 3);
    if (i % 2) records[i].user_id = static_cast<int64_t>(i);
  }
  ASSERT_TRUE(this->store_->AppendAccess(records).ok());
  std::vector<AccessRecord> all;
  for (int64_t after = 0;;) {
    auto page = this->store_->ReadAccess(after, 1000);
    ASSERT_TRUE(page.ok()) << page.error().ToString();
    if (page->empty()) break;
    for (const AccessRecord& r : *page) EXPECT_GT(r.id, after);
    after = page->back().id;
    all.insert(all.end(), page->begin(), page->end());
  }
  ASSERT_EQ(all.size(), records.size());
  for (size_t i = 0; i < all.size(); ++i) {
    ASSERT_EQ(all[i].time_unix_ms, records[i].time_unix_ms);
    ASSERT_EQ(all[i].user_id, records[i].user_id);
    ASSERT_EQ(all[i].status, records[i].status);
    ASSERT_EQ(all[i].latency_us, records[i].latency_us);
  }
}

TYPED_TEST(AccountStoreTest, ExportAndImportKeepIdsTokensAndSessions) {
  Digest t1 = Sha256("t1"), t2 = Sha256("t2"), s1 = Sha256("s1");
  auto a = this->store_->AddUser("alice", Role::kAdmin, t1, 10);
  auto b = this->store_->AddUser("bob", Role::kAuditor, t2, 11);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(this->store_->DisableUser("bob", 12).ok());
  ASSERT_TRUE(this->store_->PutSession(s1, a->id, 5000).ok());
  auto exported = this->store_->ExportAccounts();
  ASSERT_TRUE(exported.ok()) << exported.error().ToString();
  ASSERT_EQ(exported->users.size(), 2u);
  EXPECT_EQ(exported->users[1].token_hash, t2);
  EXPECT_EQ(exported->users[1].user.disabled_unix, 12);
  ASSERT_EQ(exported->sessions.size(), 1u);

  // Into the other backend: the same users under the same ids, tokens and sessions working.
  if (!this->IsPostgres() && PostgresBackend::Skipped()) return;
  auto other = this->IsPostgres() ? SqliteBackend::FreshDb() : PostgresBackend::FreshDb();
  ASSERT_TRUE(other.ok());
  auto copy = OpenAccountStore(*other);
  ASSERT_TRUE(copy.ok()) << copy.error().ToString();
  ASSERT_TRUE((*copy)->ImportAccounts(*exported).ok());
  EXPECT_EQ((*copy)->FindUserByToken(t1)->value().id, a->id);
  EXPECT_FALSE((*copy)->FindUserByToken(t2)->has_value()) << "bob stays disabled";
  EXPECT_EQ((*copy)->FindSession(s1, 100)->value().name, "alice");
  auto c = (*copy)->AddUser("carol", Role::kOfficer, Sha256("t3"), 13);
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_GT(c->id, b->id) << "new users are numbered after the imported ones";
  EXPECT_EQ((*copy)->ImportAccounts(*exported).error().code, ErrorCode::kFailedPrecondition);
  auto again = (*copy)->ExportAccounts();
  EXPECT_EQ(again->users.size(), 3u) << "a refused import adds nothing";
}

TYPED_TEST(AccountStoreTest, ReadOnlyCreatesNothing) {
  auto fresh = this->FreshDb();
  if (!this->IsPostgres()) {
    ASSERT_TRUE(SqliteBackend::Sql(fresh, "CREATE TABLE meta(k)").ok());
  }
  auto store = OpenAccountStore(fresh, AccountAccess::kRead);
  ASSERT_TRUE(store.ok()) << store.error().ToString();
  EXPECT_TRUE((*store)->ListUsers()->empty());
  EXPECT_TRUE((*store)->ReadAccess(0, 10)->empty());
  EXPECT_TRUE((*store)->ExportAccounts()->users.empty());
  EXPECT_FALSE((*store)->FindUserByToken(Sha256("x"))->has_value());
  if (this->IsPostgres()) {
    auto conn = pg::Connection::Open(fresh);
    ASSERT_TRUE(conn.ok());
    EXPECT_EQ(*pg::SchemaVersion(**conn, "accounts"), 0);
  }
}

// The server keeps its stores for days; a database restart or a cut session must not take
// sign-ins or the access log down with it.
TEST(PostgresAccountStore, ReconnectsWhenTheSessionIsCut) {
  XB_FRESH_POSTGRES_URL(url);
  // The store's sessions are named so that only they are cut (other tests share the cluster).
  const std::string named = url + "&application_name=xb-accounts-cut";
  auto store = OpenAccountStore(named);
  ASSERT_TRUE(store.ok()) << store.error().ToString();
  Digest token = Sha256("tok");
  ASSERT_TRUE((*store)->AddUser("u", Role::kAuditor, token, 1).ok());
  auto admin = pg::Connection::Open(url);
  ASSERT_TRUE(admin.ok());
  for (int round = 0; round < 3; ++round) {
    auto cut = (*admin)->Query(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE application_name = 'xb-accounts-cut'");
    ASSERT_TRUE(cut.ok()) << cut.error().ToString();
    EXPECT_EQ(cut->Int(0, 0), 1);
    auto found = (*store)->FindUserByToken(token);
    ASSERT_TRUE(found.ok()) << found.error().ToString();
    EXPECT_TRUE(found->has_value());
    std::vector<AccessRecord> one(1);
    one[0].method = "GET";
    one[0].route = "/healthz";
    ASSERT_TRUE((*admin)
                    ->Query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                            "WHERE application_name = 'xb-accounts-cut'")
                    .ok());
    ASSERT_TRUE((*store)->AppendAccess(one).ok());
  }
  EXPECT_EQ((*store)->ReadAccess(0, 100)->size(), 3u);
}

}  // namespace
}  // namespace xb::server
