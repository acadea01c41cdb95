#include "detect/text/normalized_text.h"

#include "core/utf8.h"

namespace xb::text {
namespace {

// Lead bytes of every folded form: U+FF01..U+FF5E (EF BC xx, EF BD xx), U+3000 (E3 80 80),
// U+2010..U+2015 (E2 80 90..95). A text without these bytes needs no folding, which is the
// common case and costs one pass of memchr-like scanning.
bool MayNeedFolding(std::string_view s) {
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xEF || c == 0xE3 || c == 0xE2) {
      if (FoldedAscii(utf8::DecodeOne(s.substr(i)).code_point) != 0) return true;
    }
  }
  return false;
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
  if (!MayNeedFolding(original)) {
    text_ = original;
    return;
  }
  buffer_.clear();
  buffer_.reserve(original.size());
  to_original_.reserve(original.size() + 1);
  size_t i = 0;
  while (i < original.size()) {
    const auto c = static_cast<unsigned char>(original[i]);
    if (c < 0x80) {
      buffer_.push_back(static_cast<char>(c));
      to_original_.push_back(static_cast<uint32_t>(i));
      ++i;
      continue;
    }
    utf8::Decoded d = utf8::DecodeOne(original.substr(i));
    char folded = d.valid ? FoldedAscii(d.code_point) : 0;
    if (folded != 0) {
      buffer_.push_back(folded);
      to_original_.push_back(static_cast<uint32_t>(i));
    } else {
      for (size_t k = 0; k < d.length; ++k) {
        buffer_.push_back(original[i + k]);
        to_original_.push_back(static_cast<uint32_t>(i));
      }
    }
    i += d.length;
  }
  to_original_.push_back(static_cast<uint32_t>(original.size()));
  text_ = buffer_;
}

}  // namespace xb::text
