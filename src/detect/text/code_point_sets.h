// Immutable lookup tables for the recognisers' word lists: built once in Load(), probed for
// many characters of every document. Open addressing over flat arrays, so a probe builds no
// string and allocates nothing (std::unordered_* hashed a fresh u32string and chased a node
// pointer per lookup, which was most of the name recognisers' time).
#ifndef XBORDER_DETECT_TEXT_CODE_POINT_SETS_H_
#define XBORDER_DETECT_TEXT_CODE_POINT_SETS_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace xb::text {

// Whether w equals the n = w.size() code points at p. Words here are a few characters long, so
// an inline loop beats a call to memcmp (what std::equal becomes).
inline bool SameCodePoints(std::u32string_view w, const char32_t* p) {
  for (size_t k = 0; k < w.size(); ++k) {
    if (w[k] != p[k]) return false;
  }
  return true;
}

// A set of code-point words of any length. Insert() while building; Contains() after.
class CodePointWordSet {
 public:
  void Insert(std::u32string_view w) {
    if (w.empty() || Contains(w)) return;
    if ((count_ + 1) * 2 > slots_.size()) Grow();
    const uint32_t offset = static_cast<uint32_t>(pool_.size());
    pool_.append(w);
    Place({Hash(w.data(), w.size()), offset, static_cast<uint32_t>(w.size())});
    ++count_;
  }
  bool Contains(const char32_t* p, size_t n) const {
    if (slots_.empty() || n == 0) return false;
    const uint64_t h = Hash(p, n);
    for (size_t k = h & Mask();; k = (k + 1) & Mask()) {
      const Slot& s = slots_[k];
      if (s.length == 0) return false;
      if (s.hash == h && s.length == n &&
          SameCodePoints(std::u32string_view(pool_.data() + s.offset, n), p)) {
        return true;
      }
    }
  }
  bool Contains(std::u32string_view w) const { return Contains(w.data(), w.size()); }

 private:
  struct Slot {
    uint64_t hash;
    uint32_t offset;  // into pool_
    uint32_t length;  // 0: empty slot
  };
  static uint64_t Hash(const char32_t* p, size_t n) {
    uint64_t h = n;
    for (size_t k = 0; k < n; ++k) h = (h ^ p[k]) * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 32);
  }
  size_t Mask() const { return slots_.size() - 1; }
  void Place(const Slot& s) {
    size_t k = s.hash & Mask();
    while (slots_[k].length != 0) k = (k + 1) & Mask();
    slots_[k] = s;
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{0, 0, 0});
    for (const Slot& s : old) {
      if (s.length != 0) Place(s);
    }
  }

  std::u32string pool_;
  std::vector<Slot> slots_;  // size a power of two, at most half full
  size_t count_ = 0;
};

// Entries grouped by one code point (a cue's last character, a title's first): For(c) is the
// entries filed under c in the order they were added, empty when none.
template <typename T>
class CodePointIndex {
 public:
  // Flattens `groups`; the order within each group is kept.
  void Build(const std::unordered_map<char32_t, std::vector<T>>& groups) {
    size_t size = 16;
    while (size < groups.size() * 2) size *= 2;
    slots_.assign(size, Slot{kEmpty, 0, 0});
    entries_.clear();
    for (const auto& [c, group] : groups) {
      const uint32_t begin = static_cast<uint32_t>(entries_.size());
      entries_.insert(entries_.end(), group.begin(), group.end());
      size_t k = Hash(c) & (slots_.size() - 1);
      while (slots_[k].key != kEmpty) k = (k + 1) & (slots_.size() - 1);
      slots_[k] = {c, begin, static_cast<uint32_t>(entries_.size())};
    }
  }
  std::span<const T> For(char32_t c) const {
    if (slots_.empty()) return {};
    for (size_t k = Hash(c) & (slots_.size() - 1);; k = (k + 1) & (slots_.size() - 1)) {
      const Slot& s = slots_[k];
      if (s.key == c) return {entries_.data() + s.begin, entries_.data() + s.end};
      if (s.key == kEmpty) return {};
    }
  }

 private:
  static constexpr char32_t kEmpty = 0xFFFFFFFF;  // not a code point
  struct Slot {
    char32_t key;
    uint32_t begin;  // entries_[begin, end)
    uint32_t end;
  };
  static size_t Hash(char32_t c) { return (static_cast<uint64_t>(c) * 0x9E3779B97F4A7C15ull) >> 40; }

  std::vector<Slot> slots_;  // size a power of two, at most half full
  std::vector<T> entries_;
};

}  // namespace xb::text

#endif  // XBORDER_DETECT_TEXT_CODE_POINT_SETS_H_
