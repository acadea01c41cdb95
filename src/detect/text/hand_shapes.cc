#include "detect/text/hand_shapes.h"

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


// Byte classes for the run loop: one table load per byte instead of range tests.
constexpr uint8_t kAlnumBit = 1;
constexpr uint8_t kDigitBit = 2;
struct ByteClasses {
  uint8_t of[256] = {};
  constexpr ByteClasses() {
    for (int c = 0; c < 256; ++c) {
      const auto b = static_cast<unsigned char>(c);
      of[c] = static_cast<uint8_t>((Alnum(b) ? kAlnumBit : 0) | (Digit(b) ? kDigitBit : 0));
    }
  }
};
constexpr ByteClasses kClasses;

using Text = bytes::ByteText;

// Vectorscan's "$" also matches before a newline that ends the text (as in PCRE), so a body
// ending at i there is reported twice: with the newline as its terminator and without.
bool EndsBeforeFinalNewline(const Text& t, size_t i) { return i + 1 == t.size() && t[i] == '\n'; }

void Add(PatternKind kind, size_t from, size_t to, std::vector<ShapeMatch>* out) {
  out->push_back({kind, static_cast<uint32_t>(from), static_cast<uint32_t>(to)});
}

// \+?\d(?:[ \-]?\d){6,}(?:[ \-]?[Xx])?(?:[^0-9Xx]|$)
// A match ends after every byte outside [0-9Xx] (or at the end of the text) that a body ends
// before: the digits of the chain ending there (digits joined by single separators), at least
// seven, optionally followed by an X. Its leftmost start is the first digit of that chain (or a
// '+' before it). The chain is tracked forward, so long runs cost one pass.
void DigitRuns(const Text& t, std::vector<ShapeMatch>* out) {
  const size_t n = t.size();
  // Signed, so "no digit yet" is far enough back that no body can end within three bytes of it.
  int64_t last_digit = -8;  // position of the latest digit
  size_t chain_start = 0;
  size_t chain_digits = 0;
  for (size_t i = 0; i <= n; ++i) {
    const unsigned char c = t[i];
    const auto pos = static_cast<int64_t>(i);
    if (i < n && Digit(c)) {
      const bool continues = last_digit + 1 == pos || (last_digit + 2 == pos && Separator(t[i - 1]));
      if (!continues) {
        chain_start = i;
        chain_digits = 0;
      }
      // The rest of this run of digits continues the chain: take it whole.
      size_t run_end = i + 1;
      while (run_end < n && (kClasses.of[t.data()[run_end]] & kDigitBit) != 0) ++run_end;
      chain_digits += run_end - i;
      i = run_end - 1;
      last_digit = static_cast<int64_t>(i);
      continue;
    }
    // A body ends at most three bytes after its last digit ("123…7 X"): from a byte far from
    // any digit, nothing happens before the next digit, so the loop goes straight there.
    if (last_digit + 3 < pos) {
      if (i < n) i = t.NextDigit(i) - 1;  // i < NextDigit(i): c is no digit
      continue;
    }
    if (i < n && (c == 'X' || c == 'x')) continue;
    const unsigned char prev = t[i - 1];
    const bool body =
        last_digit + 1 == pos ||
        ((prev == 'X' || prev == 'x') &&
         (last_digit + 2 == pos || (last_digit + 3 == pos && Separator(t[i - 2]))));
    if (!body || chain_digits < 7) continue;
    const size_t from = chain_start > 0 && t[chain_start - 1] == '+' ? chain_start - 1 : chain_start;
    Add(PatternKind::kDigitRun, from, i < n ? i + 1 : n, out);
    if (EndsBeforeFinalNewline(t, i)) Add(PatternKind::kDigitRun, from, i, out);
  }
}

// The shapes that start with a letter, tried at every ASCII letter.
//   kCnPassport  [EeGg]\d{8}|[Ee][A-Za-z]\d{7}
//   kHmtPermit   [HhMm]\d{8}(?:\d{2})?|[Cc][0-9A-Za-z]\d{7}|[LlTt]\d{8}
//   kIcd10       [A-TV-Z]\d{2}(?:\.\d{1,2})?
// Each end has one possible start (the lengths differ by more than the letters allow), so the
// start found here is the leftmost.
void LetterLed(const Text& t, size_t i, std::vector<ShapeMatch>* out) {
  // Every one has a digit within the next two bytes; most letters are followed by letters.
  if (!Digit(t[i + 1]) && !Digit(t[i + 2])) return;
  const unsigned char c = t[i];
  const unsigned char lower = c | 0x20;
  if ((lower == 'e' || lower == 'g') && t.Digits(i + 1, 8)) {
    Add(PatternKind::kCnPassport, i, i + 9, out);
  } else if (lower == 'e' && Alpha(t[i + 1]) && t.Digits(i + 2, 7)) {
    Add(PatternKind::kCnPassport, i, i + 9, out);
  }
  if ((lower == 'h' || lower == 'm') && t.Digits(i + 1, 8)) {
    Add(PatternKind::kHmtPermit, i, i + 9, out);
    if (t.Digits(i + 9, 2)) Add(PatternKind::kHmtPermit, i, i + 11, out);
  } else if (lower == 'c' && Alnum(t[i + 1]) && t.Digits(i + 2, 7)) {
    Add(PatternKind::kHmtPermit, i, i + 9, out);
  } else if ((lower == 'l' || lower == 't') && t.Digits(i + 1, 8)) {
    Add(PatternKind::kHmtPermit, i, i + 9, out);
  }
  if (Upper(c) && c != 'U' && t.Digits(i + 1, 2)) {
    Add(PatternKind::kIcd10, i, i + 3, out);
    if (t[i + 3] == '.' && Digit(t[i + 4])) {
      Add(PatternKind::kIcd10, i, i + 5, out);
      if (Digit(t[i + 5])) Add(PatternKind::kIcd10, i, i + 6, out);
    }
  }
}

