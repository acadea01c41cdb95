#include "detect/text/context_index.h"

#include <algorithm>
#include <array>

namespace xb::text {

std::optional<ContextClass> ParseContextClass(std::string_view name) {
  static constexpr std::array<std::string_view, kContextClassCount> kNames = {
      "id",      "phone",  "bank",  "passport", "permit", "imei",    "birth",
      "address", "health", "plate", "ip",       "email",  "negative"};
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<ContextClass>(i);
  }
  return std::nullopt;
}

std::optional<uint32_t> ContextIndex::Before(ContextClass cls, uint32_t start,
                                             uint32_t window) const {
  // hits_ is ordered by end (Vectorscan reports matches in end order): only the hits ending in
  // [start - window, start] are looked at.
  const uint32_t lo = start > window ? start - window : 0;
  auto it = std::lower_bound(hits_.begin(), hits_.end(), lo,
                             [](const Hit& h, uint32_t v) { return h.end < v; });
  std::optional<uint32_t> best;
  for (; it != hits_.end() && it->end <= start; ++it) {
    if (it->cls == cls && (!best || start - it->end < *best)) best = start - it->end;
  }
  return best;
}

std::optional<uint32_t> ContextIndex::After(ContextClass cls, uint32_t end, uint32_t window) const {
  // A word starting within the window ends at most kMaxWordLength later.
  constexpr uint32_t kMaxWordLength = 64;
  auto it = std::lower_bound(hits_.begin(), hits_.end(), end,
                             [](const Hit& h, uint32_t v) { return h.end < v; });
  std::optional<uint32_t> best;
  for (; it != hits_.end() && it->end <= end + window + kMaxWordLength; ++it) {
    if (it->cls != cls || it->start < end || it->start - end > window) continue;
    if (!best || it->start - end < *best) best = it->start - end;
  }
  return best;
}

}  // namespace xb::text
