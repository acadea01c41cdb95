// An exact set of 32-byte keyed hashes in one flat open-addressing table: 32 bytes a slot and no
// per-entry allocation, so 10 million individuals take 512 MB (16 Mi slots) and a lookup is a
// couple of cache misses. Keyed hashes are uniformly distributed, so their first 8 bytes serve
// as the table hash; linear probing; the table doubles at 70% load.
//
// The all-zero digest marks an empty slot; it is kept in a flag of its own.
//
// Thread-safety: not thread-safe. Not copyable (may hold gigabytes).
#ifndef XBORDER_MONITOR_DIGEST_SET_H_
#define XBORDER_MONITOR_DIGEST_SET_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/crypto.h"

namespace xb::monitor {

class DigestSet {
 public:
  DigestSet() = default;
  DigestSet(const DigestSet&) = delete;
  DigestSet& operator=(const DigestSet&) = delete;
  DigestSet(DigestSet&&) = default;
  DigestSet& operator=(DigestSet&&) = default;

  // True when `d` was not in the set (and now is).
  bool Insert(const Digest& d);
  bool Contains(const Digest& d) const;
  size_t size() const { return size_; }
  // Bytes held by the table.
  size_t memory_bytes() const { return slots_.capacity() * sizeof(Digest); }

 private:
  void Grow();
  size_t Probe(const Digest& d) const;  // the slot holding d, or the empty slot where it goes

  std::vector<Digest> slots_;
  size_t size_ = 0;
  bool has_zero_ = false;
};

}  // namespace xb::monitor

#endif  // XBORDER_MONITOR_DIGEST_SET_H_
