#include "detect/text/normalized_text.h"

#include <cstring>

namespace xb::text {
namespace {

// The folded byte of the 3-byte sequence at p (n >= 3 bytes available), or 0. The folded forms
// are U+FF01..U+FF5E (EF BC 81..BF, EF BD 80..9E), U+3000 (E3 80 80) and U+2010..U+2015
// (E2 80 90..95); these byte patterns are exactly their valid encodings.
inline char FoldedAt(const unsigned char* p) {
  switch (p[0]) {
    case 0xEF:
      if (p[1] == 0xBC && p[2] >= 0x81 && p[2] <= 0xBF) return static_cast<char>(p[2] - 0x81 + 0x21);
      if (p[1] == 0xBD && p[2] >= 0x80 && p[2] <= 0x9E) return static_cast<char>(p[2] - 0x80 + 0x60);
      return 0;
    case 0xE3:
      return p[1] == 0x80 && p[2] == 0x80 ? ' ' : 0;
    case 0xE2:
      return p[1] == 0x80 && p[2] >= 0x90 && p[2] <= 0x95 ? '-' : 0;
    default:
      return 0;
  }
}

// Where the first folded form starts (n when none): a text without one needs no copy, which is
// the common case for English and costs one pass of byte comparisons.
size_t FirstFolded(const unsigned char* p, size_t n) {
  for (size_t i = 0; i + 2 < n; ++i) {
    const unsigned c = p[i];
    if ((c == 0xEF || c == 0xE3 || c == 0xE2) && FoldedAt(p + i) != 0) return i;
  }
  return n;
}

}  // namespace

char FoldedAscii(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return static_cast<char>(cp - 0xFF01 + 0x21);
  if (cp == 0x3000) return ' ';
  if (cp >= 0x2010 && cp <= 0x2015) return '-';
  return 0;
}

void NormalizedText::Reset(std::string_view original) {
  original_ = original;
  to_original_.clear();
  const auto* p = reinterpret_cast<const unsigned char*>(original.data());
  const size_t n = original.size();
  const size_t first = FirstFolded(p, n);
  if (first == n) {
    text_ = original;
    return;
  }
  // Folding only shortens: size the buffers once and write through pointers. Bytes that are not
  // folded are copied one for one (a folded form's lead byte is never inside another character,
  // so reading byte by byte finds the same forms as decoding character by character).
  buffer_.resize(n);
  to_original_.resize(n + 1);
  char* out = buffer_.data();
  uint32_t* map = to_original_.data();
  std::memcpy(out, p, first);
  for (size_t k = 0; k < first; ++k) map[k] = static_cast<uint32_t>(k);
  size_t k = first;
  for (size_t i = first; i < n;) {
    const unsigned c = p[i];
    if ((c == 0xEF || c == 0xE3 || c == 0xE2) && i + 2 < n) {
      const char folded = FoldedAt(p + i);
      if (folded != 0) {
        out[k] = folded;
        map[k++] = static_cast<uint32_t>(i);
        i += 3;
        continue;
      }
    }
    out[k] = static_cast<char>(c);
    map[k++] = static_cast<uint32_t>(i++);
  }
  map[k] = static_cast<uint32_t>(n);
  buffer_.resize(k);
  to_original_.resize(k + 1);
  text_ = buffer_;
}

}  // namespace xb::text
