// Internal to the text detector: the shapes anchored on a run of digits (IBANs, numeric dates,
// masked numbers, IPv4 addresses) matched by hand, run by run.
//
// Why: these were the costliest automata left in the Vectorscan pass (dates and IBANs ~0.14 µs
// per evaluation sentence each, masked numbers ~0.06: they start with a character class, so they
// run over all the ASCII text, and the IBAN's start needed a rescan). All are short fixed
// layouts around a digit run, which one forward pass over the runs finds directly. The matches are exactly those Vectorscan reports for the expressions in
// text_patterns.cc with HS_FLAG_SOM_LEFTMOST (every end once, with its leftmost start);
// digit_run_shapes_test.cc checks that against Vectorscan at random alignments.
#ifndef XBORDER_DETECT_TEXT_DIGIT_RUN_SHAPES_H_
#define XBORDER_DETECT_TEXT_DIGIT_RUN_SHAPES_H_

#include <string_view>
#include <vector>

#include "detect/text/hand_shapes.h"
#include "detect/text/text_patterns.h"

namespace xb::text {

// True for kIban, kDate, kMaskedDigits and kIpv4.
bool IsDigitRunShape(PatternKind kind);

// Appends every match of those kinds in `text`, in no particular order.
// REQUIRES: text.size() < 2^32.
void FindDigitRunShapes(std::string_view text, std::vector<ShapeMatch>* out);

}  // namespace xb::text

#endif  // XBORDER_DETECT_TEXT_DIGIT_RUN_SHAPES_H_
