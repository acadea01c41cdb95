// The hand-found and rescanned starts (shape_start.h, match_starts.h) against Vectorscan's own
// SOM_LEFTMOST on random text made of the bytes these shapes are built from.
#include "detect/text/shape_start.h"

#include <gtest/gtest.h>
#include <hs/hs.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "detect/text/match_starts.h"
#include "detect/text/text_patterns.h"

namespace xb::text {
namespace {

// Pieces every shape is built from, and more for the shapes a generic mix rarely produces.
const std::vector<std::string>& Pieces(PatternKind kind) {
  static const std::vector<std::string> kGeneric = {"0",
                                                    "1",
                                                    "2",
                                                    "3",
                                                    "9",
                                                    "12",
                                                    "138",
                                                    "2024",
                                                    " ",
                                                    " ",
                                                    "-",
                                                    "+",
                                                    "X",
                                                    "x",
                                                    "@",
                                                    ".",
                                                    ".",
                                                    ",",
                                                    ":",
                                                    "::",
                                                    "a",
                                                    "b",
                                                    "F",
                                                    "e",
                                                    "N",
                                                    "S",
                                                    "E",
                                                    "W",
                                                    "n",
                                                    "DE",
                                                    "GB",
                                                    "ab",
                                                    "_",
                                                    "%",
                                                    "\xC2\xB0",
                                                    "\xEF\xBC\x8C",
                                                    "\xE4\xBD\xA0",
                                                    "Main",
                                                    "Street",
                                                    "St",
                                                    "Road",
                                                    "Apt",
                                                    "Suite",
                                                    "Mountain View",
                                                    "CA",
                                                    "'",
                                                    "#",
                                                    "com",
                                                    "mail",
                                                    "\xFF",
                                                    "\n"};
  static const std::vector<std::string> kGps = {"1",  "12", "123", "4", ".", ".",           "5431",
                                                "45", ",",  " ",   "-", "a", "\xE4\xBD\xA0"};
  static const std::vector<std::string> kHemisphere = {
      "22.5431", "1.23", "114.0579", "3", ".", "67", "\xC2\xB0", "\xC2\xB0",     " ",
      "N",       "S",    "n",        "E", "W", "e",  ",",        "\xEF\xBC\x8C", "x"};
  static const std::vector<std::string> kDigits = {"1", "23", "4567", "8", " ", "-",
                                                   "+", "X",  "x",    "a", ".", "\xE4\xBD\xA0"};
  static const std::vector<std::string> kAddress = {
      "12",      "5",      "1600",     "123456", "A",  " ",      " ",     "Main ", "Oak ",
      "O'Neil ", "Street", "St",       "Road",   ".",  ",",      ", ",    "Apt",   "#",
      "4B",      "-",      "Mountain", " View",  "CA", " 94043", "-1234", "x"};
  switch (kind) {
    case PatternKind::kGps:
      return kGps;
    case PatternKind::kGpsHemisphere:
      return kHemisphere;
    case PatternKind::kDigitRun:
      return kDigits;
    case PatternKind::kEnglishAddress:
      return kAddress;
    default:
      return kGeneric;
  }
}

std::string RandomText(PatternKind kind, std::mt19937& rng) {
  const std::vector<std::string>& pieces = Pieces(kind);
  std::string s;
  const int n = 1 + static_cast<int>(rng() % 40);
  for (int i = 0; i < n; ++i) s += pieces[rng() % pieces.size()];
  return s;
}

struct Compiled {
  std::unique_ptr<PatternSet> som;
  std::unique_ptr<PatternSet> plain;
};

Compiled Compile(const PatternSpec& spec) {
  auto som = PatternSet::Compile({spec});
  auto plain = PatternSet::Compile({{spec.expression, spec.flags & ~HS_FLAG_SOM_LEFTMOST}});
  EXPECT_TRUE(som.ok() && plain.ok());
  return {std::move(*som), std::move(*plain)};
}

TEST(ShapeStart, EqualsSomLeftmost) {
  std::mt19937 rng(11);
  int checked = 0;
  for (const auto& [kind, spec] : ShapeSpecs()) {
    if (!HasHandStart(kind) && !HasRescanStart(kind)) continue;
    Compiled c = Compile(spec);
    TextPatterns patterns;
    patterns.info = {
        {kind, 0, 0, false, HasHandStart(kind) ? StartBy::kHand : StartBy::kRescan, 0}};
    patterns.rescan_kinds = {kind};
    patterns.rescan.push_back(std::move(c.som));
    MatchStarts starts;
    std::vector<RawMatch> want, got;
    std::string buffer;
    for (int i = 0; i < 40000; ++i) {
      // At a random alignment: Vectorscan's SIMD paths depend on it.
      const std::string random = RandomText(kind, rng);
      buffer.assign(rng() % 64, '\0');
      buffer += random;
      const std::string_view text = std::string_view(buffer).substr(buffer.size() - random.size());
      want.clear();
      got.clear();
      ASSERT_TRUE(patterns.rescan[0]->Scan(text, &want).ok());
      ASSERT_TRUE(c.plain->Scan(text, &got).ok());
      ASSERT_EQ(want.size(), got.size())
          << "kind " << static_cast<int>(kind) << " in \"" << text << '"';
      // SOM matches may come out of end order; one match per end either way.
      auto by_end = [](const RawMatch& a, const RawMatch& b) { return a.to < b.to; };
      std::sort(want.begin(), want.end(), by_end);
      std::sort(got.begin(), got.end(), by_end);
      starts.Reset(&patterns, text);
      for (size_t k = 0; k < got.size(); ++k) {
        ASSERT_EQ(want[k].to, got[k].to);
        Result<uint32_t> start = starts.StartOf(got[k]);
        ASSERT_TRUE(start.ok()) << start.error().ToString();
        EXPECT_EQ(*start, want[k].from)
            << "kind " << static_cast<int>(kind) << " end " << got[k].to << " in \"" << text << '"';
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 10000);
}

}  // namespace
}  // namespace xb::text
