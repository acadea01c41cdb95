#include "scan/cell_memo.h"

#include <string.h>  // explicit_bzero

#include <cstring>
#include <utility>

#include "core/word_hash.h"

namespace xb::scan {
namespace {

uint64_t HashCell(std::string_view s) { return WordHash(s); }

// A table slot from a hash's top bits: the multiplications carry every input bit up into them,
// while the low bits of a short cell's hash ignore its later bytes ("city 1" and "city 2" shared
// a slot when the slot came from the low bits).
size_t SlotIndex(uint64_t hash) {
  static_assert(CellMemo::kSlots == 512);
  return static_cast<size_t>(hash >> 55);
}

}  // namespace

size_t CellMemo::TableBytes() { return sizeof(Table); }

CellMemo::~CellMemo() {
  DropProbe();
  DropTable();
}

void CellMemo::Swap(CellMemo& other) noexcept {
  std::swap(budget_, other.budget_);
  std::swap(probe_, other.probe_);
  std::swap(slots_, other.slots_);
  std::swap(probes_, other.probes_);
  std::swap(repeats_, other.repeats_);
  std::swap(last_hash_, other.last_hash_);
  std::swap(off_, other.off_);
}

bool CellMemo::Consult(std::string_view cell) {
  if (off_ || cell.size() > kMaxBytes) return false;
  last_hash_ = HashCell(cell);
  if (slots_) return true;
  Probe(last_hash_);
  return false;
}

// Counts how often a hash comes back while the table of values is not worth its memory yet;
// then decides once, for this column and thread, between a table and nothing.
void CellMemo::Probe(uint64_t hash) {
  if (!probe_) {
    if (budget_ == nullptr || !budget_->TryCharge(kProbeBytes)) {
      off_ = true;
      return;
    }
    probe_ = std::make_unique<ProbeTable>();
  }
  uint64_t& seen = (*probe_)[SlotIndex(hash)];
  repeats_ += seen == hash;
  seen = hash;
  if (++probes_ < kProbeLookups) return;
  DropProbe();
  if (repeats_ * 2 >= probes_ && budget_->TryCharge(TableBytes())) {
    slots_ = std::make_unique<Table>();
  } else {
    off_ = true;
  }
}

void CellMemo::DropProbe() {
  if (!probe_) return;
  probe_.reset();
  budget_->Release(kProbeBytes);
}

// The table holds raw cells: they are zeroed before the memory goes back to the allocator.
void CellMemo::DropTable() {
  if (!slots_) return;
  for (Slot& slot : *slots_) explicit_bzero(slot.bytes.data(), slot.bytes.size());
  slots_.reset();
  budget_->Release(TableBytes());
}

const CellMemo::Effect* CellMemo::Find(std::string_view cell) const {
  const Slot& slot = (*slots_)[SlotIndex(last_hash_)];
  if (slot.used && slot.hash == last_hash_ && slot.length == cell.size() &&
      std::memcmp(slot.bytes.data(), cell.data(), cell.size()) == 0) {
    return &slot.effect;
  }
  return nullptr;
}

void CellMemo::Remember(std::string_view cell, Effect effect) {
  // Consult() hashed this cell last.
  Slot& slot = (*slots_)[SlotIndex(last_hash_)];
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
