// Fuzzes the column classifier: the input is a header line followed by one cell per line.
// Checks that counting is consistent, the verdict is well-formed, and canonical identifiers are
// fixed points (canonicalising a canonical value gives it back).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/locations.h"
#include "detect/column_classifier.h"
#include "fuzz/fuzz_target.h"

namespace {

const xb::ColumnClassifier& Classifier() {
  static const xb::ColumnClassifier* classifier = [] {
    xb::ClassifierOptions options;
    options.data_dir = xb::SourceTreeDir() + "/data";
    options.today = xb::CivilDate::FromYmd(2026, 11, 23);
    auto c = xb::ColumnClassifier::Create(options);
    if (!c.ok()) __builtin_trap();
    return std::move(c).value().release();
  }();
  return *classifier;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 1 << 16) return 0;
  const xb::ColumnClassifier& classifier = Classifier();
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  const size_t nl = rest.find('\n');
  const std::string_view header = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);

  xb::ColumnStats stats;
  xb::ColumnStats separately;
  uint64_t cells = 0;
  while (!rest.empty()) {
    const size_t end = rest.find('\n');
    const std::string_view cell = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    classifier.AddCell(cell, &stats);
    ++cells;
    // The per-column guess must not change what a cell counts as.
    xb::ColumnStats fresh;
    classifier.AddCell(cell, &fresh);
    separately.Merge(fresh);
    for (int t = 0; t < xb::kEntityTypeCount; ++t) {
      const auto type = static_cast<xb::EntityType>(t);
      if (auto canon = classifier.CanonicalIdentifier(type, cell)) {
        if (type == xb::EntityType::kMacAddress) continue;  // canonical form has no separators
        auto again = classifier.CanonicalIdentifier(type, *canon);
        if (!again || *again != *canon) __builtin_trap();
      }
    }
    (void)classifier.BirthDateFromResidentId(cell);
  }
  if (stats.cells != cells || stats.non_empty > stats.cells) __builtin_trap();
  if (stats.matches != separately.matches || stats.weak != separately.weak) __builtin_trap();
  for (int t = 0; t < xb::kEntityTypeCount; ++t) {
    if (stats.matches[t] > stats.non_empty || stats.weak[t] > stats.non_empty) __builtin_trap();
  }
  if (stats.masked_samples.size() > 3) __builtin_trap();
  const xb::ColumnVerdict v = classifier.Decide(header, stats);
  if (v.ratio < 0 || v.ratio > 1) __builtin_trap();
  if (v.type && v.matches == 0) __builtin_trap();
  xb::ColumnStats merged;
  merged.Merge(stats);
  merged.Merge(stats);
  if (merged.cells != 2 * stats.cells) __builtin_trap();
  return 0;
}
