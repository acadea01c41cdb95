// Test helper for the hand matchers (hand_shapes.h, digit_run_shapes.h): runs a hand matcher and
// Vectorscan with SOM_LEFTMOST on the same expressions over random text made of `pieces`, at
// random alignments, and compares every (kind, start, end).
#ifndef XBORDER_DETECT_TEXT_SHAPE_ORACLE_TEST_UTIL_H_
#define XBORDER_DETECT_TEXT_SHAPE_ORACLE_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "detect/text/hand_shapes.h"
#include "detect/text/pattern_set.h"
#include "detect/text/text_patterns.h"

namespace xb::text::testing {

struct OracleRun {
  std::vector<PatternKind> kinds;  // the expressions compared, in ShapeSpecs() order
  std::vector<size_t> matches;     // Vectorscan's matches per kind, all equal to the hand matcher's
};

// Compares `find` with Vectorscan for the ShapeSpecs() kinds that `selected` accepts, over
// `iterations` random texts (seeded with `seed`). Adds a gtest failure naming the first text on
// which they differ.
inline OracleRun CompareWithVectorscan(
    const std::function<bool(PatternKind)>& selected,
    const std::function<void(std::string_view, std::vector<ShapeMatch>*)>& find,
    const std::vector<std::string>& pieces, unsigned seed, int iterations) {
  OracleRun run;
  std::vector<PatternSpec> specs;
  for (const auto& [kind, spec] : ShapeSpecs()) {
    if (!selected(kind)) continue;
    run.kinds.push_back(kind);
    specs.push_back(spec);
  }
  run.matches.assign(run.kinds.size(), 0);
  auto set = PatternSet::Compile(specs);
  if (!set.ok()) {
    ADD_FAILURE() << set.error().ToString();
    return run;
  }
  using Span = std::tuple<int, uint32_t, uint32_t>;  // kind, from, to
  std::mt19937 rng(seed);
  std::vector<RawMatch> raw;
  std::vector<ShapeMatch> hand;
  std::string buffer;
  for (int i = 0; i < iterations; ++i) {
    std::string random;
    const int n = 1 + static_cast<int>(rng() % 40);
    for (int k = 0; k < n; ++k) random += pieces[rng() % pieces.size()];
    buffer.assign(rng() % 64, '\0');  // at a random alignment
    buffer += random;
    const std::string_view text = std::string_view(buffer).substr(buffer.size() - random.size());
    raw.clear();
    hand.clear();
    if (!(*set)->Scan(text, &raw).ok()) {
      ADD_FAILURE() << "Vectorscan scan failed";
      return run;
    }
    find(text, &hand);
    std::vector<Span> want, got;
    for (const RawMatch& m : raw) {
      want.emplace_back(static_cast<int>(run.kinds[m.id]), m.from, m.to);
      ++run.matches[m.id];
    }
    for (const ShapeMatch& m : hand) got.emplace_back(static_cast<int>(m.kind), m.from, m.to);
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
    if (want != got) {
      ADD_FAILURE() << "hand matcher differs from Vectorscan on \"" << text << '"';
      return run;
    }
  }
  return run;
}

}  // namespace xb::text::testing

#endif  // XBORDER_DETECT_TEXT_SHAPE_ORACLE_TEST_UTIL_H_
