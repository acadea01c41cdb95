#include "transfer/ledger_history.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "ledger/open_ledger.h"

namespace xb::transfer {
namespace {
namespace fs = std::filesystem;

const CivilDate kAsOf = *CivilDate::FromYmd(2026, 11, 22);

std::string FreshDir() {
  auto dir =
      fs::temp_directory_path() / ("xb_history_" + std::to_string(::getpid()) + "_" +
                                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

// Stand-ins for keyed subject hashes: distinct per person, stable across calls.
std::vector<Digest> People(int from, int to) {
  std::vector<Digest> out;
  for (int i = from; i < to; ++i) out.push_back(Sha256("p" + std::to_string(i)));
  std::sort(out.begin(), out.end());
  return out;
}

ledger::TransferRecord Record(const std::string& key_id, int year, bool counted, int from, int to,
                              int sensitive_to) {
  ledger::TransferRecord t;
  t.entry_json = R"({"type":"transfer"})";
  t.group = {key_id, "ACME", year, counted};
  t.individuals = People(from, to);
  t.sensitive = People(from, sensitive_to);
  return t;
}

class LedgerHistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshDir();
    auto opened =
        ledger::OpenLedgerFile(dir_ + "/x.db", dir_ + "/x.key", ledger::LedgerAccess::kAppend);
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    ledger_ = std::move(opened).value();
  }
  std::string dir_;
  std::unique_ptr<ledger::Ledger> ledger_;
};

TEST_F(LedgerHistoryTest, NoLedgerOrNoEntriesIsNothingToSay) {
  LedgerHistorySource absent(nullptr, "k", "no ledger here");
  auto none = absent.Lookup("ACME", kAsOf);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  EXPECT_EQ(absent.Describe(), "no ledger here");
  LedgerHistorySource empty(ledger_.get(), "k", "ledger x.db");
  EXPECT_FALSE(empty.Lookup("ACME", kAsOf)->has_value());
  // A transfer's ledger is the record: no entry yet means zero, not unknown.
  empty.DeduplicateAgainst(People(0, 3), {});
  auto zero = empty.Lookup("ACME", kAsOf);
  ASSERT_TRUE(zero.ok() && zero->has_value());
  EXPECT_EQ((*zero)->year_to_date.individuals_counted, 0);
}

TEST_F(LedgerHistoryTest, ReadsYearToDateAndTheTwoYearWindow) {
  ASSERT_TRUE(ledger_->AppendTransfer(Record("k", 2025, true, 0, 30, 0)).ok());
  ASSERT_TRUE(ledger_->AppendTransfer(Record("k", 2026, true, 20, 60, 25)).ok());
  ASSERT_TRUE(ledger_->AppendTransfer(Record("k", 2026, false, 0, 5, 0)).ok());
  ASSERT_TRUE(ledger_->AppendTransfer(Record("other", 2026, true, 100, 103, 0)).ok());
  LedgerHistorySource source(ledger_.get(), "k", "ledger x.db");
  auto h = source.Lookup("ACME", kAsOf);
  ASSERT_TRUE(h.ok()) << h.error().ToString();
  ASSERT_TRUE(h->has_value());
  EXPECT_EQ((*h)->year_to_date.individuals_counted, 40 + 3);  // other key: upper bound
  EXPECT_EQ((*h)->year_to_date.sensitive_individuals_counted, 5);
  EXPECT_EQ((*h)->year_to_date.individuals_exempt, 5);
  EXPECT_EQ((*h)->since_prev_year.individuals_counted, 60 + 3);  // 0..59 distinct, + other key
  EXPECT_FALSE(source.Lookup("Nobody", *CivilDate::FromYmd(2026, 1, 1))->has_value());

  // For a transfer of people 50..70: 10 of them (50..59) are already counted this year, so
  // history + this transfer (20) is the true union, 40 + 10 new + other key.
  source.DeduplicateAgainst(People(50, 70), {});
  h = source.Lookup("ACME", kAsOf);
  ASSERT_TRUE(h.ok() && h->has_value());
  EXPECT_EQ((*h)->year_to_date.individuals_counted + 20, 40 + 10 + 3);
}

}  // namespace
}  // namespace xb::transfer
