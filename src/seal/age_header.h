// The textual header of an age v1 file (c2sp.org/age, "Header"): the version line, one or more
// recipient stanzas, and the MAC line that authenticates them.
//
//   age-encryption.org/v1
//   -> X25519 <base64 ephemeral share>
//   <base64 body, wrapped at 64 columns, ending with a line shorter than 64>
//   --- <base64 HMAC-SHA-256 of everything above up to and including "---">
//
// Parsing is strict (the testkit's "header failure" cases): LF line ends only, canonical
// unpadded base64, no empty arguments, bounded size.
#ifndef XBORDER_SEAL_AGE_HEADER_H_
#define XBORDER_SEAL_AGE_HEADER_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "seal/byte_stream.h"

namespace xb::seal {

using FileKey = std::array<uint8_t, 16>;
using HeaderMac = std::array<uint8_t, 32>;

struct Stanza {
  std::vector<std::string> args;  // args[0] is the recipient type, e.g. "X25519"
  std::string body;               // decoded bytes
};

struct AgeHeader {
  std::vector<Stanza> stanzas;
  HeaderMac mac{};
  std::string mac_input;  // the header's bytes from the version line up to and including "---"
};

// A header bigger than this is refused (X25519 stanzas take about 100 bytes each), so that a
// crafted file cannot make xborder hold unbounded memory before its MAC is checked. `age`
// itself sets no such bound; docs/keys.md says so.
inline constexpr size_t kMaxHeaderBytes = 1 << 20;

// Reads the header from `in`, leaving it at the first byte of the payload.
// Errors: kParse naming the header line (Location::line) for any syntax fault, a header larger
// than kMaxHeaderBytes, or the input ending inside the header; the source's own errors unchanged.
Result<AgeHeader> ReadAgeHeader(BufferedSource& in);

// The header text from the version line up to and including "---" (the MAC's input).
std::string FormatHeaderForMac(const std::vector<Stanza>& stanzas);

// HMAC-SHA-256 under HKDF-SHA-256(ikm = file key, salt = empty, info = "header").
HeaderMac ComputeHeaderMac(const FileKey& file_key, std::string_view mac_input);

// mac_input followed by " <base64 mac>\n": the complete header.
std::string FinishHeader(std::string_view mac_input, const HeaderMac& mac);

}  // namespace xb::seal

#endif  // XBORDER_SEAL_AGE_HEADER_H_
