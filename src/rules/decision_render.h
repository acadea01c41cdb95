// Renders a Decision for people (a compliance officer reads it in ten seconds: the decision in one
// line, why, what to do, what was assumed) and for scripts (the stable JSON of DESIGN.md §5, with
// extra fields added, never renamed).
#ifndef XBORDER_RULES_DECISION_RENDER_H_
#define XBORDER_RULES_DECISION_RENDER_H_

#include <string>

#include "rules/engine.h"

namespace xb::rules {

// One line: "MECHANISM REQUIRED: standard_contract or certification".
std::string DecisionHeadline(const Decision& d);
std::string DecisionToText(const Decision& d);
// Pretty-printed JSON object, newline-terminated.
std::string DecisionToJson(const Decision& d);

}  // namespace xb::rules

#endif  // XBORDER_RULES_DECISION_RENDER_H_
