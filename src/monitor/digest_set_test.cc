#include "monitor/digest_set.h"

#include <gtest/gtest.h>

#include <set>

namespace xb::monitor {
namespace {

TEST(DigestSet, CountsExactlyAcrossGrowth) {
  DigestSet set;
  std::set<Digest> oracle;
  for (int i = 0; i < 50000; ++i) {
    Digest d = Sha256("subject " + std::to_string(i % 30011));  // duplicates on purpose
    EXPECT_EQ(set.Insert(d), oracle.insert(d).second);
  }
  EXPECT_EQ(set.size(), oracle.size());
  for (const Digest& d : oracle) EXPECT_TRUE(set.Contains(d));
  EXPECT_FALSE(set.Contains(Sha256("nobody")));
  EXPECT_LE(set.memory_bytes(), 65536u * 32u);
}

TEST(DigestSet, TheAllZeroDigestIsAMemberLikeAnyOther) {
  DigestSet set;
  Digest zero{};
  EXPECT_FALSE(set.Contains(zero));
  EXPECT_TRUE(set.Insert(zero));
  EXPECT_FALSE(set.Insert(zero));
  EXPECT_TRUE(set.Contains(zero));
  EXPECT_EQ(set.size(), 1u);
}

// Hashes that share their first 8 bytes all land in one probe run and are still told apart.
TEST(DigestSet, CollidingPrefixesAreKeptApart) {
  DigestSet set;
  for (int i = 1; i <= 2000; ++i) {
    Digest d{};
    d[31] = static_cast<uint8_t>(i);
    d[30] = static_cast<uint8_t>(i >> 8);
    EXPECT_TRUE(set.Insert(d));
  }
  EXPECT_EQ(set.size(), 2000u);
}

}  // namespace
}  // namespace xb::monitor
