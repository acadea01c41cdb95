// The payload of an age v1 file (c2sp.org/age, "Payload"): after a 16-byte nonce, the plaintext
// in 64 KiB chunks, each sealed with ChaCha20-Poly1305 under
// payload key = HKDF-SHA-256(ikm = file key, salt = nonce, info = "payload"), with the AEAD nonce
// = 11-byte big-endian chunk counter || 0x01 for the final chunk, 0x00 before it (STREAM).
// The final chunk is shorter than 64 KiB or exactly 64 KiB, and empty only if the whole
// plaintext is, so truncation at a chunk boundary and appended chunks are both detected.
#ifndef XBORDER_SEAL_AGE_PAYLOAD_H_
#define XBORDER_SEAL_AGE_PAYLOAD_H_

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "core/status.h"
#include "core/wiped.h"
#include "seal/age_header.h"
#include "seal/byte_stream.h"

namespace xb::seal {

inline constexpr size_t kChunkSize = 64 * 1024;
inline constexpr size_t kChunkTagSize = 16;

using PayloadNonce = std::array<uint8_t, 16>;
using PayloadKey = std::array<uint8_t, 32>;

PayloadKey DerivePayloadKey(const FileKey& file_key, const PayloadNonce& nonce);

// Encrypts a plaintext pushed in pieces of any size into sealed chunks handed to `sink`. A chunk
// is sealed only once the next byte (or Finish) shows whether it is the final one.
// Not copyable or movable: holds the key and a 64 KiB plaintext buffer (both wiped).
class PayloadEncryptor {
 public:
  PayloadEncryptor(const PayloadKey& key, ByteSink sink);
  PayloadEncryptor(const PayloadEncryptor&) = delete;
  PayloadEncryptor& operator=(const PayloadEncryptor&) = delete;

  // Errors: the sink's. After an error, or after Finish, do not call again.
  Status Write(std::span<const uint8_t> data);
  // Seals the final chunk. Errors: the sink's.
  Status Finish();

 private:
  Status SealChunk(std::span<const uint8_t> plaintext, bool final);

  using PlainBuffer = Wiped<std::vector<uint8_t>>;

  Wiped<PayloadKey> key_;
  ByteSink sink_;
  uint64_t counter_ = 0;
  PlainBuffer plain_;  // up to kChunkSize bytes waiting to be sealed; never reallocated
  std::vector<uint8_t> sealed_;
};

// Reads sealed chunks from `in` to the end of input, handing each chunk's plaintext to `sink`
// as soon as it authenticates (so a caller that must not release unauthenticated data writes
// to a temporary and keeps it only on success).
// Errors: kCorruption, field "payload", naming the chunk: a chunk that fails authentication
// (altered bytes, a flipped final flag, chunks reordered), the input ending before a final chunk
// (truncation), data after the final chunk, an empty final chunk after others; the source's
// and the sink's errors unchanged.
Status DecryptPayload(BufferedSource& in, const PayloadKey& key, const ByteSink& sink);

}  // namespace xb::seal

#endif  // XBORDER_SEAL_AGE_PAYLOAD_H_
