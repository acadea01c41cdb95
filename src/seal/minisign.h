// Signatures in minisign's formats (https://jedisct1.github.io/minisign/), so that anyone can
// check an export package's manifest with Debian's `minisign -V -p KEY.pub -m manifest.json`.
//
//   public key file:  untrusted comment: <text>\n
//                     base64("Ed" || key id (8 bytes) || Ed25519 public key (32 bytes))\n
//   signature file:   untrusted comment: <text>\n
//                     base64(algorithm (2) || key id (8) || Ed25519 signature (64))\n
//                     trusted comment: <text>\n
//                     base64(Ed25519 signature of (signature || trusted comment text))\n
//
// Algorithm "ED" signs BLAKE2b-512 of the file (what current minisign writes, and what xborder
// writes); the legacy "Ed" signs the file itself. Both are verified.
//
// The key is the exporter's Ed25519 checkpoint key (ledger/signing_key.h; see docs/keys.md),
// passed in as a signing function so that this module depends on core only.
#ifndef XBORDER_SEAL_MINISIGN_H_
#define XBORDER_SEAL_MINISIGN_H_

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace xb::seal {

using Ed25519PublicKey = std::array<uint8_t, 32>;
using Ed25519Signature = std::array<uint8_t, 64>;
using MinisignKeyId = std::array<uint8_t, 8>;

// The exporter's signing key, held by the caller. `sign` returns the Ed25519 signature of its
// argument under the secret key matching `public_key`.
struct MinisignSigner {
  Ed25519PublicKey public_key{};
  std::function<Ed25519Signature(std::string_view message)> sign;
};

struct MinisignPublicKey {
  MinisignKeyId key_id{};
  Ed25519PublicKey key{};
};

// minisign key ids are random; xborder derives its own from the public key (the first 8 bytes
// of SHA-256("xborder/minisign-key-id" || key)), so that a rotated key gets a new id.
MinisignKeyId MinisignKeyIdFor(const Ed25519PublicKey& key);

// The public key file text, as `minisign -G` writes it.
std::string FormatMinisignPublicKey(const Ed25519PublicKey& key);

// Accepts the two-line file or its base64 line alone. Errors: kParse.
Result<MinisignPublicKey> ParseMinisignPublicKey(std::string_view text);

// Reads and parses a public key file (`xborder keys export --minisign`, `minisign -G`).
// Errors naming `path`: kNotFound / kIo reading; kParse.
Result<MinisignPublicKey> ReadMinisignPublicKeyFile(const std::string& path);

// Signs the file at `path` (streamed through BLAKE2b-512: any size) and returns the signature
// file text. `trusted_comment` must be one line. Errors: kNotFound / kIo reading;
// kInvalidArgument for a comment with a line break.
Result<std::string> SignFileMinisign(const std::string& path, const MinisignSigner& signer,
                                     std::string_view trusted_comment);

// The trusted comment minisign itself writes: "timestamp:<unix time>\tfile:<base name>\thashed"
// (control characters in the name become '?').
std::string DefaultTrustedComment(const std::string& path, int64_t unix_time);

// Signs `path` into "<path>.minisig" (written atomically, mode 0644: a signature is public)
// with DefaultTrustedComment and
// returns the signature file's path. Errors as SignFileMinisign, and kIo writing.
Result<std::string> WriteMinisignature(const std::string& path, const MinisignSigner& signer,
                                       int64_t unix_time);

// A signature file's fields, syntax checked, nothing verified yet.
struct MinisignSignature {
  std::string algorithm;  // "ED" (prehashed) or "Ed" (legacy)
  MinisignKeyId key_id{};
  Ed25519Signature signature{};
  std::string trusted_comment;
  Ed25519Signature global_signature{};
};

// Parses a signature file's text (four lines; LF or CRLF; empty lines after). Errors: kParse,
// field "signature", naming the line.
Result<MinisignSignature> ParseMinisignSignature(std::string_view text);

struct MinisignVerified {
  std::string trusted_comment;
  bool prehashed = true;  // "ED"; false for the legacy "Ed"
};

// Verifies the file at `path` against a signature file's text and a public key.
// Errors: kParse for a malformed signature; kCorruption (exit 1) when the signature was made by
// another key, or the file, the signature or the trusted comment was altered; kNotFound / kIo.
Result<MinisignVerified> VerifyFileMinisign(const std::string& path,
                                            std::string_view signature_text,
                                            const MinisignPublicKey& key);

}  // namespace xb::seal

#endif  // XBORDER_SEAL_MINISIGN_H_
