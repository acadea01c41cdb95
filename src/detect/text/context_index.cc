#include "detect/text/context_index.h"

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
  std::optional<uint32_t> best;
  for (const Hit& h : hits_) {
    if (h.cls != cls || h.end > start || start - h.end > window) continue;
    if (!best || start - h.end < *best) best = start - h.end;
  }
  return best;
}

std::optional<uint32_t> ContextIndex::After(ContextClass cls, uint32_t end, uint32_t window) const {
  std::optional<uint32_t> best;
  for (const Hit& h : hits_) {
    if (h.cls != cls || h.start < end || h.start - end > window) continue;
    if (!best || h.start - end < *best) best = h.start - end;
  }
  return best;
}

}  // namespace xb::text
