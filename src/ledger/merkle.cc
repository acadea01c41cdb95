#include "ledger/merkle.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace xb::ledger {
namespace {

Digest HashChildrenBytes(std::string_view left, std::string_view right) {
  Sha256Hasher h;
  const char prefix = 0x01;
  h.Update(std::string_view(&prefix, 1));
  h.Update(left);
  h.Update(right);
  return h.Finish();
}

std::string_view View(const Digest& d) {
  return std::string_view(reinterpret_cast<const char*>(d.data()), d.size());
}

bool IsPowerOfTwo(uint64_t n) { return n != 0 && (n & (n - 1)) == 0; }

}  // namespace

Digest HashLeaf(std::string_view entry) {
  Sha256Hasher h;
  const char prefix = 0x00;
  h.Update(std::string_view(&prefix, 1));
  h.Update(entry);
  return h.Finish();
}

Digest HashChildren(const Digest& left, const Digest& right) {
  return HashChildrenBytes(View(left), View(right));
}

Digest EmptyRoot() { return Sha256(std::string_view()); }

uint64_t SplitPoint(uint64_t n) { return std::bit_floor(n - 1); }

Result<Digest> RangeHash(NodeSource& nodes, uint64_t begin, uint64_t end) {
  if (begin >= end) return InvalidArgument("empty Merkle range");
  // Cut [begin, end) into complete subtrees, largest first (the binary digits of its size),
  // then fold them from the right, which is what the RFC's recursion computes.
  Digest pieces[64];
  int count = 0;
  uint64_t at = begin;
  while (at < end) {
    uint64_t width = std::bit_floor(end - at);
    if (at % width != 0) return InvalidArgument("Merkle range is not aligned");
    int level = std::countr_zero(width);
    XB_ASSIGN_OR_RETURN(pieces[count], nodes.Node(level, at >> level));
    ++count;
    at += width;
  }
  Digest acc = pieces[count - 1];
  for (int i = count - 2; i >= 0; --i) acc = HashChildren(pieces[i], acc);
  return acc;
}

