// Sets of individuals, as keyed hashes (made by SubjectHasher::Hash, detect/subject_hasher.h),
// attached to a transfer record. The hashes are kept in
// the store's side tables (a large transfer names millions of individuals); the ledger entry
// carries only the set's size and digest, so the Merkle tree still covers it.
//
// Digest of a set (docs/ledger.md): SHA-256 over the ASCII tag "xborder-subject-set-v1", the
// count as 8 bytes big-endian, then the distinct 32-byte hashes in ascending byte order.
#ifndef XBORDER_LEDGER_SUBJECT_SET_H_
#define XBORDER_LEDGER_SUBJECT_SET_H_

#include <cstdint>
#include <span>
#include <vector>

#include "core/crypto.h"

namespace xb::ledger {

// Sorts and removes duplicates in place.
void NormalizeSubjects(std::vector<Digest>& hashes);

// REQUIRES: `sorted_unique` is normalised.
Digest SubjectSetDigest(std::span<const Digest> sorted_unique);

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_SUBJECT_SET_H_
