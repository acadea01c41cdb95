#include "core/utf8.h"

#include <cstring>

namespace xb::utf8 {

Decoded DecodeOne(std::string_view bytes) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  const unsigned char c = s[0];
  if (c < 0x80) return {c, 1, true};
  auto cont = [&](size_t i) { return i < n && (s[i] & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) {
    if (cont(1)) return {static_cast<char32_t>(((c & 0x1F) << 6) | (s[1] & 0x3F)), 2, true};
  } else if (c >= 0xE0 && c <= 0xEF) {
    if (cont(1) && cont(2)) {
      char32_t cp = ((c & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
      if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) return {cp, 3, true};
    }
  } else if (c >= 0xF0 && c <= 0xF4) {
    if (cont(1) && cont(2) && cont(3)) {
      char32_t cp =
          ((c & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
      if (cp >= 0x10000 && cp <= 0x10FFFF) return {cp, 4, true};
    }
  }
  return {kReplacement, 1, false};
}

size_t FindInvalid(std::string_view bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    // Skip ASCII eight bytes at a time: most of our input is ASCII.
    while (i + 8 <= bytes.size()) {
      uint64_t word;
      std::memcpy(&word, bytes.data() + i, 8);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= bytes.size()) break;
    Decoded d = DecodeOne(bytes.substr(i));
    if (!d.valid) return i;
    i += d.length;
  }
  return std::string_view::npos;
}

size_t CountCodePoints(std::string_view bytes) {
  size_t count = 0;
  for (size_t i = 0; i < bytes.size();) {
    i += DecodeOne(bytes.substr(i)).length;
    ++count;
  }
  return count;
}

void Append(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::u32string DecodeAll(std::string_view bytes) {
  std::u32string out;
  out.reserve(bytes.size());
  while (!bytes.empty()) {
    Decoded d = DecodeOne(bytes);
    out.push_back(d.code_point);
    bytes.remove_prefix(d.length);
  }
  return out;
}

bool HasNonAscii(std::string_view bytes) {
  for (unsigned char c : bytes) {
    if (c >= 0x80) return true;
  }
  return false;
}

std::string FoldFullWidth(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size();) {
    Decoded d = DecodeOne(bytes.substr(i));
    if (d.valid && d.code_point >= 0xFF01 && d.code_point <= 0xFF5E) {
      out.push_back(static_cast<char>(d.code_point - 0xFF01 + 0x21));
    } else if (d.valid && d.code_point == 0x3000) {
      out.push_back(' ');
    } else {
      out.append(bytes.substr(i, d.length));
    }
    i += d.length;
  }
  return out;
}

}  // namespace xb::utf8
