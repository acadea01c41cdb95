// A byte budget shared by several owners, such as the distinct sets of a scan's threads: each
// charges what it is about to allocate and releases what it frees, and a charge that would take
// the total past the limit is refused. A refusal is remembered, so that a caller catching the
// resulting failure can tell a spent budget from the system running out of memory.
//
// Thread-safe: every member may be called from any thread at once.
#ifndef XBORDER_SCAN_MEMORY_BUDGET_H_
#define XBORDER_SCAN_MEMORY_BUDGET_H_

#include <atomic>
#include <cstdint>

namespace xb::scan {

class MemoryBudget {
 public:
  explicit MemoryBudget(uint64_t limit_bytes) : limit_(limit_bytes) {}
  MemoryBudget(const MemoryBudget&) = delete;  // owners keep a pointer to it
  MemoryBudget& operator=(const MemoryBudget&) = delete;

  // Adds `bytes` to the total and returns true, or, if that would pass the limit, changes
  // nothing and returns false.
  bool TryCharge(uint64_t bytes);
  // Subtracts `bytes` charged earlier.
  void Release(uint64_t bytes) { used_.fetch_sub(bytes, std::memory_order_relaxed); }

  uint64_t limit() const { return limit_; }
  uint64_t used() const { return used_.load(std::memory_order_relaxed); }
  // The most `used()` has been.
  uint64_t peak() const { return peak_.load(std::memory_order_relaxed); }
  // Whether any charge was refused.
  bool refused() const { return refused_.load(std::memory_order_relaxed); }

 private:
  const uint64_t limit_;
  std::atomic<uint64_t> used_{0};
  std::atomic<uint64_t> peak_{0};
  std::atomic<bool> refused_{false};
};

}  // namespace xb::scan

#endif  // XBORDER_SCAN_MEMORY_BUDGET_H_
