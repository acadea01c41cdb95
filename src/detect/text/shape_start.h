// Internal to the text detector: where a shape match starts, found by walking back from its end.
//
// Why: Vectorscan's start-of-match tracking (HS_FLAG_SOM_LEFTMOST) made the pattern pass about
// 1.6 times slower, and the coordinates and IPv6 addresses are so simple that their leftmost
// start follows from the end by reading a few bytes back (the busiest shapes are matched by hand
// altogether: hand_shapes.h). The result equals what SOM_LEFTMOST reports; shape_start_test.cc
// checks that against a SOM compilation of the same expressions. (The e-mail expression is not
// dropped from SOM anywhere: Vectorscan 5.4.9 compiled it without SOM misses some matches,
// depending on the buffer's alignment and the bytes before the address; it is matched by hand.)
#ifndef XBORDER_DETECT_TEXT_SHAPE_START_H_
#define XBORDER_DETECT_TEXT_SHAPE_START_H_

#include <cstdint>
#include <string_view>

#include "detect/text/text_patterns.h"

namespace xb::text {

// True for the kinds HandStart() knows.
bool HasHandStart(PatternKind kind);

// The leftmost byte offset s such that text[s, to) is a match of the `kind` expression
// (text_patterns.cc), given that Vectorscan reported a match of it ending at `to`.
// REQUIRES: HasHandStart(kind), to <= text.size().
uint32_t HandStart(PatternKind kind, std::string_view text, uint32_t to);

// True for the kinds whose start is found by rescanning (TextPatterns::rescan).
bool HasRescanStart(PatternKind kind);

// For those kinds: true for the bytes any match of `kind` can contain before its last byte, so a
// match lies inside one run of such bytes (plus, for some, one terminating byte after it).
bool InRescanClass(PatternKind kind, unsigned char c);

}  // namespace xb::text

#endif  // XBORDER_DETECT_TEXT_SHAPE_START_H_
