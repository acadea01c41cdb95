// Internal to the text detector: the start of each match of the main pattern set, whichever way
// its pattern finds it (StartBy in text_patterns.h).
#ifndef XBORDER_DETECT_TEXT_MATCH_STARTS_H_
#define XBORDER_DETECT_TEXT_MATCH_STARTS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "detect/text/pattern_set.h"
#include "detect/text/text_patterns.h"

namespace xb::text {

// Not thread-safe; one per thread, Reset() per document (keeps its buffers).
class MatchStarts {
 public:
  void Reset(const TextPatterns* patterns, std::string_view text);

  // The leftmost start (bytes) of match `m` of patterns->set in the text: what
  // HS_FLAG_SOM_LEFTMOST would have reported. Errors: those of PatternSet::Scan (a rescan).
  Result<uint32_t> StartOf(const RawMatch& m);

 private:
  // One rescanned run per rescan expression: [begin, end) of the text and the SOM matches of
  // that expression in it, offsets relative to the text. Every match of the expression whose
  // end falls in (begin, end] lies inside the run, so later matches there reuse the scan.
  struct Window {
    uint32_t begin = 0;
    uint32_t end = 0;  // 0: nothing scanned yet
    std::vector<RawMatch> matches;
  };
  Result<uint32_t> Rescan(const PatternInfo& info, uint32_t to);

  const TextPatterns* patterns_ = nullptr;
  std::string_view text_;
  std::vector<Window> windows_;
  std::vector<RawMatch> scratch_;
};

}  // namespace xb::text

#endif  // XBORDER_DETECT_TEXT_MATCH_STARTS_H_
