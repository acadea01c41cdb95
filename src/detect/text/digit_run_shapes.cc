#include "detect/text/digit_run_shapes.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "detect/text/byte_text.h"

namespace xb::text {
namespace {

using bytes::Alnum;
using bytes::Alpha;
using bytes::Digit;
using bytes::Separator;
using bytes::Upper;

bool DateSeparator(unsigned char c) { return c == '-' || c == '/' || c == '.'; }

using Text = bytes::ByteText;

void Add(PatternKind kind, size_t from, size_t to, std::vector<ShapeMatch>* out) {
  out->push_back({kind, static_cast<uint32_t>(from), static_cast<uint32_t>(to)});
}

// [A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){10,30}(?:[^A-Za-z0-9]|$), from the start at i (two letters
// and two digits there). Its bodies run on over alphanumerics and single spaces; every point
// after the 10th to the 30th alphanumeric that is followed by a byte outside [A-Za-z0-9] (or the
// end) ends a match, which consumes that byte. Ends are reported only past *last_end: a later
// start reaches no end an earlier one missed below that (its counts are never larger), so the
// first start to report an end is its leftmost.
void IbanFrom(const Text& t, size_t i, size_t* last_end, std::vector<ShapeMatch>* out) {
  const size_t n = t.size();
  int count = 0;
  for (size_t k = i + 4; k < n; ++k) {
    const unsigned char c = t[k];
    if (c == ' ') {
      if (t[k - 1] == ' ') return;
      continue;
    }
    if (!Alnum(c)) return;
    if (++count > 30) return;
    const size_t body_end = k + 1;
    if (count < 10 || Alnum(t[body_end]) || body_end <= *last_end) continue;
    *last_end = body_end;
    Add(PatternKind::kIban, i, body_end < n ? body_end + 1 : n, out);
    // "$" also matches before a newline that ends the text (as in PCRE).
    if (body_end + 1 == n && t[body_end] == '\n') Add(PatternKind::kIban, i, body_end, out);
  }
}

constexpr const char kYear[] = "\xE5\xB9\xB4";   // 年
constexpr const char kMonth[] = "\xE6\x9C\x88";  // 月
constexpr const char kDay[] = "\xE6\x97\xA5";    // 日

// Digits at k: 1 or 2 of them ending before a byte that is not a digit; 0 if none.
// (\d{1,2} followed by a separator: the separator decides the length.)
size_t OneOrTwo(const Text& t, size_t k) {
  if (!Digit(t[k])) return 0;
  return Digit(t[k + 1]) ? 2 : 1;
}

// Reports end `to` for a date starting at s unless an earlier start already did (starts are
// tried in increasing order, so the first is the leftmost). `recent` holds the ends reported
// from starts within the last 20 bytes; no date is longer.
struct DateEnds {
  uint32_t ends[64];
  size_t count = 0;
  void Forget(size_t before) {
    size_t kept = 0;
    for (size_t k = 0; k < count; ++k) {
      if (ends[k] >= before) ends[kept++] = ends[k];
    }
    count = kept;
  }
  void Report(size_t s, size_t to, std::vector<ShapeMatch>* out) {
    for (size_t k = 0; k < count; ++k) {
      if (ends[k] == to) return;
    }
    if (count < 64) ends[count++] = static_cast<uint32_t>(to);
    Add(PatternKind::kDate, s, to, out);
  }
};

// (?:19|20)\d{2}(?:[\-/.]\d{1,2}[\-/.]\d{1,2}|年\d{1,2}月\d{1,2}日?|\d{4})|
// \d{1,2}[\-/.]\d{1,2}[\-/.](?:19|20)\d{2}
// Every end of a date starting at the digit s.
void DatesFrom(const Text& t, size_t s, DateEnds* ends, std::vector<ShapeMatch>* out) {
  const unsigned char c0 = t[s], c1 = t[s + 1];
  if (((c0 == '1' && c1 == '9') || (c0 == '2' && c1 == '0')) && Digit(t[s + 2]) &&
      Digit(t[s + 3])) {
    const size_t k = s + 4;
    if (DateSeparator(t[k])) {
      // Each \d{1,2} before a separator has one length; the last one may have either.
      const size_t m = OneOrTwo(t, k + 1);
      if (m > 0 && DateSeparator(t[k + 1 + m]) && Digit(t[k + 2 + m])) {
        ends->Report(s, k + 3 + m, out);
        if (Digit(t[k + 3 + m])) ends->Report(s, k + 4 + m, out);
      }
    } else if (t.Is3(k, kYear)) {
      // 年\d{1,2}月\d{1,2}日?
      const size_t m = OneOrTwo(t, k + 3);
      const size_t month = k + 3 + m;
      if (m > 0 && t.Is3(month, kMonth) && Digit(t[month + 3])) {
        for (size_t d = month + 4; d <= month + 5; ++d) {
          if (d == month + 5 && !Digit(t[month + 4])) break;
          ends->Report(s, d, out);
          if (t.Is3(d, kDay)) ends->Report(s, d + 3, out);
        }
      }
    } else if (Digit(t[k]) && Digit(t[k + 1]) && Digit(t[k + 2]) && Digit(t[k + 3])) {
      ends->Report(s, k + 4, out);
    }
  }
  // \d{1,2}[\-/.]\d{1,2}[\-/.](?:19|20)\d{2}
  const size_t a = OneOrTwo(t, s);
  if (a > 0 && DateSeparator(t[s + a])) {
    const size_t b = OneOrTwo(t, s + a + 1);
    const size_t y = s + a + 1 + b;
    if (b > 0 && DateSeparator(t[y]) &&
        ((t[y + 1] == '1' && t[y + 2] == '9') || (t[y + 1] == '2' && t[y + 2] == '0')) &&
        Digit(t[y + 3]) && Digit(t[y + 4])) {
      ends->Report(s, y + 5, out);
    }
  }
}

// \d{1,6}(?:[ \-]?\*){3,14}(?:[ \-]?\d){0,4}[ \-]?[\dXx], for the digit run [a, b) when a star
// follows it. The stars must all belong to the star part (its end is followed by a digit or X,
// never a star), so the cluster after the run decides it: 3 to 14 stars, each after at most one
// separator. Then every one of the 1 to 5 trailing items (digits; the last may be an X) ends a
// match. Every end has one start: up to six digits back, the leftmost is the farthest.
void MaskedAfter(const Text& t, size_t a, size_t b, std::vector<ShapeMatch>* out) {
  size_t k = b;
  int stars = 0;
  for (;;) {
    if (t[k] == '*') {
      k += 1;
    } else if (Separator(t[k]) && t[k + 1] == '*') {
      k += 2;
    } else {
      break;
    }
    if (++stars > 14) return;
  }
  if (stars < 3) return;
  const size_t from = b - a > 6 ? b - 6 : a;
  for (int item = 0; item < 5; ++item) {
    if (Separator(t[k])) ++k;
    const unsigned char c = t[k];
    if (Digit(c)) {
      Add(PatternKind::kMaskedDigits, from, k + 1, out);
    } else {
      if (c == 'X' || c == 'x') Add(PatternKind::kMaskedDigits, from, k + 1, out);
      return;
    }
    ++k;
  }
}

// \d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}, for the digit run [a, b) when a '.' follows it: the next two
// runs are whole (1 to 3 digits between dots), the last ends after its first 1 to 3 digits.
// Every end has one start: up to three digits back, the leftmost is the farthest.
void Ipv4After(const Text& t, size_t a, size_t b, std::vector<ShapeMatch>* out) {
  size_t k = b + 1;
  for (int group = 0; group < 2; ++group) {
    size_t digits = 0;
    while (digits < 4 && Digit(t[k + digits])) ++digits;
    if (digits == 0 || digits > 3 || t[k + digits] != '.') return;
    k += digits + 1;
  }
  const size_t from = b - a > 3 ? b - 3 : a;
  for (size_t end = k + 1; end <= k + 3 && Digit(t[end - 1]); ++end) {
    Add(PatternKind::kIpv4, from, end, out);
  }
}

}  // namespace

bool IsDigitRunShape(PatternKind kind) {
  return kind == PatternKind::kIban || kind == PatternKind::kDate ||
         kind == PatternKind::kMaskedDigits || kind == PatternKind::kIpv4;
}

void FindDigitRunShapes(std::string_view text, std::vector<ShapeMatch>* out) {
  const Text t(text);
  const size_t n = t.size();
  size_t iban_last_end = 0;
  DateEnds date_ends;
  auto dates_from = [&](size_t s) {
    if (date_ends.count > 0) date_ends.Forget(s);
    DatesFrom(t, s, &date_ends, out);
  };
  // Every shape has a digit run at or near its start, so the text is read run by run. In a
  // run [a, b) of digits a date can start only at a "19" or "20" with eight digits from it
  // (\d{8} dates), or, when the byte after the run can continue a date (a separator or the lead
  // byte of 年), four, two or one digit before its end; starts are tried in increasing order,
  // which DateEnds needs. An IBAN's two digits are the first of a run.
  for (size_t a = t.NextDigit(0); a < n; a = t.NextDigit(a)) {
    size_t b = a + 1;
    while (b < n && Digit(t[b])) ++b;
    if (b - a >= 2 && a >= 2 && Alpha(t[a - 1]) && Alpha(t[a - 2])) {
      IbanFrom(t, a - 2, &iban_last_end, out);
    }
    for (size_t s = a; s + 8 <= b; ++s) {
      const unsigned char c0 = t[s], c1 = t[s + 1];
      if ((c0 == '1' && c1 == '9') || (c0 == '2' && c1 == '0')) dates_from(s);
    }
    const unsigned char next = t[b];
    if (b < n && (DateSeparator(next) || next == 0xE5)) {
      if (b - a >= 4) dates_from(b - 4);
      if (b - a >= 2) dates_from(b - 2);
      dates_from(b - 1);
    }
    if (next == '*' || (Separator(next) && t[b + 1] == '*')) MaskedAfter(t, a, b, out);
    if (next == '.') Ipv4After(t, a, b, out);
    a = b;
  }
}

}  // namespace xb::text
