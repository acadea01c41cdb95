// Context ("hotword") words found in a document, and the questions recognisers ask about them:
// is there a passport word shortly before this number? an order-number word?
#ifndef XBORDER_DETECT_TEXT_CONTEXT_INDEX_H_
#define XBORDER_DETECT_TEXT_CONTEXT_INDEX_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace xb::text {

enum class ContextClass : uint8_t {
  kId,
  kPhone,
  kBank,
  kPassport,
  kPermit,
  kImei,
  kBirth,
  kAddress,
  kHealth,
  kPlate,
  kIp,
  kEmail,
  kNegative,  // order, tracking, invoice, amount ...: lowers numeric candidates
};
inline constexpr int kContextClassCount = static_cast<int>(ContextClass::kNegative) + 1;

std::optional<ContextClass> ParseContextClass(std::string_view name);

// Not thread-safe; one per document (reused through Clear()).
class ContextIndex {
 public:
  void Clear() { hits_.clear(); }
  // REQUIRES: hits are added in non-decreasing order of `end` (as Vectorscan reports them).
  void Add(ContextClass cls, uint32_t start, uint32_t end) { hits_.push_back({start, end, cls}); }

  // Gap in code points between the nearest `cls` word ending at or before `start` (within
  // `window`) and `start`; nullopt when there is none.
  std::optional<uint32_t> Before(ContextClass cls, uint32_t start, uint32_t window) const;
  // The same for a word starting at or after `end`.
  std::optional<uint32_t> After(ContextClass cls, uint32_t end, uint32_t window) const;
  bool Near(ContextClass cls, uint32_t start, uint32_t end, uint32_t before_window,
            uint32_t after_window) const {
    return Before(cls, start, before_window).has_value() ||
           After(cls, end, after_window).has_value();
  }

 private:
  struct Hit {
    uint32_t start;
    uint32_t end;
    ContextClass cls;
  };
  std::vector<Hit> hits_;  // ordered by end
};

}  // namespace xb::text

#endif  // XBORDER_DETECT_TEXT_CONTEXT_INDEX_H_
