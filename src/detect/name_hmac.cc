#include "detect/name_hmac.h"

#include <optional>

namespace xb {

std::string NameHmac(const SubjectHasher& hasher, std::string_view name) {
  return ToHex(hasher.Hash(name, std::nullopt));
}

}  // namespace xb
