#include "core/wiped.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace xb {
namespace {

bool AllZero(const char* p, size_t n) {
  return std::all_of(p, p + n, [](char c) { return c == 0; });
}

TEST(Wiped, WipesAFixedArrayAndTheSourceOfAMove) {
  Wiped<std::array<uint8_t, 4>> a(std::array<uint8_t, 4>{1, 2, 3, 4});
  Wiped<std::array<uint8_t, 4>> b(std::move(a));
  EXPECT_EQ((*b)[3], 4);
  EXPECT_EQ(*a, (std::array<uint8_t, 4>{}));  // NOLINT(bugprone-use-after-move): the point
  b.Wipe();
  EXPECT_EQ(*b, (std::array<uint8_t, 4>{}));
}

TEST(Wiped, WipesAStringsWholeCapacityNotOnlyItsSize) {
  Wiped<std::string> s(std::string(100, 'k'));
  s->resize(3);  // the 97 bytes after size() still hold the key
  const char* data = s->data();
  size_t capacity = s->capacity();
  s.Wipe();
  EXPECT_TRUE(s->empty());
  EXPECT_EQ(s->data(), data);  // the same block, now all zeros
  EXPECT_TRUE(AllZero(data, capacity));
}

TEST(Wiped, TakingAStringLeavesNothingInTheOriginal) {
  std::string source = "short key";  // inline (small-string) storage is copied, not moved
  Wiped<std::string> s(std::move(source));
  EXPECT_EQ(*s, "short key");
  EXPECT_TRUE(AllZero(source.data(), source.capacity()));  // NOLINT(bugprone-use-after-move)
}

TEST(Wiped, ReservedBufferDoesNotReallocateWhileFilled) {
  auto buffer = Wiped<std::vector<uint8_t>>::Reserved(64);
  const uint8_t* data = buffer->data();
  for (int i = 0; i < 64; ++i) buffer->push_back(static_cast<uint8_t>(i + 1));
  EXPECT_EQ(buffer->data(), data);
}

}  // namespace
}  // namespace xb
