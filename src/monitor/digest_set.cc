#include "monitor/digest_set.h"

#include <cstring>

namespace xb::monitor {
namespace {

constexpr Digest kEmpty{};

bool IsZero(const Digest& d) { return d == kEmpty; }

}  // namespace

size_t DigestSet::Probe(const Digest& d) const {
  const size_t mask = slots_.size() - 1;
  uint64_t h;
  std::memcpy(&h, d.data(), sizeof h);
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    if (IsZero(slots_[i]) || slots_[i] == d) return i;
  }
}

void DigestSet::Grow() {
  std::vector<Digest> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, kEmpty);
  for (const Digest& d : old) {
    if (!IsZero(d)) slots_[Probe(d)] = d;
  }
}

bool DigestSet::Insert(const Digest& d) {
  if (IsZero(d)) {
    if (has_zero_) return false;
    has_zero_ = true;
    ++size_;
    return true;
  }
  if ((size_ + 1) * 10 > slots_.size() * 7) Grow();
  Digest& slot = slots_[Probe(d)];
  if (!IsZero(slot)) return false;
  slot = d;
  ++size_;
  return true;
}

bool DigestSet::Contains(const Digest& d) const {
  if (IsZero(d)) return has_zero_;
  if (slots_.empty()) return false;
  return !IsZero(slots_[Probe(d)]);
}

}  // namespace xb::monitor
