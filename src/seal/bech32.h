// Bech32 (BIP 173) as age uses it for its keys: no length limit on the data part, all
// lowercase or all uppercase, the checksum always computed over the lowercase text.
#ifndef XBORDER_SEAL_BECH32_H_
#define XBORDER_SEAL_BECH32_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace xb::seal {

// Encodes `bytes` (regrouped into 5-bit values, zero-padded) under the lowercase `hrp`.
// Returns lowercase text; age spells secret keys in uppercase, which the caller applies.
std::string Bech32Encode(std::string_view hrp, std::span<const uint8_t> bytes);

struct Bech32Text {
  std::string hrp;              // lowercase
  std::vector<uint8_t> groups;  // the data part as 5-bit values, checksum removed
};

// Checks the syntax and the checksum. Errors (kParse, the text is never quoted): mixed case, no
// '1' separator, an empty human-readable part or one with characters outside 33..126, a data
// character outside the Bech32 alphabet, fewer than 6 checksum characters, a wrong checksum.
Result<Bech32Text> Bech32Parse(std::string_view text);

// Regroups 5-bit values into bytes. Errors (kParse): a value above 31, more than 4 bits of
// padding, or padding bits that are not zero (one value, one text).
Result<std::string> Bech32GroupsToBytes(std::span<const uint8_t> groups);

// Bech32Parse followed by Bech32GroupsToBytes; also kParse if the part before '1' is not `hrp`.
Result<std::string> Bech32Decode(std::string_view text, std::string_view hrp);

}  // namespace xb::seal

#endif  // XBORDER_SEAL_BECH32_H_
