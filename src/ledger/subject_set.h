// Sets of individuals, as keyed hashes, attached to a transfer record. The hashes are kept in
// the store's side tables (a large transfer names millions of individuals); the ledger entry
// carries only the set's size and digest, so the Merkle tree still covers it.
//
// Digest of a set (docs/ledger.md): SHA-256 over the ASCII tag "xborder-subject-set-v1", the
// count as 8 bytes big-endian, then the distinct 32-byte hashes in ascending byte order.
#ifndef XBORDER_LEDGER_SUBJECT_SET_H_
#define XBORDER_LEDGER_SUBJECT_SET_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/crypto.h"
#include "core/key_file.h"

namespace xb::ledger {

// Sorts and removes duplicates in place.
void NormalizeSubjects(std::vector<Digest>& hashes);

// REQUIRES: `sorted_unique` is normalised.
Digest SubjectSetDigest(std::span<const Digest> sorted_unique);

// Keys individuals' identifiers with the installation key's "subject" sub-key
// (HMAC-SHA-256(DeriveSubKey(key, "subject"), identifier)). Thread-safe; not copyable (owns an
// HMAC context).
class SubjectHasher {
 public:
  explicit SubjectHasher(const SecretKey& key);
  Digest Hash(std::string_view identifier) const { return mac_.Mac(identifier); }
  const std::string& key_id() const { return key_id_; }

 private:
  std::string key_id_;
  HmacSha256 mac_;
};

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_SUBJECT_SET_H_
