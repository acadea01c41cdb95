// FindDigitRunShapes (digit_run_shapes.h) against Vectorscan with SOM_LEFTMOST on the same
// expressions, over random text made of the bytes these shapes are built from, at random
// alignments.
#include "detect/text/digit_run_shapes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "detect/text/pattern_set.h"

namespace xb::text {
namespace {

std::string RandomText(std::mt19937& rng) {
  static const std::vector<std::string> kPieces = {
      "0", "1", "19", "20", "2024", "1990", "12", "3", "45", "9", " ", " ", "  ", "-", "/", ".",
      "GB", "DE", "ab", "Z", "x", "K", "82", "WEST", "1234", "5698", "76", "\xE5\xB9\xB4",
      "\xE6\x9C\x88", "\xE6\x97\xA5", "\xE5\xB9", "\xE4\xBD\xA0", "\xFF", "\n", ",", "_", "%", "*", "**", "****", "X", "192",
      "168.", ".1", "255", "1.2", "110101", "8000", "8.8.", "10.0.", ".255."};
  std::string s;
  const int n = 1 + static_cast<int>(rng() % 40);
  for (int i = 0; i < n; ++i) s += kPieces[rng() % kPieces.size()];
  return s;
}

using Span = std::tuple<int, uint32_t, uint32_t>;  // kind, from, to

TEST(DigitRunShapes, EqualsVectorscanSomLeftmost) {
  std::vector<PatternKind> kinds;
  std::vector<PatternSpec> specs;
  for (const auto& [kind, spec] : ShapeSpecs()) {
    if (!IsDigitRunShape(kind)) continue;
    kinds.push_back(kind);
    specs.push_back(spec);
  }
  ASSERT_EQ(kinds.size(), 4u);
  auto set = PatternSet::Compile(specs);
  ASSERT_TRUE(set.ok());
  std::mt19937 rng(11);
  std::vector<RawMatch> raw;
  std::vector<ShapeMatch> hand;
  std::string buffer;
  size_t checked[4] = {0, 0, 0, 0};
  for (int i = 0; i < 120000; ++i) {
    const std::string random = RandomText(rng);
    buffer.assign(rng() % 64, '\0');  // at a random alignment
    buffer += random;
    const std::string_view text = std::string_view(buffer).substr(buffer.size() - random.size());
    raw.clear();
    hand.clear();
    ASSERT_TRUE((*set)->Scan(text, &raw).ok());
    FindDigitRunShapes(text, &hand);
    std::vector<Span> want, got;
    for (const RawMatch& m : raw) {
      want.emplace_back(static_cast<int>(kinds[m.id]), m.from, m.to);
      ++checked[m.id];
    }
    for (const ShapeMatch& m : hand) got.emplace_back(static_cast<int>(m.kind), m.from, m.to);
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
    ASSERT_EQ(want, got) << '"' << text << '"';
  }
  for (size_t k = 0; k < 4; ++k) EXPECT_GT(checked[k], 3000u) << static_cast<int>(kinds[k]);
}

}  // namespace
}  // namespace xb::text
