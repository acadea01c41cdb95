// FindHandShapes (hand_shapes.h) against Vectorscan with SOM_LEFTMOST on the same expressions,
// over random text made of the bytes these shapes are built from.
#include "detect/text/hand_shapes.h"

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
      "0", "1", "23", "4567", "12345678", "9", " ", " ", "-", "+", "X", "x", "E", "e", "G", "g",
      "H", "M", "C", "c", "L", "T", "t", "U", "A", "Z", "AB", "K", "a", "z", ".", ".5", ",", "_",
      "\xE4\xBD\xA0", "\xFF", "91440300MA5F", "\n", "@", "@", "..", "%", "mail.com", "a.b"};
  std::string s;
  const int n = 1 + static_cast<int>(rng() % 40);
  for (int i = 0; i < n; ++i) s += kPieces[rng() % kPieces.size()];
  return s;
}

using Span = std::tuple<int, uint32_t, uint32_t>;  // kind, from, to

TEST(HandShapes, EqualsVectorscanSomLeftmost) {
  std::vector<PatternKind> kinds;
  std::vector<PatternSpec> specs;
  for (const auto& [kind, spec] : ShapeSpecs()) {
    if (!IsHandMatched(kind)) continue;
    kinds.push_back(kind);
    specs.push_back(spec);
  }
  ASSERT_EQ(kinds.size(), 7u);
  auto set = PatternSet::Compile(specs);
  ASSERT_TRUE(set.ok());
  std::mt19937 rng(5);
  std::vector<RawMatch> raw;
  std::vector<ShapeMatch> hand;
  std::string buffer;
  size_t checked = 0;
  for (int i = 0; i < 60000; ++i) {
    const std::string random = RandomText(rng);
    buffer.assign(rng() % 64, '\0');  // at a random alignment
    buffer += random;
    const std::string_view text = std::string_view(buffer).substr(buffer.size() - random.size());
    raw.clear();
    hand.clear();
    ASSERT_TRUE((*set)->Scan(text, &raw).ok());
    FindHandShapes(text, &hand);
    std::vector<Span> want, got;
    for (const RawMatch& m : raw) want.emplace_back(static_cast<int>(kinds[m.id]), m.from, m.to);
    for (const ShapeMatch& m : hand) got.emplace_back(static_cast<int>(m.kind), m.from, m.to);
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
    ASSERT_EQ(want, got) << '"' << text << '"';
    checked += want.size();
  }
  EXPECT_GT(checked, 20000u);
}

}  // namespace
}  // namespace xb::text
