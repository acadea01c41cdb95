#include "protect/hierarchy.h"

#include <gtest/gtest.h>

namespace xb::protect {
namespace {

TEST(Hierarchy, ParsesArxFormat) {
  auto h = Hierarchy::ParseCsv("a;x;*\r\nb;x;*\n\nc;y;*\n", "h.csv");
  ASSERT_TRUE(h.ok()) << h.error().ToString();
  EXPECT_EQ(h->height(), 3);
  EXPECT_EQ(h->domain_size(), 3u);
  auto c = h->FindLeaf("c");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(h->label_text(1, h->LabelOf(1, *c)), "y");
  EXPECT_EQ(h->label_text(2, h->LabelOf(2, *c)), "*");
  EXPECT_EQ(h->LeavesUnder(1, h->LabelOf(1, *h->FindLeaf("a"))), 2u);
  EXPECT_EQ(h->LeavesUnder(2, 0), 3u);
  EXPECT_EQ(h->Generalize(1, 2, h->LabelOf(1, *c)), h->LabelOf(2, *c));
  EXPECT_FALSE(h->FindLeaf("z").has_value());
}

TEST(Hierarchy, InconsistentHeightsNameTheLine) {
  auto h = Hierarchy::ParseCsv("a;x;*\n\nb;*\n", "h.csv");
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().code, ErrorCode::kParse);
  EXPECT_EQ(h.error().where.line, 3);
  EXPECT_NE(h.error().message.find("inconsistent"), std::string::npos);
}

TEST(Hierarchy, RejectsDuplicateLeafAndNonTree) {
  auto dup = Hierarchy::ParseCsv("a;*\na;*\n", "h.csv");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().where.line, 2);
  auto not_tree = Hierarchy::ParseCsv("a;x;p\nb;x;q\n", "h.csv");
  ASSERT_FALSE(not_tree.ok());
  EXPECT_NE(not_tree.error().message.find("tree"), std::string::npos);
}

TEST(Hierarchy, EmptyIsAnError) { EXPECT_FALSE(Hierarchy::ParseCsv("\n\n", "h.csv").ok()); }

}  // namespace
}  // namespace xb::protect
