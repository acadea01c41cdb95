#include "scan/memory_budget.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace xb::scan {
namespace {

TEST(MemoryBudget, ChargesUpToTheLimitAndRemembersARefusal) {
  MemoryBudget budget(100);
  EXPECT_TRUE(budget.TryCharge(60));
  EXPECT_FALSE(budget.refused());
  EXPECT_FALSE(budget.TryCharge(41));
  EXPECT_TRUE(budget.refused());
  EXPECT_EQ(budget.used(), 60u);  // a refused charge changes nothing
  EXPECT_TRUE(budget.TryCharge(40));
  budget.Release(60);
  EXPECT_EQ(budget.used(), 40u);
  EXPECT_FALSE(budget.TryCharge(UINT64_MAX));  // no overflow past the limit
}

TEST(MemoryBudget, ConcurrentChargesNeverPassTheLimit) {
  MemoryBudget budget(1000);
  std::vector<std::jthread> threads;
  std::atomic<int> granted{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        if (budget.TryCharge(3)) granted.fetch_add(1);
      }
    });
  }
  threads.clear();  // joins
  EXPECT_EQ(granted.load(), 333);
  EXPECT_EQ(budget.used(), 999u);
}

}  // namespace
}  // namespace xb::scan
