#include "seal/age.h"

#include "core/crypto.h"
#include "core/wiped.h"
#include "seal/age_armor.h"
#include "seal/age_header.h"
#include "seal/age_x25519.h"

namespace xb::seal {
namespace {

std::span<const uint8_t> Bytes(std::string_view s) {
  return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

// Reads the 16-byte payload nonce that follows the header.
Result<PayloadNonce> ReadNonce(BufferedSource& in) {
  PayloadNonce nonce;
  XB_ASSIGN_OR_RETURN(size_t n, ReadFull(in, nonce));
  if (n != nonce.size()) return ParseError("age header: the file ends before the payload nonce");
  return nonce;
}

Status DecryptBinary(BufferedSource& in, std::span<const AgeIdentity> identities,
                     const ByteSink& sink) {
  XB_ASSIGN_OR_RETURN(AgeHeader header, ReadAgeHeader(in));
  XB_ASSIGN_OR_RETURN(Wiped<FileKey> file_key, UnwrapWithX25519(header.stanzas, identities));
  HeaderMac mac = ComputeHeaderMac(*file_key, header.mac_input);
  if (!ConstantTimeEquals(mac, header.mac)) {
    return Corruption("age header: the MAC does not match; the header was altered",
                      Location({}, 0, "header MAC"));
  }
  XB_ASSIGN_OR_RETURN(PayloadNonce nonce, ReadNonce(in));
  Wiped<PayloadKey> key(DerivePayloadKey(*file_key, nonce));
  file_key.Wipe();
  return DecryptPayload(in, *key, sink);
}

}  // namespace

Result<std::unique_ptr<AgeWriter>> AgeWriter::Create(std::span<const AgeRecipient> recipients,
                                                     ByteSink sink) {
  if (recipients.empty()) return InvalidArgument("no recipient to seal for");
  Wiped<FileKey> file_key;
  XB_RETURN_IF_ERROR(RandomBytes(*file_key));
  std::vector<Stanza> stanzas;
  for (const AgeRecipient& r : recipients) {
    XB_ASSIGN_OR_RETURN(Stanza stanza, WrapForX25519(*file_key, r));
    stanzas.push_back(std::move(stanza));
  }
  PayloadNonce nonce;
  XB_RETURN_IF_ERROR(RandomBytes(nonce));
  std::string mac_input = FormatHeaderForMac(stanzas);
  std::string header = FinishHeader(mac_input, ComputeHeaderMac(*file_key, mac_input));
  header.append(reinterpret_cast<const char*>(nonce.data()), nonce.size());
  Wiped<PayloadKey> key(DerivePayloadKey(*file_key, nonce));
  file_key.Wipe();
  XB_RETURN_IF_ERROR(sink(Bytes(header)));
  return std::unique_ptr<AgeWriter>(new AgeWriter(*key, std::move(sink)));
}

Status AgeWriter::Write(std::span<const uint8_t> data) { return payload_.Write(data); }

Status AgeWriter::Finish() { return payload_.Finish(); }

Status DecryptAge(ByteSource& in, std::span<const AgeIdentity> identities, const ByteSink& sink) {
  BufferedSource buffered(in);
  XB_ASSIGN_OR_RETURN(std::string_view start, buffered.Peek(BufferedSource::kMaxPeek));
  if (!LooksArmored(start)) return DecryptBinary(buffered, identities, sink);
  ArmorSource armor(buffered);
  BufferedSource decoded(armor);
  Status s = DecryptBinary(decoded, identities, sink);
  // A cut inside the age file was reported by it; one that took only the END line is damage
  // all the same (kCorruption, exit 1, like any truncation).
  if (s.ok() && armor.truncated()) {
    return Corruption("age armor: the file ends without the END line (truncated)",
                      Location({}, armor.line(), "armor"));
  }
  return s;
}

}  // namespace xb::seal
