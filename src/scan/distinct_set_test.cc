#include "scan/distinct_set.h"

#include <gtest/gtest.h>

#include <new>
#include <random>
#include <utility>

namespace xb::scan {
namespace {

Hash128 Key(uint64_t i) { return {i * 0x9E3779B97F4A7C15ull, i ^ 0x1234}; }

TEST(DistinctSet, CountsDistinctKeysExactlyAcrossGrowth) {
  DistinctSet set;
  for (uint64_t i = 0; i < 100000; ++i) set.Insert(Key(i % 30000));
  EXPECT_EQ(set.size(), 30000u);
  EXPECT_TRUE(set.Contains(Key(29999)));
  EXPECT_FALSE(set.Contains(Key(30000)));
}

TEST(DistinctSet, ABudgetTooSmallThrowsBadAllocAndKeepsWhatWasInserted) {
  MemoryBudget budget(1u << 20);  // 1 MiB: a table of 64 Ki slots, not that and its successor
  DistinctSet set(&budget);
  uint64_t inserted = 0;
  EXPECT_THROW(for (; inserted < 1000000; ++inserted) set.Insert(Key(inserted)), std::bad_alloc);
  EXPECT_TRUE(budget.refused());
  EXPECT_LE(budget.used(), budget.limit());
  EXPECT_EQ(set.size(), inserted);  // the key that needed the larger table is not in it
  EXPECT_TRUE(set.Contains(Key(0)));
  EXPECT_TRUE(set.Contains(Key(inserted - 1)));
  EXPECT_FALSE(set.Contains(Key(inserted)));
}

TEST(DistinctSet, TablesAreChargedToTheBudgetUntilFreed) {
  MemoryBudget budget(1u << 30);
  {
    DistinctSet set(&budget);
    set.Reserve(100000);
    EXPECT_EQ(budget.used(), 262144 * sizeof(Hash128));  // 2^18 slots: at most half full
    DistinctSet moved = std::move(set);
    moved.Insert(Key(1));
    EXPECT_EQ(budget.used(), 262144 * sizeof(Hash128));
  }
  EXPECT_EQ(budget.used(), 0u);
}

TEST(DistinctSet, InsertReportsNovelty) {
  DistinctSet set;
  EXPECT_TRUE(set.Insert(Key(1)));
  EXPECT_FALSE(set.Insert(Key(1)));
}

TEST(DistinctSet, DeferredInsertsCountOnceFlushed) {
  DistinctSet set;
  set.Reserve(100);
  for (uint64_t i = 0; i < 50000; ++i) set.InsertSoon(Key(i % 7000));
  set.Flush();
  EXPECT_EQ(set.size(), 7000u);
  DistinctSet moved = std::move(set);
  EXPECT_EQ(moved.size(), 7000u);
  EXPECT_TRUE(moved.Contains(Key(6999)));
}

TEST(DistinctSet, ZeroKeyIsStorable) {
  DistinctSet set;
  EXPECT_TRUE(set.Insert({0, 0}));
  EXPECT_TRUE(set.Contains({0, 0}));
  EXPECT_EQ(set.size(), 1u);
}

TEST(DistinctSet, MergeIsAUnion) {
  DistinctSet a, b;
  for (uint64_t i = 0; i < 5000; ++i) a.Insert(Key(i));
  for (uint64_t i = 2500; i < 9000; ++i) b.Insert(Key(i));
  a.Merge(b);
  EXPECT_EQ(a.size(), 9000u);
  DistinctSet empty;
  a.Merge(empty);
  EXPECT_EQ(a.size(), 9000u);
}

}  // namespace
}  // namespace xb::scan
