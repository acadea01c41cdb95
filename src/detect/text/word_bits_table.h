// A fixed table from byte strings (lower-cased words) to a few bits of what each word is, for
// recognisers that classify every token of a text: one probe per token answers all questions,
// with a string_view key, so no string is built per token.
#ifndef XBORDER_DETECT_TEXT_WORD_BITS_TABLE_H_
#define XBORDER_DETECT_TEXT_WORD_BITS_TABLE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xb::text {

// Add() while building (bits of a word added twice are or-ed); Get() after: 0 for a word never
// added.
class WordBitsTable {
 public:
  void Add(std::string_view w, uint8_t bits) {
    if (w.empty()) return;
    if (const size_t k = IndexOf(w); k != kNone) {
      slots_[k].bits |= bits;
      return;
    }
    if ((count_ + 1) * 2 > slots_.size()) Grow();
    const uint32_t offset = static_cast<uint32_t>(pool_.size());
    pool_.append(w);
    Place({Hash(w), offset, static_cast<uint32_t>(w.size()), bits});
    ++count_;
  }
  uint8_t Get(std::string_view w) const {
    const size_t k = IndexOf(w);
    return k == kNone ? 0 : slots_[k].bits;
  }

 private:
  struct Slot {
    uint64_t hash;
    uint32_t offset;  // into pool_
    uint32_t length;  // 0: empty slot
    uint8_t bits;
  };
  static uint64_t Hash(std::string_view w) {
    uint64_t h = w.size();
    for (unsigned char c : w) h = (h ^ c) * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 32);
  }
  size_t Mask() const { return slots_.size() - 1; }
  static constexpr size_t kNone = ~size_t{0};
  // The slot holding w, or kNone.
  size_t IndexOf(std::string_view w) const {
    if (slots_.empty() || w.empty()) return kNone;
    const uint64_t h = Hash(w);
    for (size_t k = h & Mask();; k = (k + 1) & Mask()) {
      const Slot& s = slots_[k];
      if (s.length == 0) return kNone;
      if (s.hash == h && std::string_view(pool_.data() + s.offset, s.length) == w) return k;
    }
  }
  void Place(const Slot& s) {
    size_t k = s.hash & Mask();
    while (slots_[k].length != 0) k = (k + 1) & Mask();
    slots_[k] = s;
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{0, 0, 0, 0});
    for (const Slot& s : old) {
      if (s.length != 0) Place(s);
    }
  }

  std::string pool_;
  std::vector<Slot> slots_;  // size a power of two, at most half full
  size_t count_ = 0;
};

}  // namespace xb::text

#endif  // XBORDER_DETECT_TEXT_WORD_BITS_TABLE_H_
