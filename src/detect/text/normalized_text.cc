#include "detect/text/normalized_text.h"

#include <cstdint>
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

// The first position >= i (and < n) holding E2, E3 or EF, the lead bytes of the folded forms,
// or n. Eight bytes at a time: (b & 0xFE) == 0xE2 or b == 0xEF, each tested with the classic
// "has a zero byte" expression, which is exact in telling whether a word holds one.
size_t NextLead(const unsigned char* p, size_t i, size_t n) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  while (i + 8 <= n) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    const uint64_t e2 = (w & (0xFE * kOnes)) ^ (0xE2 * kOnes);
    const uint64_t ef = w ^ (0xEF * kOnes);
    if ((((e2 - kOnes) & ~e2) | ((ef - kOnes) & ~ef)) & kHigh) break;
    i += 8;
  }
  while (i < n && p[i] != 0xEF && (p[i] & 0xFE) != 0xE2) ++i;
  return i;
}

// Where the first folded form starts (n when none): a text without one needs no copy, which is
// the common case for English.
size_t FirstFolded(const unsigned char* p, size_t n) {
  for (size_t i = NextLead(p, 0, n); i + 2 < n; i = NextLead(p, i + 1, n)) {
    if (FoldedAt(p + i) != 0) return i;
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
    // Bytes up to the next possible lead byte are copied as a block.
    const size_t lead = NextLead(p, i, n);
    if (lead > i) {
      std::memcpy(out + k, p + i, lead - i);
      for (size_t j = i; j < lead; ++j) map[k++] = static_cast<uint32_t>(j);
      i = lead;
      if (i == n) break;
    }
    const char folded = i + 2 < n ? FoldedAt(p + i) : 0;
    if (folded != 0) {
      out[k] = folded;
      map[k++] = static_cast<uint32_t>(i);
      i += 3;
      continue;
    }
    out[k] = static_cast<char>(p[i]);
    map[k++] = static_cast<uint32_t>(i++);
  }
  map[k] = static_cast<uint32_t>(n);
  buffer_.resize(k);
  to_original_.resize(k + 1);
  text_ = buffer_;
}

}  // namespace xb::text
