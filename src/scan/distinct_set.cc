#include "scan/distinct_set.h"

#include <sys/mman.h>

#include <new>
#include <utility>

namespace xb::scan {
namespace {

constexpr size_t kHugePage = 2u << 20;

}  // namespace

bool DistinctSet::Insert(Hash128 h) {
  h = Normalize(h);
  if ((size_ + 1) * 2 > capacity_) Rehash(capacity_ == 0 ? 1024 : capacity_ * 2);
  const size_t mask = capacity_ - 1;
  for (size_t i = h.lo & mask;; i = (i + 1) & mask) {
    Hash128& slot = slots_[i];
    if (slot == h) return false;
    if ((slot.lo | slot.hi) == 0) {
      slot = h;
      ++size_;
      return true;
    }
  }
}

void DistinctSet::InsertSoon(Hash128 h) {
  if (capacity_ != 0) __builtin_prefetch(&slots_[Normalize(h).lo & (capacity_ - 1)], 1);
  if (pending_count_ == kPending) {
    // The oldest key's slot has had kPending inserts' time to arrive in cache.
    for (size_t i = 0; i < kPending; ++i) Insert(pending_[i]);
    pending_count_ = 0;
  }
  pending_[pending_count_++] = h;
}

void DistinctSet::Flush() {
  for (size_t i = 0; i < pending_count_; ++i) Insert(pending_[i]);
  pending_count_ = 0;
}

void DistinctSet::Reserve(size_t n) {
  size_t capacity = 1024;
  while (capacity < 2 * n) capacity *= 2;
  if (capacity > capacity_) Rehash(capacity);
}

bool DistinctSet::Contains(Hash128 h) const {
  if (capacity_ == 0) return false;
  h = Normalize(h);
  const size_t mask = capacity_ - 1;
  for (size_t i = h.lo & mask;; i = (i + 1) & mask) {
    const Hash128& slot = slots_[i];
    if (slot == h) return true;
    if ((slot.lo | slot.hi) == 0) return false;
  }
}

void DistinctSet::Merge(const DistinctSet& other) {
  Reserve(size_ + other.size_);
  for (size_t i = 0; i < other.capacity_; ++i) {
    const Hash128& h = other.slots_[i];
    if ((h.lo | h.hi) != 0) Insert(h);
  }
}

DistinctSet::Table::Table(size_t slots, MemoryBudget* budget) : budget_(budget) {
  const size_t bytes = slots * sizeof(Hash128);
  // The budget is charged the table, not the alignment slack (address space never touched).
  if (budget_ != nullptr && !budget_->TryCharge(bytes)) throw std::bad_alloc();
  const size_t mapping_bytes = bytes + kHugePage;  // room to align the table to a huge page
  mapping_ =
      ::mmap(nullptr, mapping_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapping_ == MAP_FAILED) {
    mapping_ = nullptr;
    if (budget_ != nullptr) budget_->Release(bytes);
    throw std::bad_alloc();
  }
  mapping_bytes_ = mapping_bytes;
  uintptr_t start = (reinterpret_cast<uintptr_t>(mapping_) + kHugePage - 1) & ~(kHugePage - 1);
  slots_ = reinterpret_cast<Hash128*>(start);
  if (bytes >= kHugePage) ::madvise(slots_, bytes, MADV_HUGEPAGE);  // advice; may be ignored
}

DistinctSet::Table::~Table() {
  if (mapping_ == nullptr) return;
  ::munmap(mapping_, mapping_bytes_);
  if (budget_ != nullptr) budget_->Release(mapping_bytes_ - kHugePage);
}

void DistinctSet::Table::Swap(Table& other) noexcept {
  std::swap(slots_, other.slots_);
  std::swap(mapping_, other.mapping_);
  std::swap(mapping_bytes_, other.mapping_bytes_);
  std::swap(budget_, other.budget_);
}

void DistinctSet::Rehash(size_t capacity) {
  Table old(capacity, slots_.budget());
  old.Swap(slots_);
  const size_t old_capacity = capacity_;
  capacity_ = capacity;
  const size_t mask = capacity_ - 1;
  for (size_t k = 0; k < old_capacity; ++k) {
    const Hash128& h = old[k];
    if ((h.lo | h.hi) == 0) continue;
    size_t i = h.lo & mask;
    while ((slots_[i].lo | slots_[i].hi) != 0) i = (i + 1) & mask;
    slots_[i] = h;
  }
}

}  // namespace xb::scan
