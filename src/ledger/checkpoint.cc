#include "ledger/checkpoint.h"

#include <charconv>
#include <cstring>
#include <vector>

namespace xb::ledger {
namespace {

constexpr uint8_t kEd25519SignatureType = 0x01;
constexpr std::string_view kEmDashSpace = "\xE2\x80\x94 ";

std::vector<std::string_view> SplitLines(std::string_view text) {
  // REQUIRES: text ends with '\n'. Returns the lines without their newlines.
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

}  // namespace

bool IsValidKeyName(std::string_view name) {
  if (name.empty()) return false;
  for (unsigned char c : name) {
    if (c <= 0x20 || c == '+' || c == 0x7F) return false;
  }
  return true;
}

std::array<uint8_t, 4> NoteKeyHash(std::string_view key_name, const PublicKey& key) {
  Sha256Hasher h;
  h.Update(key_name);
  const uint8_t sep[2] = {0x0A, kEd25519SignatureType};
  h.Update(std::span<const uint8_t>(sep, 2));
  h.Update(std::span<const uint8_t>(key));
  Digest d = h.Finish();
  return {d[0], d[1], d[2], d[3]};
}

std::string VerifierKey(std::string_view key_name, const PublicKey& key) {
  std::array<uint8_t, 33> typed;
  typed[0] = kEd25519SignatureType;
  std::memcpy(typed.data() + 1, key.data(), key.size());
  return std::string(key_name) + "+" + ToHex(NoteKeyHash(key_name, key)) + "+" +
         Base64Encode(typed);
}

std::string CheckpointBody(const Checkpoint& checkpoint) {
  return checkpoint.origin + "\n" + std::to_string(checkpoint.size) + "\n" +
         Base64Encode(checkpoint.root) + "\n";
}

std::string SignCheckpoint(const Checkpoint& checkpoint, const SigningKey& key) {
  std::string body = CheckpointBody(checkpoint);
  Signature sig = key.Sign(body);
  std::array<uint8_t, 68> blob;
  auto key_hash = NoteKeyHash(checkpoint.origin, key.public_key());
  std::memcpy(blob.data(), key_hash.data(), 4);
  std::memcpy(blob.data() + 4, sig.data(), sig.size());
  return body + "\n" + std::string(kEmDashSpace) + checkpoint.origin + " " + Base64Encode(blob) +
         "\n";
}

Result<Checkpoint> OpenCheckpoint(std::string_view note, const PublicKey& key) {
  if (note.size() > 1 << 20) return ParseError("checkpoint note is larger than 1 MiB");
  for (unsigned char c : note) {
    if (c < 0x20 && c != '\n') return ParseError("checkpoint note holds a control character");
  }
  size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos || note.empty() || note.back() != '\n') {
    return ParseError("not a signed note (no blank line before the signatures)");
  }
  std::string_view body = note.substr(0, split + 1);
  std::string_view signatures = note.substr(split + 2);
  std::vector<std::string_view> lines = SplitLines(body);
  if (lines.size() < 3) return ParseError("checkpoint body needs origin, size and root lines");
  Checkpoint cp;
  cp.origin = std::string(lines[0]);
  if (!IsValidKeyName(cp.origin)) return ParseError("checkpoint origin is not a valid key name");
  std::string_view size_text = lines[1];
  auto [ptr, ec] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), cp.size);
  if (ec != std::errc() || ptr != size_text.data() + size_text.size() || size_text.empty() ||
      (size_text.size() > 1 && size_text[0] == '0')) {
    return ParseError("checkpoint tree size is not a decimal number");
  }
  auto root = Base64Decode(lines[2]);
  if (!root.ok() || root->size() != 32) return ParseError("checkpoint root is not 32 bytes");
  std::memcpy(cp.root.data(), root->data(), 32);

  auto want_hash = NoteKeyHash(cp.origin, key);
  bool found = false;
  for (std::string_view line : SplitLines(signatures)) {
    if (line.substr(0, kEmDashSpace.size()) != kEmDashSpace) {
      return ParseError("malformed signature line in checkpoint note");
    }
    std::string_view rest = line.substr(kEmDashSpace.size());
    size_t space = rest.find(' ');
    if (space == std::string_view::npos) return ParseError("malformed signature line");
    std::string_view name = rest.substr(0, space);
    auto blob = Base64Decode(rest.substr(space + 1));
    if (!blob.ok() || blob->size() < 5) return ParseError("malformed signature in note");
    if (name != cp.origin || std::memcmp(blob->data(), want_hash.data(), 4) != 0) continue;
    found = true;
    auto sig = std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(blob->data()) + 4,
                                        blob->size() - 4);
    if (!VerifySignature(key, body, sig)) {
      return Corruption("checkpoint signature does not verify");
    }
  }
  if (!found) return Corruption("checkpoint is not signed by this ledger's key");
  return cp;
}

}  // namespace xb::ledger
