#include "seal/age.h"

#include <sodium.h>

#include "core/crypto.h"
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
  XB_ASSIGN_OR_RETURN(FileKey file_key, UnwrapWithX25519(header.stanzas, identities));
  HeaderMac mac = ComputeHeaderMac(file_key, header.mac_input);
  if (!ConstantTimeEquals(mac, header.mac)) {
    sodium_memzero(file_key.data(), file_key.size());
    return Corruption("age header: the MAC does not match; the header was altered",
                      Location({}, 0, "header MAC"));
  }
  auto nonce = ReadNonce(in);
  if (!nonce.ok()) {
    sodium_memzero(file_key.data(), file_key.size());
    return std::move(nonce).error();
  }
  PayloadKey key = DerivePayloadKey(file_key, *nonce);
  sodium_memzero(file_key.data(), file_key.size());
  Status s = DecryptPayload(in, key, sink);
  sodium_memzero(key.data(), key.size());
  return s;
}

}  // namespace

Result<std::unique_ptr<AgeWriter>> AgeWriter::Create(std::span<const AgeRecipient> recipients,
                                                     ByteSink sink) {
  if (recipients.empty()) return InvalidArgument("no recipient to seal for");
  FileKey file_key;
  XB_RETURN_IF_ERROR(RandomBytes(file_key));
  std::vector<Stanza> stanzas;
  Status status;
  for (const AgeRecipient& r : recipients) {
    auto stanza = WrapForX25519(file_key, r);
    if (!stanza.ok()) {
      status = std::move(stanza).error();
      break;
    }
    stanzas.push_back(std::move(stanza).value());
  }
  PayloadNonce nonce;
  if (status.ok()) status = RandomBytes(nonce);
  std::string header;
  PayloadKey key{};
  if (status.ok()) {
    std::string mac_input = FormatHeaderForMac(stanzas);
    header = FinishHeader(mac_input, ComputeHeaderMac(file_key, mac_input));
    header.append(reinterpret_cast<const char*>(nonce.data()), nonce.size());
    key = DerivePayloadKey(file_key, nonce);
  }
  sodium_memzero(file_key.data(), file_key.size());
  if (!status.ok()) return std::move(status).error();
  status = sink(Bytes(header));
  std::unique_ptr<AgeWriter> writer(new AgeWriter(key, std::move(sink)));
  sodium_memzero(key.data(), key.size());
  if (!status.ok()) return std::move(status).error();
  return writer;
}

Status AgeWriter::Write(std::span<const uint8_t> data) { return payload_.Write(data); }

Status AgeWriter::Finish() { return payload_.Finish(); }

Status DecryptAge(ByteSource& in, std::span<const AgeIdentity> identities, const ByteSink& sink) {
  BufferedSource buffered(in);
  XB_ASSIGN_OR_RETURN(std::string_view start, buffered.Peek(BufferedSource::kMaxPeek));
  if (!LooksArmored(start)) return DecryptBinary(buffered, identities, sink);
  ArmorSource armor(buffered);
  BufferedSource decoded(armor);
  return DecryptBinary(decoded, identities, sink);
}

}  // namespace xb::seal
