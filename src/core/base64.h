// Base64 (RFC 4648 §4, the standard alphabet) for the text formats xborder reads and writes:
// signed notes (padded), age headers (unpadded) and minisign files (padded).
//
// Decoding is strict: one value has exactly one accepted text. Characters outside the alphabet,
// whitespace, missing or surplus padding and non-canonical final characters (stray low bits) are
// all rejected, so a signed or MAC'd text cannot be re-spelt without detection.
#ifndef XBORDER_CORE_BASE64_H_
#define XBORDER_CORE_BASE64_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"

namespace xb {

enum class Base64Padding {
  kPadded,    // "QQ==": RFC 4648 with '=' padding
  kUnpadded,  // "QQ": the "raw" encoding age uses; '=' is rejected on input
};

std::string Base64Encode(std::span<const uint8_t> bytes,
                         Base64Padding padding = Base64Padding::kPadded);
inline std::string Base64Encode(std::string_view bytes,
                                Base64Padding padding = Base64Padding::kPadded) {
  return Base64Encode(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()),
      padding);
}

// Errors: kParse ("not standard base64" / "not canonical base64"); the text is not quoted.
Result<std::string> Base64Decode(std::string_view text,
                                 Base64Padding padding = Base64Padding::kPadded);

}  // namespace xb

#endif  // XBORDER_CORE_BASE64_H_
