#include "scan/subject_hasher.h"

#include <gtest/gtest.h>

namespace xb::scan {
namespace {

std::array<uint8_t, 32> KeyOf(uint8_t fill) {
  std::array<uint8_t, 32> key;
  key.fill(fill);
  return key;
}

TEST(SubjectHasher, DeterministicPerKey) {
  SubjectHasher a(KeyOf(1)), b(KeyOf(1)), c(KeyOf(2));
  EXPECT_EQ(a.Hash("11010519491231002X"), b.Hash("11010519491231002X"));
  EXPECT_FALSE(a.Hash("11010519491231002X") == c.Hash("11010519491231002X"));
}

TEST(SubjectHasher, DistinctInputsGiveDistinctHashes) {
  SubjectHasher h(KeyOf(7));
  EXPECT_FALSE(h.Hash("13800138000") == h.Hash("13800138001"));
  EXPECT_FALSE(h.Hash("") == h.Hash(std::string_view("\0", 1)));
}

TEST(SubjectHasher, OnlyTheFirstSixteenKeyBytesMatter) {
  // SipHash takes a 128-bit key; document that the tail of the sub-key is unused.
  auto k1 = KeyOf(3), k2 = KeyOf(3);
  k2[31] = 99;
  EXPECT_EQ(SubjectHasher(k1).Hash("x"), SubjectHasher(k2).Hash("x"));
}

}  // namespace
}  // namespace xb::scan
