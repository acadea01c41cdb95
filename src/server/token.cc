#include "server/token.h"

#include <array>
#include <cstdint>

namespace xb::server {

Result<std::string> NewRandomHex32() {
  std::array<uint8_t, 32> bytes{};
  XB_RETURN_IF_ERROR(RandomBytes(bytes));
  return ToHex(bytes);
}

Result<std::string> NewApiToken() {
  XB_ASSIGN_OR_RETURN(std::string hex, NewRandomHex32());
  return std::string(kTokenPrefix) + hex;
}

bool LooksLikeApiToken(std::string_view text) {
  if (text.size() != kTokenPrefix.size() + 64 ||
      text.substr(0, kTokenPrefix.size()) != kTokenPrefix) {
    return false;
  }
  for (char c : text.substr(kTokenPrefix.size())) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace xb::server
