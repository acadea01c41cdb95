#include "io/csv_syntax.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace xb::io {
namespace {

// Bitmask of the delimiter, LF and '"' bytes among the (up to) 64 bytes at `p`: bit i is set
// when p[i] is one of them. One mask settles several fields (records average 10-byte fields),
// so the per-field cost is a count-trailing-zeros, not a fresh search.
inline uint64_t SpecialMask(const char* p, const char* end, char delimiter) {
  if (end - p >= 64) {
#ifdef __SSE2__
    const __m128i vd = _mm_set1_epi8(delimiter);
    const __m128i vn = _mm_set1_epi8('\n');
    const __m128i vq = _mm_set1_epi8('"');
    uint64_t mask = 0;
    for (int k = 0; k < 4; ++k) {
      __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
      __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vd), _mm_cmpeq_epi8(x, vn)),
                                 _mm_cmpeq_epi8(x, vq));
      mask |= static_cast<uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(hit))) << (16 * k);
    }
    return mask;
#endif
  }
  uint64_t mask = 0;
  const ptrdiff_t n = std::min<ptrdiff_t>(64, end - p);
  for (ptrdiff_t i = 0; i < n; ++i) {
    char c = p[i];
    if (c == delimiter || c == '\n' || c == '"') mask |= uint64_t{1} << i;
  }
  return mask;
}

// Walks the special bytes of a buffer in order, 64 bytes at a time.
class SpecialCursor {
 public:
  SpecialCursor(const char* p, const char* end, char delimiter)
      : window_(p), end_(end), delimiter_(delimiter), mask_(SpecialMask(p, end, delimiter)) {}

  // The next special byte at or after the cursor, or end.
  char* Next() {
    while (mask_ == 0) {
      window_ += 64;
      if (window_ >= end_) return const_cast<char*>(end_);
      mask_ = SpecialMask(window_, end_, delimiter_);
    }
    const char* hit = window_ + __builtin_ctzll(mask_);
    mask_ &= mask_ - 1;
    return const_cast<char*>(hit);
  }

  // Restarts at `p` (after the parser moved on by itself).
  void Reset(const char* p) {
    window_ = p;
    mask_ = p < end_ ? SpecialMask(p, end_, delimiter_) : 0;
  }

 private:
  const char* window_;
  const char* end_;
  char delimiter_;
  uint64_t mask_;
};

}  // namespace

void ScanCsvBoundaries(std::string_view text, CsvBoundaryScan* scan) {
  const char* base = text.data();
  const char* end = base + text.size();
  const char* p = base + scan->pos;
  while (p < end) {
    const char* quote = static_cast<const char*>(std::memchr(p, '"', end - p));
    if (scan->in_quotes) {
      if (quote == nullptr) {
        p = end;
        break;
      }
      scan->in_quotes = false;
      p = quote + 1;
      continue;
    }
    const char* stop = quote == nullptr ? end : quote;
    if (stop > p) {
      const void* nl = ::memrchr(p, '\n', stop - p);
      if (nl != nullptr) scan->last_boundary = static_cast<const char*>(nl) - base + 1;
    }
    if (quote == nullptr) {
      p = end;
      break;
    }
    scan->in_quotes = true;
    p = quote + 1;
  }
  scan->pos = p - base;
}

