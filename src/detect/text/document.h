// Internal to the text detector: one document as the recognisers see it (decoded code points
// over the normalised text) and the candidate findings they propose.
#ifndef XBORDER_DETECT_TEXT_DOCUMENT_H_
#define XBORDER_DETECT_TEXT_DOCUMENT_H_

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "detect/entity_type.h"

namespace xb::text {

// The normalised text decoded once. Code point i spans bytes [byte[i], byte[i+1]) of `text`.
// Invalid bytes decode as U+FFFD, one per byte (as core/utf8.h counts them), so code point
// indexes here equal code point offsets in the caller's original text.
struct Document {
  std::string_view text;
  std::vector<char32_t> cps;
  std::vector<uint32_t> byte;        // size cps.size() + 1
  std::vector<uint32_t> cp_of_byte;  // optional: size text.size() + 1, CpAt() for every byte

  size_t size() const { return cps.size(); }
  char32_t at(size_t i) const { return i < cps.size() ? cps[i] : 0; }
  // The code point index of the character containing byte offset `b` (b <= text.size()).
  uint32_t CpAt(uint32_t b) const {
    if (!cp_of_byte.empty()) return cp_of_byte[b];
    auto it = std::upper_bound(byte.begin(), byte.end(), b);
    return static_cast<uint32_t>(it - byte.begin()) - 1;
  }
  std::string_view Bytes(size_t begin_cp, size_t end_cp) const {
    return text.substr(byte[begin_cp], byte[end_cp] - byte[begin_cp]);
  }
};

// How much a recogniser trusts its kind of evidence; on overlap the higher tier wins, then the
// longer span, then the higher score.
enum class Tier : uint8_t { kDictionary = 0, kName = 1, kAddress = 2, kValidated = 3 };

struct Candidate {
  EntityType type;
  uint32_t start;  // code points, end exclusive
  uint32_t end;
  float score;
  Tier tier;
  bool masked = false;
};

inline bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiAlpha(char32_t c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
inline bool IsAsciiAlnum(char32_t c) { return IsAsciiDigit(c) || IsAsciiAlpha(c); }
inline bool IsAsciiUpper(char32_t c) { return c >= 'A' && c <= 'Z'; }
inline bool IsAsciiLower(char32_t c) { return c >= 'a' && c <= 'z'; }
// CJK unified ideographs (BMP blocks and Extension A; the supplementary planes for rare names).
inline bool IsHan(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F);
}
// The middle dots that join the parts of transliterated names (买买提·阿凡提).
inline bool IsNameDot(char32_t c) {
  return c == 0x00B7 || c == 0x2022 || c == 0x30FB || c == 0x2027 || c == 0x2219 || c == '.';
}

}  // namespace xb::text

#endif  // XBORDER_DETECT_TEXT_DOCUMENT_H_
