#include "seal/age_payload.h"

#include <sodium.h>

#include <cstring>

#include "core/crypto.h"

namespace xb::seal {
namespace {

using ChunkNonce = std::array<uint8_t, crypto_aead_chacha20poly1305_ietf_NPUBBYTES>;
static_assert(kChunkTagSize == crypto_aead_chacha20poly1305_ietf_ABYTES);

ChunkNonce NonceFor(uint64_t counter, bool final) {
  ChunkNonce nonce{};  // the counter's top three of eleven bytes stay zero: 2^64 chunks suffice
  for (int i = 0; i < 8; ++i) nonce[10 - i] = static_cast<uint8_t>(counter >> (8 * i));
  nonce[11] = final ? 1 : 0;
  return nonce;
}

Error PayloadError(std::string message) {
  return Corruption("age payload: " + std::move(message), Location({}, 0, "payload"));
}

}  // namespace

PayloadKey DerivePayloadKey(const FileKey& file_key, const PayloadNonce& nonce) {
  return HkdfSha256(file_key, nonce, "payload");
}

PayloadEncryptor::PayloadEncryptor(const PayloadKey& key, ByteSink sink)
    : key_(PayloadKey(key)), sink_(std::move(sink)), plain_(PlainBuffer::Reserved(kChunkSize)) {
  (void)EnsureSodium();  // for speed only: encryption under a given key is deterministic
  sealed_.resize(kChunkSize + kChunkTagSize);
}

Status PayloadEncryptor::SealChunk(std::span<const uint8_t> plaintext, bool final) {
  if (counter_ == UINT64_MAX) return Internal("age payload: chunk counter exhausted");
  ChunkNonce nonce = NonceFor(counter_++, final);
  unsigned long long length = 0;
  crypto_aead_chacha20poly1305_ietf_encrypt(sealed_.data(), &length, plaintext.data(),
                                            plaintext.size(), nullptr, 0, nullptr, nonce.data(),
                                            key_->data());
  return sink_(std::span<const uint8_t>(sealed_.data(), static_cast<size_t>(length)));
}

Status PayloadEncryptor::Write(std::span<const uint8_t> data) {
  while (!data.empty()) {
    if (plain_->size() == kChunkSize) {
      // More data follows, so the buffered chunk is not the final one.
      XB_RETURN_IF_ERROR(SealChunk(*plain_, false));
      plain_->clear();  // overwritten by the next chunk; wiped at Finish and destruction
    }
    if (plain_->empty() && data.size() > kChunkSize) {
      // Whole chunks straight from the caller's memory, no copy; one byte at least stays behind
      // so that the final chunk is never empty.
      XB_RETURN_IF_ERROR(SealChunk(data.first(kChunkSize), false));
      data = data.subspan(kChunkSize);
      continue;
    }
    size_t take = std::min(kChunkSize - plain_->size(), data.size());
    plain_->insert(plain_->end(), data.begin(), data.begin() + static_cast<ptrdiff_t>(take));
    data = data.subspan(take);
  }
  return Status::Ok();
}

Status PayloadEncryptor::Finish() {
  Status s = SealChunk(*plain_, true);
  plain_.Wipe();
  return s;
}

namespace {

// Opens one sealed chunk with the given final flag; false if it does not authenticate.
bool OpenChunk(std::span<const uint8_t> sealed, uint64_t counter, bool final, const PayloadKey& key,
               std::vector<uint8_t>& plain, size_t& length) {
  ChunkNonce nonce = NonceFor(counter, final);
  unsigned long long n = 0;
  if (crypto_aead_chacha20poly1305_ietf_decrypt(plain.data(), &n, nullptr, sealed.data(),
                                                sealed.size(), nullptr, 0, nonce.data(),
                                                key.data()) != 0) {
    return false;
  }
  length = static_cast<size_t>(n);
  return true;
}

}  // namespace

Status DecryptPayload(BufferedSource& in, const PayloadKey& key, const ByteSink& sink) {
  XB_RETURN_IF_ERROR(EnsureSodium());
  std::vector<uint8_t> sealed(kChunkSize + kChunkTagSize);
  // Wiped on every way out, the failing chunk's error included.
  Wiped<std::vector<uint8_t>> plain_buffer{std::vector<uint8_t>(kChunkSize)};
  std::vector<uint8_t>& plain = *plain_buffer;
  for (uint64_t counter = 0;; ++counter) {
    XB_ASSIGN_OR_RETURN(size_t n, ReadFull(in, sealed));
    std::string which = "chunk " + std::to_string(counter);
    if (n == 0) {
      return PayloadError(counter == 0 ? "no payload after the header (truncated)"
                                       : "the file ends without its final chunk (truncated)");
    }
    if (n < kChunkTagSize) return PayloadError(which + " is shorter than its tag (truncated)");
    if (n == kChunkTagSize && counter > 0) {
      return PayloadError(which + " is an empty final chunk after others");
    }
    // A short chunk can only be the final one; a full one is final only if nothing follows.
    bool at_end = n < sealed.size();
    if (!at_end) {
      XB_ASSIGN_OR_RETURN(std::string_view next, in.Peek(1));
      at_end = next.empty();
    }
    std::span<const uint8_t> chunk(sealed.data(), n);
    size_t length = 0;
    if (OpenChunk(chunk, counter, at_end, key, plain, length)) {
      XB_RETURN_IF_ERROR(sink(std::span<const uint8_t>(plain.data(), length)));
      if (at_end) return Status::Ok();
      continue;
    }
    // A full chunk sealed with the other flag is authentic, but in the wrong place: the file
    // was cut after it, or something was appended after the final chunk. Its plaintext is
    // released like any authenticated chunk before the error (as the age testkit expects).
    if (n == sealed.size() && OpenChunk(chunk, counter, !at_end, key, plain, length)) {
      XB_RETURN_IF_ERROR(sink(std::span<const uint8_t>(plain.data(), length)));
      return PayloadError(at_end ? "the file ends after " + which +
                                       ", which is not the final chunk (truncated)"
                                 : "data follows the final chunk (" + which + ")");
    }
    return PayloadError(which + " fails authentication: the file was altered or truncated, " +
                        "or has data after its end");
  }
}

}  // namespace xb::seal
