#include "core/scope_guard.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace xb {
namespace {

TEST(ScopeGuard, RunsOnReturnAndOnException) {
  int runs = 0;
  {
    ScopeGuard guard([&] { ++runs; });
  }
  EXPECT_EQ(runs, 1);
  try {
    ScopeGuard guard([&] { ++runs; });
    throw std::runtime_error("unwind");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(runs, 2);
}

TEST(ScopeGuard, DismissedGuardDoesNotRun) {
  int runs = 0;
  {
    ScopeGuard guard([&] { ++runs; });
    guard.Dismiss();
  }
  EXPECT_EQ(runs, 0);
}

}  // namespace
}  // namespace xb
