#include "detect/text/shape_start.h"

namespace xb::text {
namespace {

// Walks back over `text` from `p`; every step checks bounds, so a malformed call returns a
// start inside [0, to] rather than reading outside the text.
class Back {
 public:
  Back(std::string_view text, uint32_t p) : t_(text), p_(p) {}
  uint32_t pos() const { return p_; }
  unsigned char Prev(uint32_t k = 1) const {
    return p_ >= k ? static_cast<unsigned char>(t_[p_ - k]) : 0;
  }
  bool Take(char c) {
    if (p_ == 0 || t_[p_ - 1] != c) return false;
    --p_;
    return true;
  }
  // Up to `max` bytes of class `in`; returns how many were taken.
  template <typename Pred>
  uint32_t TakeWhile(Pred in, uint32_t max = UINT32_MAX) {
    uint32_t n = 0;
    while (n < max && p_ > 0 && in(static_cast<unsigned char>(t_[p_ - 1]))) {
      --p_;
      ++n;
    }
    return n;
  }
  void Skip(uint32_t k) { p_ = p_ >= k ? p_ - k : 0; }
  bool TakeDegree() {  // U+00B0 "°" (C2 B0)
    if (Prev() != 0xB0 || Prev(2) != 0xC2) return false;
    p_ -= 2;
    return true;
  }
  bool TakeFullWidthComma() {  // U+FF0C "，" (EF BC 8C)
    if (Prev() != 0x8C || Prev(2) != 0xBC || Prev(3) != 0xEF) return false;
    p_ -= 3;
    return true;
  }

 private:
  std::string_view t_;
  uint32_t p_;
};

bool Digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool Alnum(unsigned char c) { return Digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }

// -?\d{1,2}\.\d{2,} ?, ?-?\d{1,3}\.\d{2,}
uint32_t GpsStart(std::string_view text, uint32_t to) {
  Back b(text, to);
  b.TakeWhile(Digit);
  b.Take('.');
  // The integer part is set off by '-', ' ' or ',': it is the whole digit run.
  b.TakeWhile(Digit, 3);
  b.Take('-');
  b.Take(' ');
  b.Take(',');
  b.Take(' ');
  b.TakeWhile(Digit);
  b.Take('.');
  if (b.TakeWhile(Digit, 2) > 0 && !Digit(b.Prev())) b.Take('-');
  return b.pos();
}

// \d{1,2}\.\d{2,}°? ?[NSns][ ,，]*\d{1,3}\.\d{2,}°? ?[EWew]
uint32_t GpsHemisphereStart(std::string_view text, uint32_t to) {
  Back b(text, to);
  b.Skip(1);  // E W e w
  b.Take(' ');
  b.TakeDegree();
  b.TakeWhile(Digit);
  b.Take('.');
  b.TakeWhile(Digit, 3);
  while (b.Take(' ') || b.Take(',') || b.TakeFullWidthComma()) {
  }
  b.Skip(1);  // N S n s
  b.Take(' ');
  b.TakeDegree();
  b.TakeWhile(Digit);
  b.Take('.');
  b.TakeWhile(Digit, 2);
  return b.pos();
}

bool Hex(unsigned char c) { return Digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }

// (?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}
// Back from the end: the last group runs to the nearest colon; every group between two colons is
// fixed, so the match grows unit by unit while a whole group of at most four digits with a colon
// before it precedes and fewer than seven units are taken; the first unit then takes up to four
// hex digits.
uint32_t Ipv6Start(std::string_view text, uint32_t to) {
  Back b(text, to);
  b.TakeWhile(Hex, 4);
  if (!b.Take(':')) return b.pos();
  int units = 1;
  while (true) {
    const uint32_t colon_end = b.pos();  // just before the colon of the current first unit
    Back group(text, colon_end);
    const uint32_t length = group.TakeWhile(Hex, 5);
    if (length <= 4 && units < 7 && group.Prev() == ':' && group.pos() > 0) {
      group.Take(':');
      b = group;
      ++units;
      continue;
    }
    Back first(text, colon_end);
    first.TakeWhile(Hex, 4);
    return first.pos();
  }
}

}  // namespace

bool HasHandStart(PatternKind kind) {
  switch (kind) {
    case PatternKind::kGps:
    case PatternKind::kGpsHemisphere:
    case PatternKind::kIpv6:
      return true;
    default:
      return false;
  }
}

uint32_t HandStart(PatternKind kind, std::string_view text, uint32_t to) {
  switch (kind) {
    case PatternKind::kGps:
      return GpsStart(text, to);
    case PatternKind::kGpsHemisphere:
      return GpsHemisphereStart(text, to);
    case PatternKind::kIpv6:
      return Ipv6Start(text, to);
    default:
      return to;
  }
}

bool HasRescanStart(PatternKind kind) {
  return kind == PatternKind::kIban || kind == PatternKind::kEnglishAddress;
}

bool InRescanClass(PatternKind kind, unsigned char c) {
  switch (kind) {
    case PatternKind::kIban:
      return Alnum(c) || c == ' ';
    case PatternKind::kEnglishAddress:
      return Alnum(c) || c == ' ' || c == '\'' || c == ',' || c == '.' || c == '#' || c == '-';
    default:
      return false;
  }
}

}  // namespace xb::text
