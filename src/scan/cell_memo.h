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
// A memo starts by probing: for its first kProbeLookups short cells it keeps only their hashes
// (kProbeBytes) and counts how often one repeats; the caller classifies those cells directly.
// A column whose values repeat in at least half of them then gets a table of recent values
// (TableBytes()) and replays from it; any other column is off for the rest of the scan and costs
// nothing more. Both tables are charged to a MemoryBudget that the memos of one scan thread
// share: a column whose table the budget refuses runs without a memo, so a thread's memos never
// take more than the budget, however many columns the file has (a JSON Lines file's flattened
// keys can number in the hundreds of thousands).
//
// CONTRACT: memory. A replaying memo holds up to kSlots raw cell values (kMaxBytes or fewer:
// names, mobiles, e-mails of a repeating column) in this thread's memory for the rest of the
// scan, not only while their block is scanned; it zeroes them when it is destroyed or moved
// over. Nothing is written anywhere. Not thread-safe: one per column per scan thread; the budget
// must outlive the memo.
#ifndef XBORDER_SCAN_CELL_MEMO_H_
#define XBORDER_SCAN_CELL_MEMO_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "detect/column_classifier.h"
#include "detect/text/text_detector.h"
#include "scan/memory_budget.h"
#include "scan/text_column_stats.h"

namespace xb::scan {

class CellMemo {
 public:
  static constexpr size_t kMaxBytes = 64;  // longer cells are not memoised
  static constexpr size_t kSlots = 512;    // direct-mapped, by hash
  static constexpr uint64_t kProbeLookups = 1024;
  static constexpr size_t kProbeBytes = kSlots * sizeof(uint64_t);

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

  // Bytes of a replaying memo's table.
  static size_t TableBytes();

  // A memo that charges `budget` for its tables. Null: always off.
  explicit CellMemo(MemoryBudget* budget = nullptr) : budget_(budget) {}
  ~CellMemo();
  CellMemo(CellMemo&& other) noexcept { Swap(other); }
  CellMemo& operator=(CellMemo&& other) noexcept {
    Swap(other);  // `other` releases (and zeroes) what this held
    return *this;
  }

  // Whether `cell` goes through Find and Remember. False for cells longer than kMaxBytes,
  // while the memo probes (the cell's hash is counted; classify it directly) and once it is off.
  bool Consult(std::string_view cell);

  // The recorded effect of `cell`, or null. REQUIRES: Consult(cell) just returned true.
  const Effect* Find(std::string_view cell) const;

  // Records `effect` for `cell`, the value Find just missed. REQUIRES: as Find's.
  void Remember(std::string_view cell, Effect effect);

  bool replaying() const { return slots_ != nullptr; }
  bool off() const { return off_; }
  // Bytes of tables this memo holds (charged to its budget).
  size_t bytes() const { return (probe_ ? kProbeBytes : 0) + (slots_ ? TableBytes() : 0); }

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
  using Table = std::array<Slot, kSlots>;
  using ProbeTable = std::array<uint64_t, kSlots>;

  void Probe(uint64_t hash);
  void DropProbe();
  void DropTable();
  void Swap(CellMemo& other) noexcept;

  MemoryBudget* budget_ = nullptr;
  std::unique_ptr<ProbeTable> probe_;  // while probing
  std::unique_ptr<Table> slots_;       // while replaying
  uint64_t probes_ = 0;
  uint64_t repeats_ = 0;
  uint64_t last_hash_ = 0;
  bool off_ = false;
};

}  // namespace xb::scan

#endif  // XBORDER_SCAN_CELL_MEMO_H_
