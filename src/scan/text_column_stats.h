// What the free-text detector (detect/text/text_detector.h) found inside one column's cells:
// per entity type the findings, the cells holding at least one, and how many were already
// masked. `scan` keeps one per column per thread and merges them, like ColumnStats.
//
// CONTRACT: counts only; no cell text and no matched text is kept.
#ifndef XBORDER_SCAN_TEXT_COLUMN_STATS_H_
#define XBORDER_SCAN_TEXT_COLUMN_STATS_H_

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "detect/entity_type.h"
#include "detect/text/text_detector.h"

namespace xb::scan {

struct TextEntityCount {
  EntityType type;
  uint64_t findings = 0;  // entities found, masked ones included
  uint64_t cells = 0;     // cells holding at least one
  uint64_t masked = 0;    // findings whose value was already masked (138****8000)
};

class TextColumnStats {
 public:
  // Records the findings of one analysed cell (an empty vector counts as a cell without any).
  void AddCell(const std::vector<TextFinding>& findings);
  void Merge(const TextColumnStats& other);

  uint64_t cells() const { return cells_; }  // cells analysed
  uint64_t cells_with_findings() const { return cells_with_findings_; }
  // Types found at least once, most cells first (then by type, so the order is stable).
  std::vector<TextEntityCount> Entities() const;

 private:
  uint64_t cells_ = 0;
  uint64_t cells_with_findings_ = 0;
  std::array<uint64_t, kEntityTypeCount> findings_{};
  std::array<uint64_t, kEntityTypeCount> type_cells_{};
  std::array<uint64_t, kEntityTypeCount> masked_{};
};

// Whether a cell reads as running text worth the detector's time: at least 6 Han characters
// (客户要求周末送货), 3 with a digit (联系张伟13800138000), or at least 12 bytes with a space
// between words. Codes, numbers, dates, names and short labels (在线客服, 人力资源部) are not
// prose. Cheap: one pass, no decoding.
bool LooksLikeProse(std::string_view cell);

}  // namespace xb::scan

#endif  // XBORDER_SCAN_TEXT_COLUMN_STATS_H_
