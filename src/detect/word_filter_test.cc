#include "detect/word_filter.h"

#include <gtest/gtest.h>

#include <string>

namespace xb {
namespace {

TEST(WordFilterTest, EveryAddedWordPassesInAnyAsciiCase) {
  WordFilter filter;
  const std::string words[] = {"张",
                               "欧阳",
                               "female",
                               "Zhang Wei",
                               "汉族",
                               "a",
                               "0123456789abcdefghijklmnopqrstuvwxyz",
                               "Müller",
                               "MiXeD CaSe word"};
  for (const std::string& w : words) filter.Add(w);
  for (std::string w : words) {
    EXPECT_TRUE(filter.MayContain(w)) << w;
    for (char& c : w) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    EXPECT_TRUE(filter.MayContain(w)) << w;
  }
}

TEST(WordFilterTest, RejectsMostWordsNeverAdded) {
  WordFilter filter;
  for (int i = 0; i < 100000; ++i) filter.Add("word" + std::to_string(i));
  int passed = 0;
  for (int i = 0; i < 100000; ++i) passed += filter.MayContain("other" + std::to_string(i));
  EXPECT_LT(passed, 6000);  // about 3% expected at this load
}

}  // namespace
}  // namespace xb
