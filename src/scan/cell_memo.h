// A per-column memo of what classifying a short cell did, for columns that repeat their values
// (cities, departments, status words, stock remarks): a repeated value replays the recorded
// change instead of running the classifier and the free-text detector again (issue #17).
//
// Replaying gives exactly the counts the classifier would have added: ColumnClassifier::AddCell
// and TextDetector::Detect are functions of the cell's bytes (the classifier's guess for the
// next cell, ColumnStats::last_strong, changes only how fast a cell is classified, never its
// result). Changes that are not plain counts are not memoised: a call that added a masked sample
// is never recorded, so samples are taken exactly as without the memo.
//
// The memo switches itself off for a column whose values rarely repeat (identifiers, amounts):
// after kTrialLookups look-ups with fewer than half hits it costs nothing more (a miss costs
// about what a hit saves).
//
// CONTRACT: the memo holds up to kSlots recent values of kMaxBytes or fewer in this thread's
// memory while the column is scanned (as the block being scanned does); nothing is written
// anywhere, and the memory is bounded (about kSlots * 100 bytes per column), whatever the file's
// size. Not thread-safe: one per column per worker.
#ifndef XBORDER_SCAN_CELL_MEMO_H_
#define XBORDER_SCAN_CELL_MEMO_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "detect/column_classifier.h"
#include "detect/text/text_detector.h"
#include "scan/text_column_stats.h"

namespace xb::scan {

class CellMemo {
 public:
  static constexpr size_t kMaxBytes = 64;  // longer cells are not memoised
  static constexpr size_t kSlots = 512;    // direct-mapped, by hash
  static constexpr uint64_t kTrialLookups = 4096;

  // What one cell added to a column's stats.
  struct Effect {
    uint8_t non_empty = 0;
    uint8_t unknown_region = 0;
    uint8_t change_count = 0;
    // Up to kMaxChanges counters, each incremented by one: matches[type] or weak[type].
    static constexpr size_t kMaxChanges = 6;
    std::array<uint8_t, kMaxChanges> type{};
    std::array<bool, kMaxChanges> weak{};
    bool analysed_text = false;              // the cell went to the text detector
    std::vector<TextFinding> text_findings;  // what it found (when analysed_text)
  };

  // True while the memo may still pay for itself in this column.
  bool active() const { return active_; }

  // The recorded effect of `cell`, or null. Counts the look-up for the trial.
  const Effect* Find(std::string_view cell);

  // Records `effect` for `cell` (the value Find just missed). REQUIRES: cell.size() <= kMaxBytes.
  void Remember(std::string_view cell, Effect effect);

  // A column's counts before a cell, for Diff.
  struct Counts {
    uint64_t non_empty = 0;
    uint64_t unknown_region = 0;
    size_t samples = 0;
    std::array<uint64_t, kEntityTypeCount> matches{};
    std::array<uint64_t, kEntityTypeCount> weak{};
  };
  static Counts Snapshot(const ColumnStats& stats);

  // The change AddCell made since `before`, or false when it is not a replayable count change
  // (a masked sample was added, or more counters changed than an Effect holds).
  static bool Diff(const Counts& before, const ColumnStats& after, Effect* effect);

  // Adds `effect` to `stats` as AddCell did the first time (not the text findings).
  static void Apply(const Effect& effect, ColumnStats* stats);

 private:
  struct Slot {
    uint64_t hash = 0;
    uint8_t length = 0;
    bool used = false;
    std::array<char, kMaxBytes> bytes{};
    Effect effect;
  };

  Slot& SlotFor(uint64_t hash) { return (*slots_)[hash & (kSlots - 1)]; }

  std::unique_ptr<std::array<Slot, kSlots>> slots_;  // allocated on first use
  uint64_t lookups_ = 0;
  uint64_t hits_ = 0;
  uint64_t last_hash_ = 0;
  bool active_ = true;
};

}  // namespace xb::scan

#endif  // XBORDER_SCAN_CELL_MEMO_H_