bool DomainChar(unsigned char c) { return Alnum(c) || c == '-'; }
bool LocalChar(unsigned char c) {
  return Alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

// [A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+(?:[^A-Za-z0-9\-]|$)
// At each '@' with a local part before it: the domain after it is read label by label; every
// point where it has two or more labels and the next byte ends the label is a match end. The
// leftmost start is the first byte of the longest local part (no '@' inside a match, so each end
// belongs to one '@').
void Emails(const Text& t, size_t at, std::vector<ShapeMatch>* out) {
  const size_t n = t.size();
  size_t start = at;
  while (start > 0 && LocalChar(t[start - 1])) --start;
  if (start == at) return;
  int dots = 0;
  for (size_t i = at + 1; i < n; ++i) {
    const unsigned char c = t[i];
    if (c == '.') {
      if (i == at + 1 || t[i - 1] == '.') return;  // an empty label ends every match here
      ++dots;
      continue;
    }
    if (!DomainChar(c)) return;
    if (dots == 0 || DomainChar(t[i + 1])) continue;  // t[n] reads as 0, a terminator
    Add(PatternKind::kEmail, start, i + 1 < n ? i + 2 : n, out);
    if (EndsBeforeFinalNewline(t, i + 1)) Add(PatternKind::kEmail, start, i + 1, out);
  }
}

}  // namespace

bool IsHandMatched(PatternKind kind) {
  switch (kind) {
    case PatternKind::kDigitRun:
    case PatternKind::kCnPassport:
    case PatternKind::kPassportGeneric:
    case PatternKind::kHmtPermit:
    case PatternKind::kUscc:
    case PatternKind::kIcd10:
    case PatternKind::kEmail:
      return true;
    default:
      return false;
  }
}

void FindHandShapes(std::string_view text, std::vector<ShapeMatch>* out) {
  const Text t(text);
  const size_t n = t.size();
  DigitRuns(t, out);
  // Run by run of letters and digits. The letter-led shapes and passports need a digit inside
  // the run (right after a letter or two), so runs without one (most words) only meet the
  // USCC's length test.
  for (size_t i = 0; i < n;) {
    const unsigned char c = t[i];
    if (!Alnum(c)) {
      if (c == '@') Emails(t, i, out);
      i = c >= 0x80 ? t.SkipNonAscii(i) : i + 1;
      continue;
    }
    const size_t run_start = i;
    uint8_t classes = 0;
    for (const unsigned char* p = t.data(); i < n && (kClasses.of[p[i]] & kAlnumBit) != 0; ++i) {
      classes |= kClasses.of[p[i]];
    }
    const bool has_digit = (classes & kDigitBit) != 0;
    const size_t run_end = i;
    for (size_t k = run_start; has_digit && k < run_end; ++k) {
      if (Alpha(t[k])) {
        LetterLed(t, k, out);
      } else if (k > run_start && Upper(t[k - 1])) {
        // kPassportGeneric [A-Z]{1,2}\d{6,9}: the digits start right after the letters, so at
        // the start of a digit run; every end 6 to 9 digits on is a match.
        size_t digits_end = k;
        while (digits_end < n && digits_end < k + 9 && Digit(t[digits_end])) ++digits_end;
        const size_t from = k >= 2 && Upper(t[k - 2]) ? k - 2 : k - 1;
        for (size_t end = k + 6; end <= digits_end; ++end) {
          Add(PatternKind::kPassportGeneric, from, end, out);
        }
      }
    }
    // kUscc [0-9A-Za-z]{18}(?:[^0-9A-Za-z]|$): the last 18 characters of a run of at least 18.
    if (run_end - run_start >= 18) {
      Add(PatternKind::kUscc, run_end - 18, run_end < n ? run_end + 1 : n, out);
      if (EndsBeforeFinalNewline(t, run_end)) Add(PatternKind::kUscc, run_end - 18, run_end, out);
    }
  }
}

}  // namespace xb::text
