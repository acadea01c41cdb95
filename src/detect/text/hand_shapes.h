// Internal to the text detector: the simplest, busiest identifier shapes matched by hand.
//
// Why: in Vectorscan every shape that starts with a character class (a digit, a letter) runs its
// own automaton over all the ASCII text, about a nanosecond per byte each (e-mail, which needs
// start-of-match tracking, two), and these seven were half of the pattern pass. Each is a fixed layout of digits and letters that one forward pass
// finds directly. The matches are exactly those Vectorscan reports for the expressions in
// text_patterns.cc with HS_FLAG_SOM_LEFTMOST (every end, with its leftmost start);
// hand_shapes_test.cc checks that against Vectorscan.
#ifndef XBORDER_DETECT_TEXT_HAND_SHAPES_H_
#define XBORDER_DETECT_TEXT_HAND_SHAPES_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "detect/text/text_patterns.h"

namespace xb::text {

// True for kDigitRun, kCnPassport, kPassportGeneric, kHmtPermit, kUscc, kIcd10 and kEmail.
bool IsHandMatched(PatternKind kind);

struct ShapeMatch {
  PatternKind kind;
  uint32_t from;  // bytes; `to` is exclusive and includes a consumed terminator, as Vectorscan's
  uint32_t to;
};

// Appends every match of the hand-matched shapes in `text`, in no particular order.
// REQUIRES: text.size() < 2^32.
void FindHandShapes(std::string_view text, std::vector<ShapeMatch>* out);

}  // namespace xb::text

#endif  // XBORDER_DETECT_TEXT_HAND_SHAPES_H_
