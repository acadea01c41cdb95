#include "consent/consent_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

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

}  // namespace
}  // namespace xb::consent
