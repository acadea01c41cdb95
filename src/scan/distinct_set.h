// An exact set of 128-bit keyed hashes, for counting distinct individuals without holding their
// identifiers. Open addressing with linear probing; 16 bytes per slot, at most half full, so
// about 32-64 bytes per distinct individual.
//
// Not thread-safe: each scanning thread fills its own set; Merge() unions them at the end.
#ifndef XBORDER_SCAN_DISTINCT_SET_H_
#define XBORDER_SCAN_DISTINCT_SET_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace xb::scan {

struct Hash128 {
  uint64_t lo = 0;
  uint64_t hi = 0;
  friend bool operator==(const Hash128&, const Hash128&) = default;
};

class DistinctSet {
 public:
  DistinctSet() = default;

  // Adds `h`; returns true if it was not there yet. The keys are uniformly distributed keyed
  // hashes, so their low bits index the table directly.
  bool Insert(Hash128 h);
  bool Contains(Hash128 h) const;
  void Merge(const DistinctSet& other);
  size_t size() const { return size_; }

 private:
  void Grow();
  // The all-zero key marks an empty slot; a real all-zero hash (probability 2^-128) is stored
  // as {0, 1}.
  static Hash128 Normalize(Hash128 h) { return (h.lo | h.hi) == 0 ? Hash128{0, 1} : h; }

  std::vector<Hash128> slots_;
  size_t size_ = 0;
};

}  // namespace xb::scan

#endif  // XBORDER_SCAN_DISTINCT_SET_H_
