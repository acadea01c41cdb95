#include "detect/text/match_starts.h"

#include <utility>

#include "detect/text/shape_start.h"

namespace xb::text {

void MatchStarts::Reset(const TextPatterns* patterns, std::string_view text) {
  patterns_ = patterns;
  text_ = text;
  windows_.resize(patterns->rescan_kinds.size());
  for (Window& w : windows_) w.end = 0;
}

Result<uint32_t> MatchStarts::StartOf(const RawMatch& m) {
  const PatternInfo& info = patterns_->info[m.id];
  switch (info.start_by) {
    case StartBy::kLiteral:
      return m.to - info.literal_bytes;
    case StartBy::kVectorscan:
      return m.from;
    case StartBy::kHand:
      return HandStart(info.kind, text_, m.to);
    case StartBy::kRescan:
      return Rescan(info, m.to);
  }
  return m.from;
}

Result<uint32_t> MatchStarts::Rescan(const PatternInfo& info, uint32_t to) {
  Window& w = windows_[info.rescan_id];
  if (to == 0) return 0;
  if (w.end == 0 || to <= w.begin || to > w.end) {
    // The run of class bytes around the match's last byte, closed on the left by a byte outside
    // the class, on the right by one byte past the run (a terminator some expressions consume;
    // no match can reach further, since that byte is outside the class).
    uint32_t begin = to - 1;
    while (begin > 0 && InRescanClass(info.kind, static_cast<unsigned char>(text_[begin - 1]))) {
      --begin;
    }
    uint32_t end = to;
    while (end < text_.size() && InRescanClass(info.kind, static_cast<unsigned char>(text_[end]))) {
      ++end;
    }
    if (end < text_.size()) ++end;
    w.begin = begin;
    w.end = end;
    w.matches.clear();
    scratch_.clear();
    Status scanned =
        patterns_->rescan[info.rescan_id]->Scan(text_.substr(begin, end - begin), &scratch_);
    if (!scanned.ok()) {
      w.end = 0;  // nothing valid cached
      return std::move(scanned).error();
    }
    for (const RawMatch& r : scratch_) w.matches.push_back({r.id, begin + r.from, begin + r.to});
  }
  for (const RawMatch& r : w.matches) {
    if (r.to == to) return r.from;
  }
  return to;
}

}  // namespace xb::text
