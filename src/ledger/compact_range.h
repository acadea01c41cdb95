// The right edge of a Merkle tree: the roots of the complete subtrees that cover leaves
// [0, size), one per set bit of size. Enough to append leaves and to compute the root without
// reading anything else, which is what makes an append O(log n).
#ifndef XBORDER_LEDGER_COMPACT_RANGE_H_
#define XBORDER_LEDGER_COMPACT_RANGE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <optional>

#include "core/crypto.h"
#include "core/status.h"
#include "ledger/merkle.h"

namespace xb::ledger {

// Copyable value. Not thread-safe.
class CompactRange {
 public:
  CompactRange() = default;

  // Reads the popcount(size) frontier nodes of a tree of `size` leaves.
  static Result<CompactRange> Load(NodeSource& nodes, uint64_t size);

  // Called for every node that becomes complete: the leaf itself (level 0) and each parent it
  // completes, in increasing level.
  using NodeSink = std::function<Status(int level, uint64_t index, const Digest& hash)>;

  // Appends a leaf hash at index size(), reporting new complete nodes to `sink` (may be null).
  // Stops at, and returns, the first error from the sink.
  Status Append(const Digest& leaf_hash, const NodeSink& sink);

  uint64_t size() const { return size_; }
  Digest Root() const;

 private:
  uint64_t size_ = 0;
  std::array<Digest, 64> level_{};  // level_[l] is valid iff bit l of size_ is set
};

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_COMPACT_RANGE_H_
