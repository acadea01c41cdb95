// Internal to the text detector: an inline UTF-8 step for the per-byte loops (folding, decoding)
// that run over every document. Same results as utf8::DecodeOne (core/utf8.h), which is out of
// line and costs a call per non-ASCII character; kept equal by utf8_inline_test.cc.
#ifndef XBORDER_DETECT_TEXT_UTF8_INLINE_H_
#define XBORDER_DETECT_TEXT_UTF8_INLINE_H_

#include <cstddef>
#include <cstdint>

#include "core/utf8.h"

namespace xb::text {

// Decodes the character at p[0] (n >= 1 bytes available). Invalid bytes decode as
// utf8::kReplacement with length 1 and valid = false, exactly as utf8::DecodeOne.
inline utf8::Decoded DecodeAt(const unsigned char* p, size_t n) {
  const unsigned c = p[0];
  if (c < 0x80) return {static_cast<char32_t>(c), 1, true};
  auto cont = [&](size_t i) { return i < n && (p[i] & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) {
    if (cont(1)) return {static_cast<char32_t>(((c & 0x1F) << 6) | (p[1] & 0x3F)), 2, true};
  } else if (c >= 0xE0 && c <= 0xEF) {
    if (cont(1) && cont(2)) {
      const char32_t cp = ((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
      if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) return {cp, 3, true};
    }
  } else if (c >= 0xF0 && c <= 0xF4) {
    if (cont(1) && cont(2) && cont(3)) {
      const char32_t cp =
          ((c & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
      if (cp >= 0x10000 && cp <= 0x10FFFF) return {cp, 4, true};
    }
  }
  return {utf8::kReplacement, 1, false};
}

}  // namespace xb::text

#endif  // XBORDER_DETECT_TEXT_UTF8_INLINE_H_
