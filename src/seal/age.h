// age v1 encryption to X25519 recipients and decryption with X25519 identities, streaming
// (c2sp.org/age; files open with `age -d -i KEY`, and files from `age -r` open here).
//
// Output is binary age; input may be binary or ASCII-armored. Memory stays flat in the size of
// the data: one 64 KiB chunk at a time.
#ifndef XBORDER_SEAL_AGE_H_
#define XBORDER_SEAL_AGE_H_

#include <memory>
#include <span>
#include <vector>

#include "core/status.h"
#include "seal/age_keys.h"
#include "seal/age_payload.h"
#include "seal/byte_stream.h"

namespace xb::seal {

// Writes one age file to a sink: the header (with a fresh file key wrapped for every
// recipient) at Create, then the payload as it is written.
// Not copyable or movable (see PayloadEncryptor); Create returns it on the heap.
class AgeWriter {
 public:
  // REQUIRES: at least one recipient. Errors: kInvalidArgument for no recipient or a low-order
  // recipient key; kInternal if the random source fails; the sink's.
  static Result<std::unique_ptr<AgeWriter>> Create(std::span<const AgeRecipient> recipients,
                                                   ByteSink sink);
  // Errors: the sink's. Do not call again after an error or after Finish().
  Status Write(std::span<const uint8_t> data);
  // Seals the final chunk. Without it the output is a truncated file that no one can open.
  Status Finish();

 private:
  AgeWriter(const PayloadKey& key, ByteSink sink) : payload_(key, std::move(sink)) {}

  PayloadEncryptor payload_;
};

// Decrypts an age file read from `in`, handing plaintext to `sink` chunk by chunk as each
// authenticates: a caller that must release nothing unauthenticated writes to a temporary and
// keeps it only when this returns OK.
// Errors (none quotes the data):
//   kParse: not an age v1 file, a malformed header (naming its line) or armor (field "armor");
//   kNotFound, field "identity": no identity opens the file;
//   kCorruption, field "header MAC": the header was altered;
//   kCorruption, field "payload": a chunk fails authentication, truncation, trailing data;
//   kCorruption, field "armor": an armored file whose age content is whole but its END line
//     missing; a cut elsewhere in an armored file is reported as in a binary file cut there
//     (kParse in the header, kCorruption in the payload), so armor never changes the outcome;
//   the source's and the sink's errors unchanged.
Status DecryptAge(ByteSource& in, std::span<const AgeIdentity> identities, const ByteSink& sink);

}  // namespace xb::seal

#endif  // XBORDER_SEAL_AGE_H_
