#include "ledger/subject_set.h"

#include <algorithm>

namespace xb::ledger {
void NormalizeSubjects(std::vector<Digest>& hashes) {
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
}

Digest SubjectSetDigest(std::span<const Digest> sorted_unique) {
  Sha256Hasher h;
  h.Update(std::string_view("xborder-subject-set-v1"));
  uint8_t count[8];
  uint64_t n = sorted_unique.size();
  for (int i = 7; i >= 0; --i) {
    count[i] = static_cast<uint8_t>(n & 0xFF);
    n >>= 8;
  }
  h.Update(std::span<const uint8_t>(count, 8));
  for (const Digest& d : sorted_unique) h.Update(std::span<const uint8_t>(d));
  return h.Finish();
}

}  // namespace xb::ledger
