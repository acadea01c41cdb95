#include "scan/text_column_stats.h"

#include <algorithm>

namespace xb::scan {

void TextColumnStats::AddCell(const std::vector<TextFinding>& findings) {
  ++cells_;
  if (findings.empty()) return;
  ++cells_with_findings_;
  std::array<bool, kEntityTypeCount> seen{};
  for (const TextFinding& f : findings) {
    const auto t = static_cast<size_t>(f.type);
    ++findings_[t];
    if (f.masked) ++masked_[t];
    if (!seen[t]) {
      seen[t] = true;
      ++type_cells_[t];
    }
  }
}

void TextColumnStats::Merge(const TextColumnStats& other) {
  cells_ += other.cells_;
  cells_with_findings_ += other.cells_with_findings_;
  for (size_t t = 0; t < findings_.size(); ++t) {
    findings_[t] += other.findings_[t];
    type_cells_[t] += other.type_cells_[t];
    masked_[t] += other.masked_[t];
  }
}

std::vector<TextEntityCount> TextColumnStats::Entities() const {
  std::vector<TextEntityCount> out;
  for (size_t t = 0; t < findings_.size(); ++t) {
    if (findings_[t] == 0) continue;
    out.push_back({static_cast<EntityType>(t), findings_[t], type_cells_[t], masked_[t]});
  }
  std::stable_sort(out.begin(), out.end(), [](const TextEntityCount& a, const TextEntityCount& b) {
    return a.cells > b.cells;
  });
  return out;
}

bool LooksLikeProse(std::string_view cell) {
  int han = 0;
  bool digit = false;
  bool letter_before_space = false;
  bool spaced_words = false;
  for (size_t i = 0; i < cell.size(); ++i) {
    const auto c = static_cast<unsigned char>(cell[i]);
    // UTF-8 lead bytes 0xE3..0xE9 start the BMP blocks holding CJK ideographs (U+3400-U+9FFF);
    // counting lead bytes over-counts CJK punctuation slightly, which is harmless here.
    if (c >= 0xE3 && c <= 0xE9) {
      if (++han >= 6) return true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c == ' ') {
      if (letter_before_space && i + 1 < cell.size() && cell[i + 1] != ' ') spaced_words = true;
    } else if (c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
      letter_before_space = true;
    }
  }
  return (han >= 3 && digit) || (spaced_words && cell.size() >= 12);
}

}  // namespace xb::scan
