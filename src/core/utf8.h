// UTF-8 decoding and the normalisations every detector shares.
//
// Offsets reported to users count Unicode code points (DESIGN.md §4); these helpers convert.
// All functions are total on arbitrary bytes: invalid sequences decode as U+FFFD, one byte at a
// time, so a scanner always makes progress.
#ifndef XBORDER_CORE_UTF8_H_
#define XBORDER_CORE_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace xb::utf8 {

inline constexpr char32_t kReplacement = 0xFFFD;

struct Decoded {
  char32_t code_point;  // kReplacement when the bytes are not valid UTF-8
  uint8_t length;       // bytes consumed, 1..4, never 0 for non-empty input
  bool valid;
};

// Decodes the code point at the start of `bytes`. REQUIRES: !bytes.empty().
Decoded DecodeOne(std::string_view bytes);

// Offset of the first invalid byte, or npos when `bytes` is entirely valid UTF-8
// (overlongs, surrogates and code points above U+10FFFF are invalid).
size_t FindInvalid(std::string_view bytes);
inline bool IsValid(std::string_view bytes) { return FindInvalid(bytes) == std::string_view::npos; }

// Number of code points (invalid bytes count one each).
size_t CountCodePoints(std::string_view bytes);

void Append(char32_t code_point, std::string* out);

// All code points of `bytes` (invalid bytes decode as kReplacement, one each).
std::u32string DecodeAll(std::string_view bytes);

// Folds full-width ASCII forms (U+FF01..U+FF5E) and the ideographic space (U+3000) to ASCII,
// so "１３８" matches like "138". Other text is copied unchanged.
std::string FoldFullWidth(std::string_view bytes);

// True when `bytes` contains any byte >= 0x80 (a fast test before the slow paths).
bool HasNonAscii(std::string_view bytes);

}  // namespace xb::utf8

#endif  // XBORDER_CORE_UTF8_H_
