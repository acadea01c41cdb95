#include "protect/generalizer.h"

#include <gtest/gtest.h>

#include "core/locations.h"
#include "protect/region_gazetteer.h"

namespace xb::protect {
namespace {

std::unique_ptr<RegionGazetteer> Regions() {
  auto g = RegionGazetteer::Load(xb::SourceTreeDir() + "/data/cn-admin-divisions");
  EXPECT_TRUE(g.ok()) << g.error().ToString();
  return g.ok() ? std::move(g).value() : nullptr;
}

TEST(RegionGazetteer, ResolvesCodesIdsAndAddresses) {
  auto g = Regions();
  ASSERT_NE(g, nullptr);
  auto id = g->Resolve("130102199003074514");
  EXPECT_EQ(id.province, "河北省");
  EXPECT_EQ(id.city, "河北省石家庄市");
  EXPECT_EQ(id.county, "河北省石家庄市长安区");
  auto beijing = g->Resolve("北京市东城区景山街道1号");
  EXPECT_EQ(beijing.province, "北京市");
  EXPECT_EQ(beijing.city, "北京市");
  EXPECT_EQ(beijing.county, "北京市东城区");
  auto short_form = g->Resolve("河北石家庄长安区中山东路");
  EXPECT_EQ(short_form.city, "河北省石家庄市");
  auto unknown = g->Resolve("somewhere abroad");
  EXPECT_EQ(unknown.province, "*");
  EXPECT_EQ(unknown.county, "*");
}

TEST(Generalizer, RegionHierarchyIsATree) {
  auto g = Regions();
  ASSERT_NE(g, nullptr);
  auto gen = MakeGeneralizer({"cn_region", {}}, g.get());
  ASSERT_TRUE(gen.ok());
  auto h = BuildHierarchy(**gen, {"130102199003074514", "130104", "河北省", "北京市东城区", "x"});
  ASSERT_TRUE(h.ok()) << h.error().ToString();
  EXPECT_EQ(h->height(), 5);
  EXPECT_EQ((*gen)->LevelByName("city"), 2);
}

TEST(Generalizer, AgeBandsNest) {
  auto gen = MakeGeneralizer({"age", {}}, nullptr);
  ASSERT_TRUE(gen.ok());
  EXPECT_EQ(*(*gen)->Generalize("37", 1), "35-39");
  EXPECT_EQ(*(*gen)->Generalize("37", 2), "30-39");
  EXPECT_EQ(*(*gen)->Generalize("37", 3), "20-39");
  EXPECT_EQ(*(*gen)->Generalize("37", 4), "*");
  auto bad = (*gen)->Generalize("thirty", 1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message.find("thirty"), std::string::npos);
}

TEST(Generalizer, NumericWidthsMustNest) {
  EXPECT_FALSE(MakeGeneralizer({"numeric", {10, 15}}, nullptr).ok());
  EXPECT_FALSE(MakeGeneralizer({"numeric", {}}, nullptr).ok());
  EXPECT_TRUE(MakeGeneralizer({"numeric", {10, 100}}, nullptr).ok());
  EXPECT_FALSE(MakeGeneralizer({"bogus", {}}, nullptr).ok());
}

TEST(Generalizer, DateLevels) {
  auto gen = MakeGeneralizer({"date", {}}, nullptr);
  ASSERT_TRUE(gen.ok());
  EXPECT_EQ(*(*gen)->Generalize("1987-06-05", 1), "1987-06");
  EXPECT_EQ(*(*gen)->Generalize("1987-06-05", 3), "1980-1989");
  EXPECT_FALSE((*gen)->Generalize("1987-02-30", 2).ok());
}

TEST(DescribeShape, NamesClassesNotCharacters) {
  EXPECT_EQ(DescribeShape("13812345678"), "11 characters: digits");
  EXPECT_EQ(DescribeShape("张三"), "2 characters: non-ASCII");
}

}  // namespace
}  // namespace xb::protect
