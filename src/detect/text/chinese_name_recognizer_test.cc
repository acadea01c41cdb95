#include "detect/text/chinese_name_recognizer.h"

#include <gtest/gtest.h>

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
  static auto recognizer = ChineseNameRecognizer::Load(DefaultDataDir());
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

}  // namespace
}  // namespace xb::text