Result<std::vector<Digest>> InclusionProof(NodeSource& nodes, uint64_t index, uint64_t size) {
  if (index >= size) return InvalidArgument("leaf index is not below the tree size");
  // Walk down from the root; the siblings come out top first, the proof lists them bottom first.
  std::vector<Digest> proof;
  uint64_t begin = 0;
  uint64_t end = size;
  while (end - begin > 1) {
    uint64_t k = SplitPoint(end - begin);
    if (index < begin + k) {
      XB_ASSIGN_OR_RETURN(Digest sibling, RangeHash(nodes, begin + k, end));
      proof.push_back(sibling);
      end = begin + k;
    } else {
      XB_ASSIGN_OR_RETURN(Digest sibling, RangeHash(nodes, begin, begin + k));
      proof.push_back(sibling);
      begin += k;
    }
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

Result<std::vector<Digest>> ConsistencyProof(NodeSource& nodes, uint64_t size1, uint64_t size2) {
  if (size1 == 0 || size1 > size2) return InvalidArgument("need 0 < old size <= new size");
  std::vector<Digest> proof;
  if (size1 == size2) return proof;
  // SUBPROOF(m, D[begin:end], b) of RFC 9162 2.1.4.1, unrolled; m is relative to begin.
  uint64_t m = size1;
  uint64_t begin = 0;
  uint64_t end = size2;
  bool whole_old_tree = true;  // "b": the subtree is a complete old tree, whose root is known
  while (true) {
    uint64_t n = end - begin;
    if (m == n) {
      if (!whole_old_tree) {
        XB_ASSIGN_OR_RETURN(Digest h, RangeHash(nodes, begin, end));
        proof.push_back(h);
      }
      break;
    }
    uint64_t k = SplitPoint(n);
    if (m <= k) {
      XB_ASSIGN_OR_RETURN(Digest right, RangeHash(nodes, begin + k, end));
      proof.push_back(right);
      end = begin + k;
    } else {
      XB_ASSIGN_OR_RETURN(Digest left, RangeHash(nodes, begin, begin + k));
      proof.push_back(left);
      begin += k;
      m -= k;
      whole_old_tree = false;
    }
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

Result<Digest> RootFromInclusionProof(uint64_t index, uint64_t size, std::string_view leaf_hash,
                                      std::span<const std::string> proof) {
  // RFC 9162 2.1.3.2, step by step.
  if (index >= size) return Corruption("leaf index is not below the tree size");
  if (leaf_hash.size() != 32) return Corruption("leaf hash is not 32 bytes");
  uint64_t fn = index;
  uint64_t sn = size - 1;
  Digest r;
  std::memcpy(r.data(), leaf_hash.data(), 32);
  for (const std::string& p : proof) {
    if (p.size() != 32) return Corruption("proof element is not 32 bytes");
    if (sn == 0) return Corruption("inclusion proof is too long");
    if ((fn & 1) != 0 || fn == sn) {
      r = HashChildrenBytes(p, View(r));
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = HashChildrenBytes(View(r), p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Corruption("inclusion proof is too short");
  return r;
}

Status VerifyInclusion(uint64_t index, uint64_t size, std::string_view leaf_hash,
                       std::span<const std::string> proof, std::string_view root) {
  XB_ASSIGN_OR_RETURN(Digest computed, RootFromInclusionProof(index, size, leaf_hash, proof));
  if (View(computed) != root) return Corruption("inclusion proof does not lead to the root");
  return Status::Ok();
}

Status VerifyConsistency(uint64_t size1, uint64_t size2, std::span<const std::string> proof,
                         std::string_view root1, std::string_view root2) {
  if (size2 < size1) return Corruption("new tree size is smaller than the old one");
  if (size1 == 0) return Corruption("a consistency proof from the empty tree proves nothing");
  if (size1 == size2) {
    if (!proof.empty()) return Corruption("equal sizes need an empty proof");
    if (root1 != root2) return Corruption("equal sizes but different roots");
    return Status::Ok();
  }
  if (proof.empty()) return Corruption("consistency proof is empty");
  for (const std::string& c : proof) {
    if (c.size() != 32) return Corruption("proof element is not 32 bytes");
  }
  // RFC 9162 2.1.4.2, step by step. If size1 is a power of two, the old root is itself the
  // first node of the path and is not repeated in the proof.
  std::vector<std::string_view> path;
  if (IsPowerOfTwo(size1)) path.push_back(root1);
  for (const std::string& c : proof) path.push_back(c);
  uint64_t fn = size1 - 1;
  uint64_t sn = size2 - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  if (path[0].size() != 32) return Corruption("old root is not 32 bytes");
  Digest fr;
  std::memcpy(fr.data(), path[0].data(), 32);
  Digest sr = fr;
  for (size_t i = 1; i < path.size(); ++i) {
    std::string_view c = path[i];
    if (sn == 0) return Corruption("consistency proof is too long");
    if ((fn & 1) != 0 || fn == sn) {
      fr = HashChildrenBytes(c, View(fr));
      sr = HashChildrenBytes(c, View(sr));
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = HashChildrenBytes(View(sr), c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Corruption("consistency proof is too short");
  if (View(fr) != root1) return Corruption("consistency proof does not lead to the old root");
  if (View(sr) != root2) return Corruption("consistency proof does not lead to the new root");
  return Status::Ok();
}

Digest RootOfLeaves(std::span<const Digest> leaf_hashes) {
  if (leaf_hashes.empty()) return EmptyRoot();
  if (leaf_hashes.size() == 1) return leaf_hashes[0];
  uint64_t k = SplitPoint(leaf_hashes.size());
  return HashChildren(RootOfLeaves(leaf_hashes.first(k)), RootOfLeaves(leaf_hashes.subspan(k)));
}

}  // namespace xb::ledger
