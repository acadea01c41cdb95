// A fast non-cryptographic hash of short byte strings (names, terms, table cells), for in-memory
// tables only: never for anything stored, compared across processes, or exposed to an attacker
// who could aim collisions at it (keyed hashes of personal data are core/crypto.h's HMAC).
#ifndef XBORDER_CORE_WORD_HASH_H_
#define XBORDER_CORE_WORD_HASH_H_

#include <cstdint>
#include <cstring>
#include <string_view>

namespace xb {

// Multiply-xorshift over 8-byte words, the last one zero-padded. `fold` maps each 8-byte word
// before it is mixed (e.g. an ASCII case fold, so that differently cased words hash alike); it
// must map zero bytes to zero bytes. Short keys are why: std::hash's byte loop cost more than the
// look-ups it served.
template <class Fold>
uint64_t WordHash(std::string_view s, Fold fold) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ fold(w)) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, s.data() + i, s.size() - i);
  h = (h ^ fold(tail)) * 0x94D049BB133111EBull;
  return h ^ (h >> 29);
}

inline uint64_t WordHash(std::string_view s) {
  return WordHash(s, [](uint64_t w) { return w; });
}

}  // namespace xb

#endif  // XBORDER_CORE_WORD_HASH_H_
