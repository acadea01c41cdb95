#include "registry/registry.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ledger/ledger_test_util.h"
#include "registry/sqlite_recipient_store.h"

namespace xb::registry {
namespace {

using ledger::testing::FreshDbPath;
using ledger::testing::OpenTestLedger;

CivilDate Day(const char* text) { return *CivilDate::Parse(text); }

Recipient Company(const std::string& name, const std::string& country) {
  Recipient r;
  r.name = name;
  r.country = country;
  r.purposes = {"hr_management"};
  r.categories = {"identity", "contact"};
  return r;
}

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = FreshDbPath();
    ledger_ = OpenTestLedger(path_);
    ASSERT_NE(ledger_, nullptr);
  }
  std::unique_ptr<Registry> Open(ledger::SqliteAccess access = ledger::SqliteAccess::kCreate) {
    auto store = OpenSqliteRecipientStore(path_, access);
    EXPECT_TRUE(store.ok()) << store.error().ToString();
    if (!store.ok()) return nullptr;
    auto registry = Registry::Open(*ledger_, std::move(store).value());
    EXPECT_TRUE(registry.ok()) << registry.error().ToString();
    return registry.ok() ? std::move(registry).value() : nullptr;
  }
  std::string path_;
  std::unique_ptr<ledger::Ledger> ledger_;
};

TEST_F(RegistryTest, AddRecordsOneLedgerEntryAndLists) {
  auto registry = Open();
  ASSERT_NE(registry, nullptr);
  auto added = registry->Add(Company("Huaxin Holding GmbH", "DE"), Day("2026-05-01"), false);
  ASSERT_TRUE(added.ok()) << added.error().ToString();
  EXPECT_EQ(added->id, "huaxin-holding-gmbh");
  EXPECT_EQ(added->registered->ToString(), "2026-05-01");

  auto entry = ledger_->Entry(added->ledger_index);
  ASSERT_TRUE(entry.ok());
  auto j = nlohmann::json::parse(*entry);
  EXPECT_EQ(j["type"], "recipient");
  EXPECT_EQ(j["action"], "add");
  EXPECT_EQ(j["recipient"]["name"], "Huaxin Holding GmbH");

  auto list = registry->List(false);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].country, "DE");
}

TEST_F(RegistryTest, DuplicateNeedsReplaceAndReplaceNeedsAnExistingId) {
  auto registry = Open();
  ASSERT_TRUE(registry->Add(Company("Acme", "DE"), Day("2026-01-01"), false).ok());
  auto again = registry->Add(Company("Acme", "DE"), Day("2026-01-02"), false);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);

  auto changed = registry->Add(Company("Acme", "US"), Day("2026-02-01"), true);
  ASSERT_TRUE(changed.ok()) << changed.error().ToString();
  EXPECT_EQ(changed->country, "US");
  EXPECT_EQ(changed->registered->ToString(), "2026-01-01");  // first registration kept

  auto unknown = Company("Nobody", "DE");
  EXPECT_EQ(registry->Add(unknown, Day("2026-02-01"), true).error().code,
            ErrorCode::kFailedPrecondition);
}

TEST_F(RegistryTest, RetireAndReactivate) {
  auto registry = Open();
  ASSERT_TRUE(registry->Add(Company("Acme", "DE"), Day("2026-01-01"), false).ok());
  auto retired = registry->Retire("acme", Day("2026-06-30"));
  ASSERT_TRUE(retired.ok()) << retired.error().ToString();
  EXPECT_EQ(retired->retired->ToString(), "2026-06-30");
  EXPECT_TRUE(registry->List(false).empty());
  EXPECT_EQ(registry->List(true).size(), 1u);
  EXPECT_EQ(registry->Retire("acme", Day("2026-07-01")).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(registry->Retire("nobody", Day("2026-07-01")).error().code, ErrorCode::kNotFound);

  auto back = registry->Add(Company("Acme", "DE"), Day("2026-08-01"), true);
  ASSERT_TRUE(back.ok());
  EXPECT_FALSE(back->retired.has_value());
}

TEST_F(RegistryTest, AnIndividualsNameStaysOutOfTheLedger) {
  auto registry = Open();
  Recipient r = Company("Wang Fang", "US");
  r.kind = "individual";
  r.contact = "wang.fang@example.com";
  EXPECT_EQ(registry->Add(r, Day("2026-01-01"), false).error().code,
            ErrorCode::kInvalidArgument);  // no keyed hash given
  r.name_hmac = std::string(64, 'b');
  auto added = registry->Add(r, Day("2026-01-01"), false);
  ASSERT_TRUE(added.ok()) << added.error().ToString();
  EXPECT_EQ(added->id.rfind("r-", 0), 0u);  // a random id, not made from the name
  Status s = ledger_->Export([](uint64_t, std::string_view entry) -> Status {
    EXPECT_EQ(entry.find("Wang"), std::string_view::npos);
    EXPECT_EQ(entry.find("example.com"), std::string_view::npos);
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok());
  auto found = registry->Find(added->id, true);
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->name, "Wang Fang");
  EXPECT_EQ((*found)->contact, "wang.fang@example.com");
  auto listed = registry->List(false);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_TRUE(listed[0].name.empty());
}

// The ledger is the record of truth: a change whose entry was committed but whose stored
// registry was not updated (a crash in between) is read by the next open.
TEST_F(RegistryTest, CatchesUpWithEntriesItDidNotSave) {
  {
    auto registry = Open();
    ASSERT_TRUE(registry->Add(Company("Acme", "DE"), Day("2026-01-01"), false).ok());
  }
  nlohmann::json entry = {
      {"type", "recipient"}, {"action", "retire"}, {"date", "2026-03-01"}, {"id", "acme"}};
  std::vector<std::string> entries = {R"({"type":"transfer","as_of":"2026-02-01"})", entry.dump()};
  ASSERT_TRUE(ledger_->Append(entries).ok());

  auto read_only = Open(ledger::SqliteAccess::kReadOnly);
  ASSERT_NE(read_only, nullptr);
  EXPECT_TRUE(read_only->List(false).empty());  // read, not saved
  auto registry = Open();
  ASSERT_NE(registry, nullptr);
  auto found = registry->Find("acme", false);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->retired->ToString(), "2026-03-01");
  EXPECT_EQ((*found)->ledger_index, 2u);
}

TEST_F(RegistryTest, ReadOnlyRegistryRefusesChanges) {
  { ASSERT_NE(Open(), nullptr); }
  auto registry = Open(ledger::SqliteAccess::kReadOnly);
  ASSERT_NE(registry, nullptr);
  EXPECT_EQ(registry->Add(Company("Acme", "DE"), Day("2026-01-01"), false).error().code,
            ErrorCode::kFailedPrecondition);
}

TEST_F(RegistryTest, ForeignRecipientEntriesAreCorruption) {
  std::vector<std::string> entries = {R"({"type":"recipient","action":"add","date":"2026-01-01"})"};
  ASSERT_TRUE(ledger_->Append(entries).ok());
  auto store = OpenSqliteRecipientStore(path_, ledger::SqliteAccess::kCreate);
  ASSERT_TRUE(store.ok());
  auto registry = Registry::Open(*ledger_, std::move(store).value());
  ASSERT_FALSE(registry.ok());
  EXPECT_EQ(registry.error().code, ErrorCode::kCorruption);
  EXPECT_NE(registry.error().ToString().find("ledger entry 0"), std::string::npos);
}

}  // namespace
}  // namespace xb::registry
