// Internal to the text detector: IBANs and numeric dates matched by hand.
//
// Why: these two were the costliest automata left in the Vectorscan pass (each ~0.14 µs per
// evaluation sentence: they start with a character class, so they run over all the ASCII text,
// and the IBAN's start needed a rescan). Both are short fixed layouts one forward pass finds
// directly. The matches are exactly those Vectorscan reports for the expressions in
// text_patterns.cc with HS_FLAG_SOM_LEFTMOST (every end once, with its leftmost start);
// iban_date_shapes_test.cc checks that against Vectorscan at random alignments.
#ifndef XBORDER_DETECT_TEXT_IBAN_DATE_SHAPES_H_
#define XBORDER_DETECT_TEXT_IBAN_DATE_SHAPES_H_

#include <string_view>
#include <vector>

#include "detect/text/hand_shapes.h"
#include "detect/text/text_patterns.h"

namespace xb::text {

// True for kIban and kDate.
bool IsIbanOrDate(PatternKind kind);

// Appends every match of kIban and kDate in `text`, in no particular order.
// REQUIRES: text.size() < 2^32.
void FindIbansAndDates(std::string_view text, std::vector<ShapeMatch>* out);

}  // namespace xb::text

#endif  // XBORDER_DETECT_TEXT_IBAN_DATE_SHAPES_H_
