#include "scan/cell_memo.h"

#include <cstring>

namespace xb::scan {
namespace {

// A multiply-xorshift hash over 8-byte words: memo keys are short, and std::hash's byte loop
// cost more than the look-up it guards.
uint64_t HashCell(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  if (i < s.size()) {
    uint64_t tail;
    if (s.size() >= 8) {
      std::memcpy(&tail, s.data() + s.size() - 8, 8);  // overlaps bytes already mixed
    } else {
      tail = 0;
      std::memcpy(&tail, s.data(), s.size());
    }
    h = (h ^ tail) * 0x94D049BB133111EBull;
  }
  return h ^ (h >> 29);
}

}  // namespace

const CellMemo::Effect* CellMemo::Find(std::string_view cell) {
  if (!active_ || cell.size() > kMaxBytes) return nullptr;
  if (!slots_) slots_ = std::make_unique<std::array<Slot, kSlots>>();
  ++lookups_;
  last_hash_ = HashCell(cell);
  const Slot& slot = SlotFor(last_hash_);
  if (slot.used && slot.hash == last_hash_ && slot.length == cell.size() &&
      std::memcmp(slot.bytes.data(), cell.data(), cell.size()) == 0) {
    ++hits_;
    return &slot.effect;
  }
  // Decided once per column and worker: values that rarely repeat are not worth hashing.
  if (lookups_ == kTrialLookups && hits_ * 2 < lookups_) {
    active_ = false;
    slots_.reset();
  }
  return nullptr;
}

void CellMemo::Remember(std::string_view cell, Effect effect) {
  if (!active_ || cell.size() > kMaxBytes) return;
  // Find() hashed this cell last.
  Slot& slot = SlotFor(last_hash_);
  slot.hash = last_hash_;
  slot.length = static_cast<uint8_t>(cell.size());
  slot.used = true;
  std::memcpy(slot.bytes.data(), cell.data(), cell.size());
  slot.effect = std::move(effect);
}

CellMemo::Counts CellMemo::Snapshot(const ColumnStats& stats) {
  Counts c;
  c.non_empty = stats.non_empty;
  c.unknown_region = stats.resident_ids_unknown_region;
  c.samples = stats.masked_samples.size();
  c.matches = stats.matches;
  c.weak = stats.weak;
  return c;
}

bool CellMemo::Diff(const Counts& before, const ColumnStats& after, Effect* effect) {
  if (after.masked_samples.size() != before.samples) return false;
  effect->non_empty = static_cast<uint8_t>(after.non_empty - before.non_empty);
  effect->unknown_region =
      static_cast<uint8_t>(after.resident_ids_unknown_region - before.unknown_region);
  effect->change_count = 0;
  for (size_t t = 0; t < kEntityTypeCount; ++t) {
    for (const bool weak : {false, true}) {
      const uint64_t delta =
          weak ? after.weak[t] - before.weak[t] : after.matches[t] - before.matches[t];
      if (delta == 0) continue;
      if (delta != 1 || effect->change_count == Effect::kMaxChanges) return false;
      effect->type[effect->change_count] = static_cast<uint8_t>(t);
      effect->weak[effect->change_count] = weak;
      ++effect->change_count;
    }
  }
  return effect->non_empty <= 1 && effect->unknown_region <= 1;
}

void CellMemo::Apply(const Effect& effect, ColumnStats* stats) {
  ++stats->cells;
  stats->non_empty += effect.non_empty;
  stats->resident_ids_unknown_region += effect.unknown_region;
  for (size_t i = 0; i < effect.change_count; ++i) {
    ++(effect.weak[i] ? stats->weak : stats->matches)[effect.type[i]];
  }
}

}  // namespace xb::scan
