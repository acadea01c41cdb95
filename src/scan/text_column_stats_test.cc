#include "scan/text_column_stats.h"

#include <gtest/gtest.h>

namespace xb::scan {
namespace {

TextFinding Finding(EntityType type, bool masked = false) {
  TextFinding f;
  f.type = type;
  f.masked = masked;
  return f;
}

TEST(TextColumnStats, CountsFindingsCellsAndMaskedPerType) {
  TextColumnStats stats;
  stats.AddCell({Finding(EntityType::kPersonName), Finding(EntityType::kCnMobile),
                 Finding(EntityType::kPersonName)});
  stats.AddCell({});
  stats.AddCell({Finding(EntityType::kCnMobile, /*masked=*/true)});
  EXPECT_EQ(stats.cells(), 3u);
  EXPECT_EQ(stats.cells_with_findings(), 2u);
  std::vector<TextEntityCount> e = stats.Entities();
  ASSERT_EQ(e.size(), 2u);
  // Two cells hold a mobile, one a name (twice): most cells first.
  EXPECT_EQ(e[0].type, EntityType::kCnMobile);
  EXPECT_EQ(e[0].findings, 2u);
  EXPECT_EQ(e[0].cells, 2u);
  EXPECT_EQ(e[0].masked, 1u);
  EXPECT_EQ(e[1].type, EntityType::kPersonName);
  EXPECT_EQ(e[1].findings, 2u);
  EXPECT_EQ(e[1].cells, 1u);
  EXPECT_EQ(e[1].masked, 0u);
}

TEST(TextColumnStats, MergeAddsEverything) {
  TextColumnStats a, b;
  a.AddCell({Finding(EntityType::kHealth)});
  b.AddCell({Finding(EntityType::kHealth), Finding(EntityType::kAddress)});
  b.AddCell({});
  a.Merge(b);
  EXPECT_EQ(a.cells(), 3u);
  EXPECT_EQ(a.cells_with_findings(), 2u);
  std::vector<TextEntityCount> e = a.Entities();
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].type, EntityType::kHealth);
  EXPECT_EQ(e[0].cells, 2u);
  EXPECT_EQ(e[1].type, EntityType::kAddress);
}

TEST(LooksLikeProse, ChineseSentencesAndSpacedWordsAreProse) {
  EXPECT_TRUE(LooksLikeProse("客户要求周末送货"));
  EXPECT_TRUE(LooksLikeProse("联系张伟13800138000"));
  EXPECT_TRUE(LooksLikeProse("Customer asked for weekend delivery"));
  EXPECT_TRUE(LooksLikeProse("call Anna on +44 20 7946 0958"));
}

TEST(LooksLikeProse, CodesNumbersLabelsAndShortTextAreNot) {
  EXPECT_FALSE(LooksLikeProse(""));
  EXPECT_FALSE(LooksLikeProse("张伟"));
  EXPECT_FALSE(LooksLikeProse("北京市"));
  EXPECT_FALSE(LooksLikeProse("在线客服"));
  EXPECT_FALSE(LooksLikeProse("人力资源部"));
  EXPECT_FALSE(LooksLikeProse("3号楼"));
  EXPECT_FALSE(LooksLikeProse("ORD-2026-000123"));
  EXPECT_FALSE(LooksLikeProse("110101199003078531"));
  EXPECT_FALSE(LooksLikeProse("2026-11-23 10:00:00"));  // no word before the space
  EXPECT_FALSE(LooksLikeProse("pending"));
  EXPECT_FALSE(LooksLikeProse("Zhang Wei"));  // short: a name column's value, not prose
}

}  // namespace
}  // namespace xb::scan
