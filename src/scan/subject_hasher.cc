#include "scan/subject_hasher.h"

#include <sodium.h>

#include <cstring>

namespace xb::scan {

SubjectHasher::SubjectHasher(const std::array<uint8_t, 32>& subject_key) {
  static_assert(crypto_shorthash_siphashx24_KEYBYTES == 16);
  static_assert(crypto_shorthash_siphashx24_BYTES == 16);
  std::memcpy(key_.data(), subject_key.data(), key_.size());
}

Hash128 SubjectHasher::Hash(std::string_view canonical_identifier) const {
  unsigned char out[16];
  crypto_shorthash_siphashx24(out,
                              reinterpret_cast<const unsigned char*>(canonical_identifier.data()),
                              canonical_identifier.size(), key_.data());
  Hash128 h;
  std::memcpy(&h.lo, out, 8);
  std::memcpy(&h.hi, out + 8, 8);
  return h;
}

}  // namespace xb::scan
