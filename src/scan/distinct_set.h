// An exact set of 128-bit keyed hashes, for counting distinct individuals without holding their
// identifiers. Open addressing with linear probing; 16 bytes per slot, at most half full, so
// about 32-64 bytes per distinct individual.
//
// The table is far larger than the CPU caches, so an insert is one cache miss. InsertSoon()
// hides it: it prefetches the key's slot and inserts a few keys later (Flush() drains), which
// is what lets a full scan hash one identifier per row at memory bandwidth.
//
// Not thread-safe: each scanning thread fills its own set; Merge() unions them at the end.
// Memory exhaustion throws std::bad_alloc, as a standard container would, and so does a table
// that the set's MemoryBudget (if any) refuses: the caller catches it where it can turn it into
// an error (scan: at each thread's boundary). After a throw the set still holds every key
// inserted before; the key being inserted may be lost.
// Movable, not copyable (it may own hundreds of megabytes).
#ifndef XBORDER_SCAN_DISTINCT_SET_H_
#define XBORDER_SCAN_DISTINCT_SET_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "core/crypto.h"
#include "scan/memory_budget.h"

namespace xb::scan {

class DistinctSet {
 public:
  DistinctSet() = default;
  // Charges every table it maps to `budget` (not owned; must outlive the set and every set it
  // is moved into).
  explicit DistinctSet(MemoryBudget* budget) : slots_(budget) {}
  DistinctSet(DistinctSet&&) = default;
  DistinctSet& operator=(DistinctSet&&) = default;
  DistinctSet(const DistinctSet&) = delete;
  DistinctSet& operator=(const DistinctSet&) = delete;

  // Adds `h` now; returns true if it was not there yet. The keys are uniformly distributed
  // keyed hashes, so their low bits index the table directly.
  bool Insert(Hash128 h);
  // Adds `h` a few calls later, after prefetching its slot. REQUIRES: Flush() before size(),
  // Contains() or Merge().
  void InsertSoon(Hash128 h);
  void Flush();

  // Sizes the table for `n` distinct keys. Memory is zeroed lazily by the operating system
  // (calloc), so an over-estimate costs address space, not time.
  void Reserve(size_t n);

  bool Contains(Hash128 h) const;
  // Adds every key of `other`. REQUIRES: both flushed.
  void Merge(const DistinctSet& other);
  size_t size() const { return size_; }
  MemoryBudget* budget() const { return slots_.budget(); }  // null: none

 private:
  // Zeroed memory from mmap, on transparent huge pages where the system allows: a table of
  // random-access keys touches a new 4 KiB page on nearly every insert, and huge pages spare
  // most of those TLB misses. Pages are zeroed lazily, on first touch.
  class Table {
   public:
    explicit Table(MemoryBudget* budget = nullptr) : budget_(budget) {}
    // Throws std::bad_alloc when the budget refuses the mapping or the system has no memory.
    Table(size_t slots, MemoryBudget* budget);
    Table(Table&& other) noexcept { Swap(other); }
    Table& operator=(Table&& other) noexcept {
      Swap(other);
      return *this;
    }
    ~Table();
    void Swap(Table& other) noexcept;
    Hash128& operator[](size_t i) { return slots_[i]; }
    const Hash128& operator[](size_t i) const { return slots_[i]; }
    MemoryBudget* budget() const { return budget_; }

   private:
    Hash128* slots_ = nullptr;
    void* mapping_ = nullptr;
    size_t mapping_bytes_ = 0;
    MemoryBudget* budget_ = nullptr;
  };
  static constexpr size_t kPending = 16;

  void Rehash(size_t capacity);
  // The all-zero key marks an empty slot; a real all-zero hash (probability 2^-128) is stored
  // as {0, 1}.
  static Hash128 Normalize(Hash128 h) { return (h.lo | h.hi) == 0 ? Hash128{0, 1} : h; }

  Table slots_;
  size_t capacity_ = 0;  // a power of two, or 0
  size_t size_ = 0;
  std::array<Hash128, kPending> pending_{};
  size_t pending_count_ = 0;
};

}  // namespace xb::scan

#endif  // XBORDER_SCAN_DISTINCT_SET_H_
