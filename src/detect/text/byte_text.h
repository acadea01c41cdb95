// Internal to the text detector's hand matchers (hand_shapes.cc, digit_run_shapes.cc): the
// normalised text as unsigned bytes, with reads past the end returning 0 (so look-ahead needs no
// bounds checks) and word-at-a-time skips to the next byte of interest.
#ifndef XBORDER_DETECT_TEXT_BYTE_TEXT_H_
#define XBORDER_DETECT_TEXT_BYTE_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace xb::text::bytes {

constexpr bool Digit(unsigned char c) { return c >= '0' && c <= '9'; }
constexpr bool Upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool Alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
constexpr bool Alnum(unsigned char c) { return Digit(c) || Alpha(c); }
constexpr bool Separator(unsigned char c) { return c == ' ' || c == '-'; }

class ByteText {
 public:
  ByteText(std::string_view s)  // NOLINT: a view of the same bytes
      : p_(reinterpret_cast<const unsigned char*>(s.data())), n_(s.size()) {}
  size_t size() const { return n_; }
  unsigned char operator[](size_t i) const { return i < n_ ? p_[i] : 0; }  // 0 past the end
  const unsigned char* data() const { return p_; }

  // The first position >= i whose byte is a digit (or size()), eight bytes at a time: a byte
  // x ^ '0' below 10 is a digit, and the classic "has a byte less than" test is exact in
  // telling whether a word holds one.
  size_t NextDigit(size_t i) const {
    while (i + 8 <= n_) {
      uint64_t w;
      std::memcpy(&w, p_ + i, 8);
      const uint64_t x = w ^ 0x3030303030303030ULL;
      if (((x - 0x0A0A0A0A0A0A0A0AULL) & ~x & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    while (i < n_ && !Digit(p_[i])) ++i;
    return i;
  }
  // The first position >= i whose byte is ASCII (or size()): Chinese text is skipped eight
  // bytes at a time.
  size_t SkipNonAscii(size_t i) const {
    while (i + 8 <= n_) {
      uint64_t word;
      std::memcpy(&word, p_ + i, 8);
      if ((word & 0x8080808080808080ULL) != 0x8080808080808080ULL) break;
      i += 8;
    }
    while (i < n_ && p_[i] >= 0x80) ++i;
    return i;
  }
  // True if the `count` bytes at i are all digits.
  bool Digits(size_t i, size_t count) const {
    if (i + count > n_) return false;
    for (size_t k = 0; k < count; ++k) {
      if (!Digit(p_[i + k])) return false;
    }
    return true;
  }
  // True if the bytes at i are `lit` (3 bytes, a Chinese character).
  bool Is3(size_t i, const char* lit) const {
    return i + 3 <= n_ && std::memcmp(p_ + i, lit, 3) == 0;
  }

 private:
  const unsigned char* p_;
  size_t n_;
};

}  // namespace xb::text::bytes

#endif  // XBORDER_DETECT_TEXT_BYTE_TEXT_H_
