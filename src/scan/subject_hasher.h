// Keyed hashing of individuals' identifiers for counting them during a scan.
//
// Why not HMAC-SHA-256: a full scan hashes one identifier per row at millions of rows per second
// per core, and HMAC-SHA-256 costs several hundred nanoseconds per call, which alone would cap
// the scan well below its 1 GB/s target. These hashes never leave memory (the scan reports only
// their count), so a keyed 128-bit PRF is enough: SipHash-2-4 with 128-bit output (libsodium's
// crypto_shorthash_siphashx24), keyed with the first 16 bytes of DeriveSubKey(key, "subject").
// Identifiers that must be stored (the ledger's distinct-subject counters) are HMAC-SHA-256,
// computed there, never these.
//
// Thread-safe: Hash() is const and may be called concurrently.
#ifndef XBORDER_SCAN_SUBJECT_HASHER_H_
#define XBORDER_SCAN_SUBJECT_HASHER_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "scan/distinct_set.h"

namespace xb::scan {

class SubjectHasher {
 public:
  // `subject_key`: DeriveSubKey(secret, "subject") (core/key_file.h).
  explicit SubjectHasher(const std::array<uint8_t, 32>& subject_key);

  Hash128 Hash(std::string_view canonical_identifier) const;

 private:
  std::array<uint8_t, 16> key_{};
};

}  // namespace xb::scan

#endif  // XBORDER_SCAN_SUBJECT_HASHER_H_
