// "Did you mean ...?" for unknown keys, facts and symbols: the closest candidate by edit distance.
#ifndef XBORDER_RULES_SUGGEST_H_
#define XBORDER_RULES_SUGGEST_H_

#include <string>
#include <string_view>
#include <vector>

namespace xb::rules {

// Levenshtein distance, case-insensitive, on bytes. Inputs longer than 256 bytes compare as far.
int EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is close enough to be a plausible typo (distance at most
// a third of the longer length, and at most 3); "" otherwise.
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "".
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace xb::rules

#endif  // XBORDER_RULES_SUGGEST_H_
