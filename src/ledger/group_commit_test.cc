#include "ledger/group_commit.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "ledger/store_test_backends.h"

namespace xb::ledger {
namespace {

// Makes every commit slow, so that callers arriving meanwhile are certain to be grouped.
class SlowCommitStore : public testing::FaultyStore {
 public:
  explicit SlowCommitStore(std::unique_ptr<Store> inner)
      : FaultyStore(std::move(inner), /*fail_at=*/-1) {}
  Result<std::unique_ptr<WriteTransaction>> BeginWrite() override {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return FaultyStore::BeginWrite();
  }
};

template <class Backend>
class GroupCommitTest : public testing::BackendTest<Backend> {
 protected:
  std::unique_ptr<Ledger> OpenSlowLedger() {
    auto store = Backend::Open(this->db_);
    EXPECT_TRUE(store.ok());
    if (!store.ok()) return nullptr;
    auto ledger = Ledger::Open(std::make_unique<SlowCommitStore>(std::move(store).value()),
                               testing::TestSigningKey());
    return ledger.ok() ? std::move(ledger).value() : nullptr;
  }
};
TYPED_TEST_SUITE(GroupCommitTest, testing::StoreBackends, testing::BackendNames);

TYPED_TEST(GroupCommitTest, ConcurrentAppendsShareTransactionsAndEachGetsItsOwnIndex) {
  auto ledger = this->OpenSlowLedger();
  ASSERT_NE(ledger, nullptr);
  GroupCommitter group(*ledger);
  constexpr int kThreads = 8;
  constexpr int kEach = 10;
  std::vector<std::vector<AppendResult>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto r =
            group.Append("{\"thread\":" + std::to_string(t) + ",\"i\":" + std::to_string(i) + "}");
        EXPECT_TRUE(r.ok()) << r.error().ToString();
        if (r.ok()) results[t].push_back(*r);
      }
    });
  }
  for (auto& t : threads) t.join();

  std::set<uint64_t> indexes;
  std::set<uint64_t> transactions;  // each transaction reports one tree size
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_EQ(results[t].size(), static_cast<size_t>(kEach));
    for (int i = 0; i < kEach; ++i) {
      const AppendResult& r = results[t][i];
      EXPECT_EQ(r.count, 1u);
      EXPECT_LT(r.first_index, r.size);
      EXPECT_TRUE(indexes.insert(r.first_index).second);
      transactions.insert(r.size);
      // The index returned is where this caller's entry really is.
      EXPECT_EQ(*ledger->Entry(r.first_index),
                "{\"i\":" + std::to_string(i) + ",\"thread\":" + std::to_string(t) + "}");
    }
  }
  EXPECT_EQ(ledger->Head()->size, static_cast<uint64_t>(kThreads * kEach));
  EXPECT_LE(transactions.size(), static_cast<size_t>(kThreads * kEach / 2));
  auto report = ledger->Verify(std::nullopt, std::nullopt);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->problem;
}

TYPED_TEST(GroupCommitTest, ABadEntryFailsAloneAndTheOthersAreAppended) {
  auto ledger = this->OpenSlowLedger();
  ASSERT_NE(ledger, nullptr);
  GroupCommitter group(*ledger);
  std::vector<std::string> entries = {"{\"a\":1}", "{\"bad\":1.5}", "{\"a\":2}",
                                      "not json",  "{\"a\":3}",     "{\"subject_set\":{}}"};
  std::vector<std::optional<Result<AppendResult>>> results(entries.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < entries.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = group.Append(entries[i]); });
  }
  for (auto& t : threads) t.join();
  for (size_t i : {0, 2, 4}) EXPECT_TRUE(results[i]->ok()) << i;
  for (size_t i : {1, 3, 5}) {
    ASSERT_FALSE(results[i]->ok()) << i;
    EXPECT_EQ(results[i]->error().code, ErrorCode::kParse);
    EXPECT_TRUE(results[i]->error().where.field.empty());
  }
  EXPECT_EQ(ledger->Head()->size, 3u);
}

}  // namespace
}  // namespace xb::ledger
