#include "server/account_store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "server/token.h"

namespace xb::server {
namespace {

class AccountStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("xb-accounts-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    std::filesystem::remove(path_);
    auto s = OpenAccountStore(path_.string());
    ASSERT_TRUE(s.ok()) << s.error().ToString();
    store_ = std::move(s).value();
  }
  void TearDown() override {
    store_.reset();
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + ext);
  }
  std::filesystem::path path_;
  std::unique_ptr<AccountStore> store_;
};

TEST_F(AccountStoreTest, TokensAreFoundByHashOnly) {
  auto token = NewApiToken();
  ASSERT_TRUE(token.ok());
  EXPECT_TRUE(LooksLikeApiToken(*token));
  auto user = store_->AddUser("wang.li", Role::kOfficer, HashSecret(*token), 100);
  ASSERT_TRUE(user.ok());
  auto found = store_->FindUserByToken(HashSecret(*token));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->name, "wang.li");
  EXPECT_EQ((*found)->role, Role::kOfficer);
  auto other = store_->FindUserByToken(HashSecret(*token + "x"));
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->has_value());
}

TEST_F(AccountStoreTest, NamesAreCheckedAndUnique) {
  Digest h{};
  EXPECT_EQ(store_->AddUser("bad name", Role::kAuditor, h, 1).error().code,
            ErrorCode::kInvalidArgument);
  ASSERT_TRUE(store_->AddUser("a", Role::kAuditor, h, 1).ok());
  Digest h2{};
  h2[0] = 1;
  EXPECT_EQ(store_->AddUser("a", Role::kAdmin, h2, 1).error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(AccountStoreTest, DisablingEndsTokensAndSessions) {
  Digest token = Sha256("t"), session = Sha256("s");
  auto u = store_->AddUser("eng", Role::kEngineer, token, 1);
  ASSERT_TRUE(u.ok());
  ASSERT_TRUE(store_->PutSession(session, u->id, 1000).ok());
  EXPECT_TRUE(store_->FindSession(session, 999)->has_value());
  EXPECT_FALSE(store_->FindSession(session, 1000)->has_value()) << "expired";
  ASSERT_TRUE(store_->DisableUser("eng", 5).ok());
  EXPECT_FALSE(store_->FindUserByToken(token)->has_value());
  EXPECT_FALSE(store_->FindSession(session, 999)->has_value());
  EXPECT_EQ(store_->DisableUser("nobody", 5).error().code, ErrorCode::kNotFound);
  auto list = store_->ListUsers();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->at(0).disabled_unix, 5);
}

TEST_F(AccountStoreTest, AccessLogKeepsRecordsInOrder) {
  std::vector<AccessRecord> records(3);
  for (int i = 0; i < 3; ++i) {
    records[i].time_unix_ms = i;
    records[i].method = "GET";
    records[i].route = "/r" + std::to_string(i);
    records[i].status = 200;
  }
  records[1].user_id = 7;
  ASSERT_TRUE(store_->AppendAccess(records).ok());
  auto recent = store_->RecentAccess(2);
  ASSERT_TRUE(recent.ok());
  ASSERT_EQ(recent->size(), 2u);
  EXPECT_EQ(recent->at(0).route, "/r2");
  EXPECT_EQ(recent->at(1).user_id, 7);
}

TEST(AccountStoreOpen, PostgresIsNotYetSupported) {
  EXPECT_EQ(OpenAccountStore("postgresql://localhost/x").error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace xb::server
