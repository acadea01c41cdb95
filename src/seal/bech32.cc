#include "seal/bech32.h"

#include <array>

#include "core/wiped.h"

namespace xb::seal {
namespace {

constexpr std::string_view kAlphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
constexpr size_t kChecksumLength = 6;

uint32_t Polymod(std::span<const uint8_t> values, uint32_t chk = 1) {
  static constexpr std::array<uint32_t, 5> kGenerator = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa,
                                                         0x3d4233dd, 0x2a1462b3};
  for (uint8_t v : values) {
    uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; ++i) {
      if ((top >> i) & 1) chk ^= kGenerator[i];
    }
  }
  return chk;
}

// The human-readable part as the checksum sees it: high bits, a zero, low bits.
std::vector<uint8_t> ExpandHrp(std::string_view hrp) {
  std::vector<uint8_t> out;
  out.reserve(hrp.size() * 2 + 1);
  for (char c : hrp) out.push_back(static_cast<uint8_t>(static_cast<uint8_t>(c) >> 5));
  out.push_back(0);
  for (char c : hrp) out.push_back(static_cast<uint8_t>(c & 31));
  return out;
}

uint32_t ChecksumOf(std::string_view hrp, std::span<const uint8_t> groups) {
  // In two steps, so the groups (an identity's secret) are never copied.
  return Polymod(groups, Polymod(ExpandHrp(hrp)));
}

int AlphabetIndex(char lower) {
  size_t i = kAlphabet.find(lower);
  return i == std::string_view::npos ? -1 : static_cast<int>(i);
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

// Identities are secrets: every buffer here is sized up front (no reallocation leaves a copy
// behind in freed memory) and the intermediate ones are wiped.
std::string Bech32Encode(std::string_view hrp, std::span<const uint8_t> bytes) {
  size_t group_count = (bytes.size() * 8 + 4) / 5;
  auto groups_buffer = Wiped<std::vector<uint8_t>>::Reserved(group_count + kChecksumLength);
  std::vector<uint8_t>& groups = *groups_buffer;
  uint32_t acc = 0;
  int bits = 0;
  for (uint8_t b : bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      groups.push_back(static_cast<uint8_t>((acc >> bits) & 31));
    }
  }
  if (bits > 0) groups.push_back(static_cast<uint8_t>((acc << (5 - bits)) & 31));

  groups.resize(group_count + kChecksumLength, 0);  // room for the checksum
  uint32_t checksum = ChecksumOf(hrp, groups) ^ 1;
  groups.resize(group_count);
  std::string out;
  out.reserve(hrp.size() + 1 + group_count + kChecksumLength);
  out.append(hrp);
  out.push_back('1');
  for (uint8_t g : groups) out.push_back(kAlphabet[g]);
  for (size_t i = 0; i < kChecksumLength; ++i) {
    out.push_back(kAlphabet[(checksum >> (5 * (kChecksumLength - 1 - i))) & 31]);
  }
  return out;
}

Result<Bech32Text> Bech32Parse(std::string_view text) {
  bool has_lower = false, has_upper = false;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 33 || u > 126) return ParseError("Bech32 text holds a character outside 33..126");
    has_lower |= (c >= 'a' && c <= 'z');
    has_upper |= (c >= 'A' && c <= 'Z');
  }
  if (has_lower && has_upper) return ParseError("Bech32 text mixes upper and lower case");
  size_t sep = text.rfind('1');
  if (sep == std::string_view::npos) return ParseError("Bech32 text has no '1' separator");
  if (sep == 0) return ParseError("Bech32 text has an empty prefix");
  if (text.size() - sep - 1 < kChecksumLength) return ParseError("Bech32 checksum is too short");

  Bech32Text out;
  out.groups.reserve(text.size() - sep - 1);
  for (char c : text.substr(0, sep)) out.hrp.push_back(Lower(c));
  for (char c : text.substr(sep + 1)) {
    int v = AlphabetIndex(Lower(c));
    if (v < 0) return ParseError("Bech32 data holds a character outside its alphabet");
    out.groups.push_back(static_cast<uint8_t>(v));
  }
  if (ChecksumOf(out.hrp, out.groups) != 1) return ParseError("Bech32 checksum does not match");
  out.groups.resize(out.groups.size() - kChecksumLength);
  return out;
}

Result<std::string> Bech32GroupsToBytes(std::span<const uint8_t> groups) {
  std::string out;
  out.reserve(groups.size() * 5 / 8);
  uint32_t acc = 0;
  int bits = 0;
  for (uint8_t g : groups) {
    if (g > 31) return ParseError("Bech32 value above 31");
    acc = ((acc << 5) | g) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  if (bits >= 5) return ParseError("Bech32 data has more than 4 bits of padding");
  if ((acc & ((1u << bits) - 1)) != 0) return ParseError("Bech32 padding bits are not zero");
  return out;
}

Result<std::string> Bech32Decode(std::string_view text, std::string_view hrp) {
  XB_ASSIGN_OR_RETURN(Bech32Text parsed, Bech32Parse(text));
  Wiped<std::vector<uint8_t>> groups(std::move(parsed.groups));  // an identity's secret
  if (parsed.hrp != hrp) return ParseError("Bech32 prefix is not \"" + std::string(hrp) + "\"");
  return Bech32GroupsToBytes(*groups);
}

}  // namespace xb::seal
