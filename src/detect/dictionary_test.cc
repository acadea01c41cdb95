#include "detect/dictionary.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/locations.h"
#include "detect/admin_regions.h"
#include "detect/lexicon.h"

namespace xb {
namespace {

std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::string path = xb::BuildTreeDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(DictionaryTest, LoadsEntriesSkippingCommentsAndBlanks) {
  const std::string path =
      WriteTemp("dict_basic.txt", "\xEF\xBB\xBF# comment\n\n  欧阳 \nFemale\r\nmale\nmale\n");
  auto dict = Dictionary::Load(path);
  ASSERT_TRUE(dict.ok()) << dict.error().ToString();
  EXPECT_EQ(dict->size(), 3u);  // the duplicate counts once
  EXPECT_TRUE(dict->Contains("欧阳"));
  EXPECT_TRUE(dict->Contains("female"));
  EXPECT_TRUE(dict->Contains("FEMALE"));
  EXPECT_TRUE(dict->Contains("Male"));
  EXPECT_FALSE(dict->Contains("欧"));
  EXPECT_FALSE(dict->Contains("# comment"));
  EXPECT_FALSE(dict->Contains(""));
  EXPECT_EQ(dict->min_length(), 4u);
  EXPECT_EQ(dict->max_length(), 6u);
  ASSERT_EQ(dict->Entries().size(), 3u);
  EXPECT_EQ(dict->Entries()[1], "female");
}

TEST(DictionaryTest, ManyEntriesSurviveRehashing) {
  std::vector<std::string> entries;
  for (int i = 0; i < 5000; ++i) entries.push_back("w" + std::to_string(i));
  auto dict = Dictionary::FromEntries(entries);
  ASSERT_TRUE(dict.ok());
  EXPECT_EQ(dict->size(), 5000u);
  for (int i = 0; i < 5000; ++i) EXPECT_TRUE(dict->Contains("W" + std::to_string(i)));
  EXPECT_FALSE(dict->Contains("w5000"));
  EXPECT_FALSE(dict->Contains("w-1"));
}

TEST(DictionaryTest, ErrorsNameFileAndLine) {
  auto missing = Dictionary::Load(xb::BuildTreeDir() + "/no_such_dict.txt");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

  auto bad_utf8 = Dictionary::Load(WriteTemp("dict_bad.txt", "ok\n\xFF\xFE\n"));
  ASSERT_FALSE(bad_utf8.ok());
  EXPECT_EQ(bad_utf8.error().code, ErrorCode::kParse);
  EXPECT_EQ(bad_utf8.error().where.line, 2);

  auto too_long = Dictionary::Load(WriteTemp("dict_long.txt", std::string(65, 'a') + "\n"));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().where.line, 1);
}

TEST(LexiconTest, ShippedDictionariesLoadAndHoldWhatTheyPromise) {
  auto lex = Lexicon::Load(xb::SourceTreeDir() + "/data");
  ASSERT_TRUE(lex.ok()) << lex.error().ToString();
  for (const char* s : {"王", "李", "欧阳", "司马", "诸葛", "上官"}) {
    EXPECT_TRUE((*lex)->surnames_zh.Contains(s)) << s;
  }
  EXPECT_GE((*lex)->surnames_zh.size(), 300u);
  // 56 ethnic groups, each with and without 族.
  size_t with_zu = 0;
  for (std::string_view e : (*lex)->ethnic_groups.Entries()) {
    if (e.size() > 3 && e.substr(e.size() - 3) == "族") ++with_zu;
  }
  EXPECT_EQ(with_zu, 56u);
  EXPECT_TRUE((*lex)->ethnic_groups.Contains("维吾尔族"));
  EXPECT_TRUE((*lex)->ethnic_groups.Contains("维吾尔"));
  EXPECT_TRUE((*lex)->religions.Contains("佛教"));
  EXPECT_TRUE((*lex)->religions.Contains("buddhism"));
  EXPECT_TRUE((*lex)->health_terms.Contains("高血压"));
  EXPECT_TRUE((*lex)->health_terms.Contains("Type 2 Diabetes"));
  EXPECT_TRUE((*lex)->gender_terms.Contains("女"));
  EXPECT_TRUE((*lex)->gender_terms.Contains("F"));
  EXPECT_TRUE((*lex)->surnames_latin.Contains("zhang"));
  EXPECT_TRUE((*lex)->given_names_latin.Contains("MARY"));
}

TEST(AdminRegionsTest, CodesAndPlaceNames) {
  auto regions = AdminRegions::Load(xb::SourceTreeDir() + "/data/cn-admin-divisions");
  ASSERT_TRUE(regions.ok()) << regions.error().ToString();
  EXPECT_TRUE((*regions)->IsKnownRegion(110101));  // 东城区
  EXPECT_TRUE((*regions)->IsKnownRegion(110000));  // 北京市
  EXPECT_TRUE((*regions)->IsKnownRegion(440300));  // 深圳市
  EXPECT_FALSE((*regions)->IsKnownRegion(999999));
  EXPECT_FALSE((*regions)->IsKnownRegion(-1));
  EXPECT_TRUE((*regions)->IsPlaceName("北京市"));
  EXPECT_TRUE((*regions)->IsPlaceName("北京"));
  EXPECT_TRUE((*regions)->IsPlaceName("朝阳区"));
  EXPECT_FALSE((*regions)->IsPlaceName("张伟"));
  EXPECT_FALSE((*regions)->IsPlaceName("市辖区"));
}

TEST(AdminRegionsTest, MissingDirectoryIsNotFound) {
  auto regions = AdminRegions::Load(xb::BuildTreeDir() + "/no_such_dir");
  ASSERT_FALSE(regions.ok());
  EXPECT_EQ(regions.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace xb
