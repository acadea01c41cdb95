#include "seal/minisign.h"

#include <sodium.h>

#include <cstring>
#include <filesystem>
#include <vector>

#include "core/atomic_file.h"
#include "core/base64.h"
#include "core/crypto.h"
#include "seal/byte_stream.h"

namespace xb::seal {
namespace {

constexpr std::string_view kUntrustedPrefix = "untrusted comment: ";
constexpr std::string_view kTrustedPrefix = "trusted comment: ";
constexpr std::string_view kKeyAlgorithm = "Ed";
constexpr std::string_view kHashedAlgorithm = "ED";
constexpr std::string_view kLegacyAlgorithm = "Ed";
// The legacy algorithm signs the whole file, which must then be held in memory.
constexpr uint64_t kMaxLegacyFileBytes = 1ull << 30;

using Blake2b512 = std::array<uint8_t, 64>;

std::string_view AsText(std::span<const uint8_t> bytes) {
  return std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

Result<Blake2b512> HashFile(const std::string& path) {
  XB_RETURN_IF_ERROR(EnsureSodium());
  XB_ASSIGN_OR_RETURN(FileSource in, FileSource::Open(path));
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, sizeof(Blake2b512));
  std::vector<uint8_t> buffer(1 << 20);
  while (true) {
    XB_ASSIGN_OR_RETURN(size_t n, in.Read(buffer));
    if (n == 0) break;
    crypto_generichash_update(&state, buffer.data(), n);
  }
  Blake2b512 hash;
  crypto_generichash_final(&state, hash.data(), hash.size());
  return hash;
}

std::string KeyIdHex(const MinisignKeyId& id) {
  // minisign prints the id as a little-endian 64-bit number in uppercase hex.
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (size_t i = id.size(); i-- > 0;) {
    out.push_back(kDigits[id[i] >> 4]);
    out.push_back(kDigits[id[i] & 15]);
  }
  return out;
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

bool HasLineBreak(std::string_view s) {
  return s.find('\n') != std::string_view::npos || s.find('\r') != std::string_view::npos;
}

Error SignatureError(std::string message) {
  return Corruption("minisign signature: " + std::move(message), Location({}, 0, "signature"));
}

}  // namespace

Result<MinisignSignature> ParseMinisignSignature(std::string_view text) {
  std::vector<std::string_view> lines = Lines(text);
  auto malformed = [](const std::string& what, int64_t line) {
    return ParseError("minisign signature: " + what, Location({}, line, "signature"));
  };
  if (lines.size() < 4) return malformed("needs four lines", 0);
  if (!lines[0].starts_with(kUntrustedPrefix)) {
    return malformed("the first line is not an untrusted comment", 1);
  }
  auto blob = Base64Decode(lines[1]);
  if (!blob.ok() || blob->size() != 2 + 8 + 64) {
    return malformed("the signature line is not base64 of 74 bytes", 2);
  }
  if (!lines[2].starts_with(kTrustedPrefix)) {
    return malformed("the third line is not a trusted comment", 3);
  }
  auto global = Base64Decode(lines[3]);
  if (!global.ok() || global->size() != 64) {
    return malformed("the global signature is not base64 of 64 bytes", 4);
  }
  for (size_t i = 4; i < lines.size(); ++i) {
    if (!lines[i].empty()) return malformed("text after the global signature", int64_t(i) + 1);
  }
  MinisignSignature sig;
  sig.algorithm = blob->substr(0, 2);
  if (sig.algorithm != kHashedAlgorithm && sig.algorithm != kLegacyAlgorithm) {
    return malformed("unknown signature algorithm", 2);
  }
  std::memcpy(sig.key_id.data(), blob->data() + 2, 8);
  std::memcpy(sig.signature.data(), blob->data() + 10, 64);
  sig.trusted_comment = std::string(lines[2].substr(kTrustedPrefix.size()));
  std::memcpy(sig.global_signature.data(), global->data(), 64);
  return sig;
}

namespace {

bool VerifyEd25519(const Ed25519PublicKey& key, std::string_view message,
                   const Ed25519Signature& signature) {
  (void)EnsureSodium();  // deterministic: correct either way (core/crypto.h)
  return crypto_sign_verify_detached(signature.data(),
                                     reinterpret_cast<const uint8_t*>(message.data()),
                                     message.size(), key.data()) == 0;
}

}  // namespace

MinisignKeyId MinisignKeyIdFor(const Ed25519PublicKey& key) {
  Sha256Hasher h;
  h.Update("xborder/minisign-key-id");
  h.Update(key);
  Digest d = h.Finish();
  MinisignKeyId id;
  std::memcpy(id.data(), d.data(), id.size());
  return id;
}

std::string FormatMinisignPublicKey(const Ed25519PublicKey& key) {
  MinisignKeyId id = MinisignKeyIdFor(key);
  std::string blob(kKeyAlgorithm);
  blob.append(AsText(id));
  blob.append(AsText(key));
  return std::string(kUntrustedPrefix) + "minisign public key " + KeyIdHex(id) + "\n" +
         Base64Encode(blob) + "\n";
}

Result<MinisignPublicKey> ParseMinisignPublicKey(std::string_view text) {
  std::vector<std::string_view> lines = Lines(text);
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty() || lines.size() > 2 ||
      (lines.size() == 2 && !lines[0].starts_with(kUntrustedPrefix))) {
    return ParseError("not a minisign public key (a comment line and a base64 line)");
  }
  auto blob = Base64Decode(lines.back());
  if (!blob.ok() || blob->size() != 2 + 8 + 32 || blob->substr(0, 2) != kKeyAlgorithm) {
    return ParseError("not a minisign Ed25519 public key");
  }
  MinisignPublicKey key;
  std::memcpy(key.key_id.data(), blob->data() + 2, 8);
  std::memcpy(key.key.data(), blob->data() + 10, 32);
  return key;
}

Result<MinisignPublicKey> ReadMinisignPublicKeyFile(const std::string& path) {
  XB_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  auto key = ParseMinisignPublicKey(text);
  if (!key.ok()) return Error{key.error().code, key.error().message, {path}};
  return key;
}

Result<std::string> SignFileMinisign(const std::string& path, const MinisignSigner& signer,
                                     std::string_view trusted_comment) {
  if (HasLineBreak(trusted_comment)) {
    return InvalidArgument("a trusted comment must be one line", Location(path, 0, "comment"));
  }
  XB_ASSIGN_OR_RETURN(Blake2b512 hash, HashFile(path));
  Ed25519Signature signature = signer.sign(AsText(hash));
  Ed25519Signature global =
      signer.sign(std::string(AsText(signature)) + std::string(trusted_comment));
  MinisignKeyId id = MinisignKeyIdFor(signer.public_key);
  std::string blob(kHashedAlgorithm);
  blob.append(AsText(id));
  blob.append(AsText(signature));
  return std::string(kUntrustedPrefix) + "signature from xborder key " + KeyIdHex(id) + "\n" +
         Base64Encode(blob) + "\n" + std::string(kTrustedPrefix) + std::string(trusted_comment) +
         "\n" + Base64Encode(global) + "\n";
}

std::string DefaultTrustedComment(const std::string& path, int64_t unix_time) {
  std::string name = std::filesystem::path(path).filename().string();
  for (char& c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return "timestamp:" + std::to_string(unix_time) + "\tfile:" + name + "\thashed";
}

Result<std::string> WriteMinisignature(const std::string& path, const MinisignSigner& signer,
                                       int64_t unix_time) {
  XB_ASSIGN_OR_RETURN(std::string text,
                      SignFileMinisign(path, signer, DefaultTrustedComment(path, unix_time)));
  std::string sig_path = path + ".minisig";
  XB_RETURN_IF_ERROR(WriteFileAtomically(sig_path, text, FilePermissions::kPublic));
  return sig_path;
}

Result<MinisignVerified> VerifyFileMinisign(const std::string& path,
                                            std::string_view signature_text,
                                            const MinisignPublicKey& key) {
  XB_ASSIGN_OR_RETURN(MinisignSignature sig, ParseMinisignSignature(signature_text));
  if (sig.key_id != key.key_id) {
    return SignatureError("made by another key (key id " + KeyIdHex(sig.key_id) + ", expected " +
                          KeyIdHex(key.key_id) + ")");
  }
  bool prehashed = sig.algorithm == kHashedAlgorithm;
  bool valid = false;
  if (prehashed) {
    XB_ASSIGN_OR_RETURN(Blake2b512 hash, HashFile(path));
    valid = VerifyEd25519(key.key, AsText(hash), sig.signature);
  } else {
    std::error_code ec;
    if (std::filesystem::file_size(path, ec) > kMaxLegacyFileBytes && !ec) {
      return MakeError(ErrorCode::kResourceExhausted,
                       "legacy (Ed) minisign signatures are checked on files up to 1 GiB", {path});
    }
    XB_ASSIGN_OR_RETURN(std::string content, ReadFile(path));
    valid = VerifyEd25519(key.key, content, sig.signature);
  }
  if (!valid) return SignatureError("does not match the file: the file or signature was altered");
  if (!VerifyEd25519(key.key, std::string(AsText(sig.signature)) + sig.trusted_comment,
                     sig.global_signature)) {
    return SignatureError("the trusted comment was altered");
  }
  return MinisignVerified{sig.trusted_comment, prehashed};
}

}  // namespace xb::seal
