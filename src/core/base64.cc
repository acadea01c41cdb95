#include "core/base64.h"

#include <sodium.h>

#include <cstring>

namespace xb {
namespace {

int SodiumVariant(Base64Padding padding) {
  return padding == Base64Padding::kPadded ? sodium_base64_VARIANT_ORIGINAL
                                           : sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
}

}  // namespace

std::string Base64Encode(std::span<const uint8_t> bytes, Base64Padding padding) {
  int variant = SodiumVariant(padding);
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), variant);
  out.resize(std::strlen(out.c_str()));
  return out;
}

Result<std::string> Base64Decode(std::string_view text, Base64Padding padding) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, &end, SodiumVariant(padding)) != 0 ||
      end != text.data() + text.size()) {
    return ParseError("not standard base64");
  }
  out.resize(len);
  // Reject non-canonical spellings (stray bits in the last character) so one value has one text.
  if (Base64Encode(out, padding) != text) return ParseError("not canonical base64");
  return out;
}

}  // namespace xb
