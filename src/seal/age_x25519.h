// The X25519 recipient stanza of age v1 (c2sp.org/age, "X25519 recipient stanza"):
//
//   -> X25519 <base64(ephemeral share)>
//   <base64(ChaCha20-Poly1305(wrap key, nonce 0, file key))>
//
// wrap key = HKDF-SHA-256(ikm = X25519(secret, peer), salt = share || recipient,
//                         info = "age-encryption.org/v1/X25519").
#ifndef XBORDER_SEAL_AGE_X25519_H_
#define XBORDER_SEAL_AGE_X25519_H_

#include <span>
#include <vector>

#include "core/status.h"
#include "core/wiped.h"
#include "seal/age_header.h"
#include "seal/age_keys.h"

namespace xb::seal {

// Wraps `file_key` for `recipient` with a fresh ephemeral key. Errors: kInternal if the random
// source fails; kInvalidArgument if the recipient is a low-order point (no shared secret).
Result<Stanza> WrapForX25519(const FileKey& file_key, const AgeRecipient& recipient);

// Finds the file key in the header's stanzas with any of `identities`. Stanzas of other types are
// ignored, as the specification requires, except that an "scrypt" stanza must be alone.
// Errors: kParse for a malformed X25519 stanza (argument count, a share that is not canonical
// base64 of 32 bytes, a body that is not 32 bytes, a low-order share) or scrypt mixed with
// others; kNotFound, field "identity", when no identity opens any stanza (the file was sealed
// for someone else).
Result<Wiped<FileKey>> UnwrapWithX25519(const std::vector<Stanza>& stanzas,
                                        std::span<const AgeIdentity> identities);

}  // namespace xb::seal

#endif  // XBORDER_SEAL_AGE_X25519_H_
