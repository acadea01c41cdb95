#include "scan/distinct_set.h"

namespace xb::scan {

bool DistinctSet::Insert(Hash128 h) {
  h = Normalize(h);
  if ((size_ + 1) * 2 > slots_.size()) Grow();
  const size_t mask = slots_.size() - 1;
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

bool DistinctSet::Contains(Hash128 h) const {
  if (slots_.empty()) return false;
  h = Normalize(h);
  const size_t mask = slots_.size() - 1;
  for (size_t i = h.lo & mask;; i = (i + 1) & mask) {
    const Hash128& slot = slots_[i];
    if (slot == h) return true;
    if ((slot.lo | slot.hi) == 0) return false;
  }
}

void DistinctSet::Merge(const DistinctSet& other) {
  for (const Hash128& h : other.slots_) {
    if ((h.lo | h.hi) != 0) Insert(h);
  }
}

void DistinctSet::Grow() {
  std::vector<Hash128> old;
  old.swap(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Hash128{});
  size_ = 0;
  const size_t mask = slots_.size() - 1;
  for (const Hash128& h : old) {
    if ((h.lo | h.hi) == 0) continue;
    size_t i = h.lo & mask;
    while ((slots_[i].lo | slots_[i].hi) != 0) i = (i + 1) & mask;
    slots_[i] = h;
    ++size_;
  }
}

}  // namespace xb::scan