char* ParseCsvRecord(char* begin, char* end, char delimiter, std::vector<std::string_view>* fields,
                     int* newlines) {
  fields->clear();
  int lines = 0;
  char* p = begin;
  SpecialCursor cursor(begin, end, delimiter);
  while (true) {
    char* start = p;
    char* stop = cursor.Next();
    if (stop == end || *stop != '"') {
      // Fast path: an unquoted field, no copying.
      if (stop == end) {
        char* field_end = (stop > start && stop[-1] == '\r') ? stop - 1 : stop;
        fields->emplace_back(start, field_end - start);
        *newlines = lines;
        return end;
      }
      if (*stop == delimiter) {
        fields->emplace_back(start, stop - start);
        p = stop + 1;
        continue;
      }
      char* field_end = (stop > start && stop[-1] == '\r') ? stop - 1 : stop;
      fields->emplace_back(start, field_end - start);
      *newlines = lines + 1;
      return stop + 1;
    }
    // Slow path: the field has quotes. Rewrite it in place from the first quote on; the result
    // is never longer than the input, so the write position trails the read position.
    char* w = stop;
    p = stop;
    bool quoted = false;
    bool trailing_cr = false;  // the last byte written was an unquoted CR
    while (p < end) {
      if (quoted) {
        char* q = static_cast<char*>(std::memchr(p, '"', end - p));
        char* run_end = q == nullptr ? end : q;
        lines += static_cast<int>(std::count(p, run_end, '\n'));
        if (w != p) std::memmove(w, p, run_end - p);
        w += run_end - p;
        p = run_end;
        if (q == nullptr) break;
        if (p + 1 < end && p[1] == '"') {
          *w++ = '"';
          p += 2;
        } else {
          quoted = false;
          ++p;
        }
        trailing_cr = false;
        continue;
      }
      char c = *p;
      if (c == '"') {
        quoted = true;
        ++p;
        continue;
      }
      if (c == delimiter || c == '\n') break;
      *w++ = c;
      trailing_cr = c == '\r';
      ++p;
    }
    if (p >= end) {
      if (trailing_cr) --w;
      fields->emplace_back(start, w - start);
      *newlines = lines;
      return end;
    }
    if (*p == delimiter) {
      fields->emplace_back(start, w - start);
      ++p;
      cursor.Reset(p);
      continue;
    }
    if (trailing_cr) --w;
    fields->emplace_back(start, w - start);
    *newlines = lines + 1;
    return p + 1;
  }
}

std::vector<std::string> ColumnNamesFromHeader(const std::vector<std::string_view>& fields) {
  std::vector<std::string> names;
  names.reserve(fields.size());
  for (std::string_view f : fields) {
    while (!f.empty() && (f.front() == ' ' || f.front() == '\t')) f.remove_prefix(1);
    while (!f.empty() && (f.back() == ' ' || f.back() == '\t')) f.remove_suffix(1);
    names.emplace_back(f.empty() ? "column_" + std::to_string(names.size() + 1) : std::string(f));
  }
  return names;
}

size_t CountNewlines(std::string_view text) {
  const char* p = text.data();
  const char* end = p + text.size();
  size_t count = 0;
#ifdef __SSE2__
  // Compare 16 bytes at a time and subtract the 0xFF match bytes from per-lane counters;
  // every 255 rounds, before a lane can overflow, sum the lanes with SAD. No popcount needed
  // (baseline x86-64 has none).
  const __m128i vn = _mm_set1_epi8('\n');
  while (end - p >= 16) {
    __m128i lanes = _mm_setzero_si128();
    int rounds = 0;
    for (; rounds < 255 && end - p >= 16; ++rounds, p += 16) {
      __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(x, vn));
    }
    __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
    count += static_cast<size_t>(_mm_cvtsi128_si64(sums)) +
             static_cast<size_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
  }
#endif
  for (; p < end; ++p) count += *p == '\n';
  return count;
}

char DetectDelimiter(std::string_view sample) {
  constexpr std::array<char, 4> kCandidates = {',', '\t', ';', '|'};
  constexpr int kMaxRecords = 50;
  // Only whole records: cut the sample after its last LF, if it has one.
  size_t cut = sample.rfind('\n');
  if (cut != std::string_view::npos) sample = sample.substr(0, cut + 1);
  char best = ',';
  int best_score = 0;
  size_t best_fields = 1;
  std::vector<std::string_view> fields;
  for (char candidate : kCandidates) {
    std::string copy(sample);  // parsing rewrites quoted fields in place
    char* p = copy.data();
    char* end = p + copy.size();
    size_t header_fields = 0;
    int consistent = 0;
    for (int records = 0; p < end && records < kMaxRecords;) {
      int lines = 0;
      bool blank = IsBlankRecordAt(p, end);
      p = ParseCsvRecord(p, end, candidate, &fields, &lines);
      if (blank) continue;
      ++records;
      if (header_fields == 0) {
        header_fields = fields.size();
        continue;
      }
      if (fields.size() == header_fields) ++consistent;
    }
    if (header_fields < 2) continue;
    int score = consistent + 1;
    if (score > best_score || (score == best_score && header_fields > best_fields)) {
      best = candidate;
      best_score = score;
      best_fields = header_fields;
    }
  }
  return best;
}

}  // namespace xb::io
