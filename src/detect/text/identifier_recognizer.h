// Validated identifiers in running text: turns a shape matched by the pattern set into a
// candidate finding when the value passes its validator (detect/validators.h), sits on token
// boundaries, and its context does not say otherwise (an order number, a version string).
#ifndef XBORDER_DETECT_TEXT_IDENTIFIER_RECOGNIZER_H_
#define XBORDER_DETECT_TEXT_IDENTIFIER_RECOGNIZER_H_

#include <cstdint>
#include <unordered_set>
#include <vector>

#include "core/civil_date.h"
#include "detect/text/context_index.h"
#include "detect/text/document.h"
#include "detect/text/text_patterns.h"

namespace xb::text {

struct IdentifierEnv {
  CivilDate today;                            // latest plausible birth date
  const std::unordered_set<int>* area_codes;  // GB/T 2260 county-level codes (never null)
};

// One shape match: `from` (code points) and every end the pattern reported for it, longest
// first. Appends at most a few candidates to *out. Thread-safe (pure).
void RecognizeIdentifier(PatternKind kind, uint32_t from, const std::vector<uint32_t>& ends,
                         const Document& doc, const ContextIndex& context, const IdentifierEnv& env,
                         std::vector<Candidate>* out);

}  // namespace xb::text

#endif  // XBORDER_DETECT_TEXT_IDENTIFIER_RECOGNIZER_H_
