// Word lists shipped in data/dict/ (surnames, ethnic groups, religions, health terms ...).
//
// File format: UTF-8, one entry per line; '#' starts a comment line; blank lines are skipped;
// spaces and tabs around an entry are trimmed. Entries are matched exactly, except that ASCII
// letters are compared case-insensitively (so "Female" matches "female"); CJK text is compared
// byte for byte.
//
// A Dictionary is immutable once loaded and safe to share between threads. Lookups never
// allocate: the table is open-addressed over one arena of entry bytes.
#ifndef XBORDER_DETECT_DICTIONARY_H_
#define XBORDER_DETECT_DICTIONARY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace xb {

class Dictionary {
 public:
  // The longest entry accepted; longer lines are a parse error (no real entry is that long).
  static constexpr size_t kMaxEntryBytes = 64;

  Dictionary() = default;  // empty: Contains() is always false

  // Reads `path`. Errors: kNotFound / kIo when the file cannot be read; kParse (with file and
  // line) for invalid UTF-8 or an entry longer than kMaxEntryBytes.
  static Result<Dictionary> Load(const std::string& path);
  // Builds from entries already in memory (tests, callers with their own lists). Entries are
  // trimmed; empty ones are skipped. Errors: kInvalidArgument for invalid UTF-8 or over-long
  // entries, naming `source` and the entry's index.
  static Result<Dictionary> FromEntries(const std::vector<std::string>& entries,
                                        std::string_view source = "<memory>");

  // True when `word` is an entry (ASCII case-insensitive). Never allocates.
  bool Contains(std::string_view word) const { return IndexOf(word) >= 0; }
  // The entry's position in Entries() order, or -1 when `word` is not an entry. Lets callers
  // attach data to entries in a parallel array. Never allocates.
  int64_t IndexOf(std::string_view word) const;

  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  // Length in bytes of the longest / shortest entry (0 when empty): callers skip lookups of
  // strings that cannot match.
  size_t max_length() const { return max_length_; }
  size_t min_length() const { return min_length_; }
  // The entries in file order, ASCII letters lower-cased.
  std::vector<std::string_view> Entries() const;

 private:
  struct Slot {
    uint32_t offset = 0;
    uint32_t index = 0;   // position in order_offsets_
    uint16_t length = 0;  // 0 = empty slot (entries are never empty)
    uint16_t tag = 0;     // high bits of the hash: most misses end without touching arena_
  };

  // Adds a folded entry; duplicates are ignored.
  void Insert(std::string_view folded);
  void Rehash(size_t slots);
  size_t Find(std::string_view folded, uint64_t hash) const;

  std::string arena_;  // folded entries, back to back
  std::vector<uint32_t> order_offsets_;
  std::vector<uint16_t> order_lengths_;
  std::vector<Slot> slots_;  // power-of-two size, at most half full
  size_t count_ = 0;
  size_t max_length_ = 0;
  size_t min_length_ = 0;
};

// Lower-cases ASCII letters of `in` into `out` (which must hold in.size() bytes) and returns
// the folded view. Exposed for detectors that fold once and look up several dictionaries.
std::string_view FoldAsciiCase(std::string_view in, char* out);

}  // namespace xb

#endif  // XBORDER_DETECT_DICTIONARY_H_
