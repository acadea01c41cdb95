#include "detect/text/chinese_name_recognizer.h"

#include <gtest/gtest.h>

#include "core/locations.h"
#include "core/utf8.h"
#include "detect/lexicon.h"

namespace xb::text {
namespace {

Document Decode(std::string_view s) {
  Document doc;
  doc.text = s;
  for (size_t i = 0; i < s.size();) {
    doc.byte.push_back(static_cast<uint32_t>(i));
    utf8::Decoded d = utf8::DecodeOne(s.substr(i));
    doc.cps.push_back(d.code_point);
    i += d.length;
  }
  doc.byte.push_back(static_cast<uint32_t>(s.size()));
  return doc;
}

// The names found with a score of at least 0.5, as text.
std::vector<std::string> Names(std::string_view s) {
  static auto recognizer = ChineseNameRecognizer::Load(LocateDataDir());
  EXPECT_TRUE(recognizer.ok());
  Document doc = Decode(s);
  std::vector<Candidate> out;
  (*recognizer)->Find(doc, &out);
  std::vector<std::string> names;
  for (const Candidate& c : out) {
    if (c.score >= 0.5f) names.emplace_back(doc.Bytes(c.start, c.end));
  }
  return names;
}

TEST(ChineseNameRecognizer, PrefersTheLengthTheContextSupports) {
  EXPECT_EQ(Names("客户张伟明天来"), std::vector<std::string>{"张伟"});
  EXPECT_EQ(Names("李秀英，女"), std::vector<std::string>{"李秀英"});
}

TEST(ChineseNameRecognizer, CompoundSurnames) {
  EXPECT_EQ(Names("经办人司马光签字"), std::vector<std::string>{"司马光"});
  EXPECT_EQ(Names("感谢诸葛亮老师"), std::vector<std::string>{"诸葛亮"});
  EXPECT_EQ(Names("上官婉儿说"), std::vector<std::string>{"上官婉儿"});
}

TEST(ChineseNameRecognizer, DottedTransliteratedNames) {
  EXPECT_EQ(Names("患者古丽娜扎尔·拜合提亚尔入院"),
            std::vector<std::string>{"古丽娜扎尔·拜合提亚尔"});
}

TEST(ChineseNameRecognizer, FunctionWordsEndTheGivenName) {
  EXPECT_EQ(Names("我和王芳去吃饭"), std::vector<std::string>{"王芳"});
  EXPECT_TRUE(Names("他说的方法很好").empty());
}

// Labelling convention (bench/quality/README.md): a bare surname with its form of address is one
// span; a full name is the name without its title.
TEST(ChineseNameRecognizer, FormsOfAddressAroundABareSurname) {
  EXPECT_EQ(Names("王师傅明天上门"), std::vector<std::string>{"王师傅"});
  EXPECT_EQ(Names("请李总审批"), std::vector<std::string>{"李总"});
  EXPECT_EQ(Names("刚才张经理来电"), std::vector<std::string>{"张经理"});
  EXPECT_EQ(Names("麻烦刘医生看一下"), std::vector<std::string>{"刘医生"});
  EXPECT_EQ(Names("小王，你过来"), std::vector<std::string>{"小王"});
  EXPECT_EQ(Names("老李今天没来"), std::vector<std::string>{"老李"});
  EXPECT_EQ(Names("阿明说他晚点到"), std::vector<std::string>{"阿明"});
  EXPECT_EQ(Names("王建国师傅到了"), std::vector<std::string>{"王建国"});
}

TEST(ChineseNameRecognizer, WordsThatOnlyLookLikeFormsOfAddress) {
  EXPECT_TRUE(Names("王总是迟到").empty());
  EXPECT_TRUE(Names("等了三小时，小区门口").empty());
  EXPECT_TRUE(Names("值班医生说没事").empty());
  EXPECT_TRUE(Names("语文老师请假了").empty());
  EXPECT_TRUE(Names("康师傅方便面").empty());
  EXPECT_TRUE(Names("老公下班了").empty());
  EXPECT_TRUE(Names("阿姨在吗").empty());
}

TEST(ChineseNameRecognizer, NameEndsBeforeVerbsAndKnownWords) {
  EXPECT_EQ(Names("徐峰觉得不合适"), std::vector<std::string>{"徐峰"});
  EXPECT_EQ(Names("司徒雅的快递被夏侯杰代签了"), (std::vector<std::string>{"司徒雅", "夏侯杰"}));
  EXPECT_EQ(Names("路遥路过前台"), std::vector<std::string>{"路遥"});
  EXPECT_EQ(Names("感谢吴彤的帮助"), std::vector<std::string>{"吴彤"});
  EXPECT_TRUE(Names("请于本周五前交").empty());
}

TEST(ChineseNameRecognizer, OneCharacterCuesThatAreRareSurnames) {
  EXPECT_EQ(Names("工作由闵浩负责"), std::vector<std::string>{"闵浩"});
  EXPECT_EQ(Names("客户向阳投诉"), std::vector<std::string>{"向阳"});
  EXPECT_EQ(Names("我们组的刘姐下个月退休"), std::vector<std::string>{"刘姐"});
}

TEST(ChineseNameRecognizer, NoNameInsideMedicinesOrPlaces) {
  EXPECT_TRUE(Names("目前服用舍曲林").empty());
  EXPECT_TRUE(Names("王老吉一箱").empty());
}

TEST(ChineseNameRecognizer, PlacesAreNotNames) {
  EXPECT_TRUE(Names("邵阳市的门店").empty());
  EXPECT_TRUE(Names("黄山区的景点").empty());
  EXPECT_TRUE(Names("张家口的风很大").empty());
}

TEST(ChineseNameRecognizer, NamesWithoutSurnameAndTransliterations) {
  EXPECT_EQ(Names("导游扎西多吉明天带团"), std::vector<std::string>{"扎西多吉"});
  EXPECT_EQ(Names("司机巴特尔已到"), std::vector<std::string>{"巴特尔"});
  EXPECT_EQ(Names("约翰·史密斯先生"), std::vector<std::string>{"约翰·史密斯"});
  EXPECT_EQ(Names("用户阿布都热合曼·吐尔逊登录"), std::vector<std::string>{"阿布都热合曼·吐尔逊"});
}

}  // namespace
}  // namespace xb::text
