#include "ledger/compact_range.h"

namespace xb::ledger {

Result<CompactRange> CompactRange::Load(NodeSource& nodes, uint64_t size) {
  CompactRange range;
  range.size_ = size;
  for (int level = 0; level < 64; ++level) {
    if ((size >> level) & 1) {
      // The subtree at this level is the last complete one of its width: index size >> level,
      // minus the one bit that is set.
      XB_ASSIGN_OR_RETURN(range.level_[level], nodes.Node(level, (size >> level) - 1));
    }
  }
  return range;
}

Status CompactRange::Append(const Digest& leaf_hash, const NodeSink& sink) {
  Digest cur = leaf_hash;
  uint64_t index = size_;
  int level = 0;
  if (sink) XB_RETURN_IF_ERROR(sink(0, index, cur));
  // Merging with each complete left neighbour is binary addition's carry.
  while ((size_ >> level) & 1) {
    cur = HashChildren(level_[level], cur);
    ++level;
    index >>= 1;
    if (sink) XB_RETURN_IF_ERROR(sink(level, index, cur));
  }
  level_[level] = cur;
  ++size_;
  return Status::Ok();
}

Digest CompactRange::Root() const {
  if (size_ == 0) return EmptyRoot();
  bool have = false;
  Digest acc{};
  for (int level = 0; level < 64; ++level) {
    if (((size_ >> level) & 1) == 0) continue;
    acc = have ? HashChildren(level_[level], acc) : level_[level];
    have = true;
  }
  return acc;
}

}  // namespace xb::ledger
