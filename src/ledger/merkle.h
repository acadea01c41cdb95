// The Merkle tree of RFC 9162 (Certificate Transparency v2, section 2.1), which the ledger uses
// to make its history tamper-evident: leaf hash SHA-256(0x00 || entry), interior node hash
// SHA-256(0x01 || left || right), and the root of an empty tree SHA-256("").
//
// Proof generation reads hashes of complete subtrees through NodeSource, so a proof costs
// O(log n) reads whatever the tree size. Verification needs nothing but SHA-256 and follows the
// algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2 step by step (docs/ledger.md restates them
// for auditors).
#ifndef XBORDER_LEDGER_MERKLE_H_
#define XBORDER_LEDGER_MERKLE_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.h"
#include "core/status.h"

namespace xb::ledger {

Digest HashLeaf(std::string_view entry);
Digest HashChildren(const Digest& left, const Digest& right);
Digest EmptyRoot();  // SHA-256 of the empty string

// The largest power of two strictly less than n. REQUIRES: n >= 2.
uint64_t SplitPoint(uint64_t n);

// Hashes of complete subtrees: the node at (level, index) covers leaves
// [index << level, (index + 1) << level). Level 0 nodes are leaf hashes.
class NodeSource {
 public:
  virtual ~NodeSource() = default;
  // Errors: kNotFound if the node was never stored; storage errors as they come.
  virtual Result<Digest> Node(int level, uint64_t index) = 0;
};

// MTH(D[begin:end]) for a range that occurs in the RFC 9162 recursion, that is, `begin` is a
// multiple of the largest power of two not above end - begin. O(log n) node reads.
// Errors: kInvalidArgument for an empty or unaligned range; NodeSource errors.
Result<Digest> RangeHash(NodeSource& nodes, uint64_t begin, uint64_t end);

// PATH(index, D[0:size]) of RFC 9162 2.1.3.1, deepest sibling first.
// Errors: kInvalidArgument unless index < size; NodeSource errors.
Result<std::vector<Digest>> InclusionProof(NodeSource& nodes, uint64_t index, uint64_t size);

// PROOF(size1, D[0:size2]) of RFC 9162 2.1.4.1. Empty when size1 == size2.
// Errors: kInvalidArgument unless 0 < size1 <= size2; NodeSource errors.
Result<std::vector<Digest>> ConsistencyProof(NodeSource& nodes, uint64_t size1, uint64_t size2);

// The verifiers take raw byte strings, not Digests, so that malformed proofs (a hash of the wrong
// length, as in the test vectors) are rejected rather than unrepresentable.

// Recomputes the root from a leaf hash and its inclusion proof (RFC 9162 2.1.3.2).
// Errors: kCorruption if the proof is malformed (index >= size, wrong lengths, wrong number of
// elements).
Result<Digest> RootFromInclusionProof(uint64_t index, uint64_t size, std::string_view leaf_hash,
                                      std::span<const std::string> proof);

// OK if `proof` shows the leaf with hash `leaf_hash` at `index` in the tree of `size` with root
// `root`. Errors: kCorruption naming what failed.
Status VerifyInclusion(uint64_t index, uint64_t size, std::string_view leaf_hash,
                       std::span<const std::string> proof, std::string_view root);

// OK if `proof` shows the tree of size1 with root1 is a prefix of the tree of size2 with root2
// (RFC 9162 2.1.4.2). A proof from the empty tree is rejected as meaningless, as in the
// transparency-dev reference. Errors: kCorruption naming what failed.
Status VerifyConsistency(uint64_t size1, uint64_t size2, std::span<const std::string> proof,
                         std::string_view root1, std::string_view root2);

// Root of a whole list of leaf hashes, computed directly (for tests and small trees).
Digest RootOfLeaves(std::span<const Digest> leaf_hashes);

inline std::string DigestBytes(const Digest& d) {
  return std::string(reinterpret_cast<const char*>(d.data()), d.size());
}

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_MERKLE_H_
