// A Bloom filter over a Dictionary's words: answers "certainly not an entry" from one 128 KiB
// bit table that stays in cache, where Dictionary::IndexOf would touch its (much larger) slot
// table. Most cells a classifier looks up (names, cities, remarks) are not dictionary words, so
// the filter turns most look-ups into two bit tests (issue #17).
//
// Exact by construction: every entry passes (no false negatives), compared ASCII
// case-insensitively as Dictionary does; a word that passes may still not be an entry (about 3%
// of non-entries at 100,000 entries), so callers look it up after.
//
// Immutable once built; safe to share between threads.
#ifndef XBORDER_DETECT_WORD_FILTER_H_
#define XBORDER_DETECT_WORD_FILTER_H_

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "core/word_hash.h"

namespace xb {

class WordFilter {
 public:
  static constexpr size_t kBits = size_t{1} << 20;

  WordFilter() : bits_(kBits / 64) {}

  // Adds a word (of any case).
  void Add(std::string_view word) {
    const uint64_t h = Hash(word);
    bits_[(h & (kBits - 1)) / 64] |= uint64_t{1} << (h % 64);
    bits_[((h >> 32) & (kBits - 1)) / 64] |= uint64_t{1} << ((h >> 32) % 64);
  }

  // False when `word` was certainly never added (ASCII letters compared case-insensitively).
  bool MayContain(std::string_view word) const {
    const uint64_t h = Hash(word);
    return ((bits_[(h & (kBits - 1)) / 64] >> (h % 64)) & 1) &&
           ((bits_[((h >> 32) & (kBits - 1)) / 64] >> ((h >> 32) % 64)) & 1);
  }

 private:
  // Eight bytes with ASCII A-Z lower-cased (bytes >= 0x80 untouched), without a byte loop.
  static uint64_t FoldWord(uint64_t w) {
    constexpr uint64_t kHigh = 0x8080808080808080ull;
    const uint64_t low7 = w & ~kHigh;
    const uint64_t at_least_a = low7 + 0x3F3F3F3F3F3F3F3Full;    // high bit: byte >= 'A'
    const uint64_t beyond_z = low7 + 0x2525252525252525ull;      // high bit: byte > 'Z'
    const uint64_t upper = at_least_a & ~beyond_z & ~w & kHigh;  // ASCII 'A'..'Z'
    return w | (upper >> 2);
  }

  static uint64_t Hash(std::string_view s) { return WordHash(s, FoldWord); }

  std::vector<uint64_t> bits_;
};

}  // namespace xb

#endif  // XBORDER_DETECT_WORD_FILTER_H_
