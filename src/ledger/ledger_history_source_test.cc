#include "ledger/ledger_history_source.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/key_file.h"
#include "ledger/ledger_test_util.h"
#include "ledger/open_ledger.h"
#include "ledger/store_test_backends.h"
#include "ledger/subject_set.h"

namespace xb::ledger {
namespace {

TransferRecord Record(const testing::TestSubjectHasher& hasher, int year, bool counted, int from,
                      int to, int sensitive_to) {
  TransferRecord t;
  t.entry_json = R"({"type":"transfer"})";
  t.group = {hasher.key_id(), "ACME", year, counted};
  for (int i = from; i < to; ++i) t.individuals.push_back(hasher.Hash("p" + std::to_string(i)));
  for (int i = from; i < sensitive_to; ++i)
    t.sensitive.push_back(hasher.Hash("p" + std::to_string(i)));
  return t;
}

template <class Backend>
class LedgerHistorySourceTest : public testing::BackendTest<Backend> {};
TYPED_TEST_SUITE(LedgerHistorySourceTest, testing::StoreBackends, testing::BackendNames);

TYPED_TEST(LedgerHistorySourceTest, NoLedgerOrNoEntriesIsNothingToSay) {
  const std::string& db = this->db_;
  LedgerHistorySource absent(db, "k");
  auto none = absent.Lookup("ACME", *CivilDate::FromYmd(2026, 11, 22));
  ASSERT_TRUE(none.ok()) << none.error().ToString();
  EXPECT_FALSE(none->has_value());
  // Never created.
  EXPECT_EQ(OpenLedgerStore(db, LedgerAccess::kRead).error().code, ErrorCode::kNotFound);
  ASSERT_NE(testing::OpenTestLedger(db), nullptr);
  EXPECT_FALSE(absent.Lookup("ACME", *CivilDate::FromYmd(2026, 11, 22))->has_value());
  EXPECT_EQ(absent.Describe(), "ledger " + db);
}

TEST(LedgerHistorySource, DescribeMasksAPassword) {
  LedgerHistorySource source("postgresql://xb:hunter2@db.example/xb", "k");
  EXPECT_EQ(source.Describe(), "ledger postgresql://xb:***@db.example/xb");
}

TYPED_TEST(LedgerHistorySourceTest, ReadsYearToDateAndTheTwoYearWindow) {
  const std::string& path = this->db_;
  SecretKey key = KeyFromBytes(std::array<uint8_t, 32>{7});
  testing::TestSubjectHasher hasher(key);
  {
    auto ledger = testing::OpenTestLedger(path);
    ASSERT_TRUE(ledger->AppendTransfer(Record(hasher, 2025, true, 0, 30, 0)).ok());
    ASSERT_TRUE(ledger->AppendTransfer(Record(hasher, 2026, true, 20, 60, 25)).ok());
    ASSERT_TRUE(ledger->AppendTransfer(Record(hasher, 2026, false, 0, 5, 0)).ok());
    testing::TestSubjectHasher other(KeyFromBytes(std::array<uint8_t, 32>{8}));
    ASSERT_TRUE(ledger->AppendTransfer(Record(other, 2026, true, 0, 3, 0)).ok());
  }
  LedgerHistorySource source(path, key.id);
  auto h = source.Lookup("ACME", *CivilDate::FromYmd(2026, 11, 22));
  ASSERT_TRUE(h.ok()) << h.error().ToString();
  ASSERT_TRUE(h->has_value());
  EXPECT_EQ((*h)->year_to_date.individuals_counted, 40 + 3);  // other key: upper bound
  EXPECT_EQ((*h)->year_to_date.sensitive_individuals_counted, 5);
  EXPECT_EQ((*h)->year_to_date.individuals_exempt, 5);
  EXPECT_EQ((*h)->since_prev_year.individuals_counted, 60 + 3);  // 0..59 distinct, + other key
  EXPECT_FALSE(source.Lookup("Nobody", *CivilDate::FromYmd(2026, 1, 1))->has_value());
}

}  // namespace
}  // namespace xb::ledger
