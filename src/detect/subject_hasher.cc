#include "detect/subject_hasher.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "core/strings.h"

namespace xb {
namespace {

std::array<uint8_t, 16> SipHashKey(const SecretKey& key) {
  static_assert(crypto_shorthash_siphashx24_KEYBYTES == 16);
  const std::array<uint8_t, 32> sub_key = DeriveSubKey(key, "subject-siphash");
  std::array<uint8_t, 16> out;
  std::memcpy(out.data(), sub_key.data(), out.size());
  return out;
}

}  // namespace

bool IsSubjectIdentifierType(EntityType type) {
  return std::find(kSubjectIdentifierTypes.begin(), kSubjectIdentifierTypes.end(), type) !=
         kSubjectIdentifierTypes.end();
}

SubjectHasher::SubjectHasher(const SecretKey& key, const ColumnClassifier& classifier)
    : classifier_(classifier),
      key_id_(key.id),
      mac_(DeriveSubKey(key, "subject")),
      siphash_key_(SipHashKey(key)) {
  for (const KeyBytes& layer : key.subject_layers) {
    layers_.push_back(std::make_unique<HmacSha256>(layer));
  }
}

Digest SubjectHasher::Rekey(const HmacSha256& layer, const Digest& hash) {
  return layer.Mac(std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size()));
}

std::optional<EntityType> SubjectHasher::Recognise(std::string_view identifier) const {
  identifier = TrimBlanks(identifier);
  for (EntityType type : kSubjectIdentifierTypes) {
    if (classifier_.CanonicalIdentifier(type, identifier)) return type;
  }
  return std::nullopt;
}

std::string SubjectHasher::Canonical(std::string_view identifier,
                                     std::optional<EntityType> type) const {
  identifier = TrimBlanks(identifier);
  if (type) {
    if (std::optional<std::string> canonical = classifier_.CanonicalIdentifier(*type, identifier))
      return std::move(*canonical);
  }
  return std::string(identifier);
}

Digest SubjectHasher::Hash(std::string_view identifier, std::optional<EntityType> type) const {
  Digest h = mac_.Mac(Canonical(identifier, type));
  for (const auto& layer : layers_) h = Rekey(*layer, h);
  return h;
}

std::vector<Digest> SubjectHasher::HashUnderEveryKey(std::string_view identifier,
                                                     std::optional<EntityType> type) const {
  std::vector<Digest> out = {mac_.Mac(Canonical(identifier, type))};
  for (const auto& layer : layers_) out.push_back(Rekey(*layer, out.back()));
  return out;
}

Hash128 SubjectHasher::FastHash(std::string_view identifier, std::optional<EntityType> type) const {
  // The scan's hot path: an invalid value is hashed in place rather than copied by Canonical().
  identifier = TrimBlanks(identifier);
  std::optional<std::string> canonical;
  if (type) canonical = classifier_.CanonicalIdentifier(*type, identifier);
  const std::string_view text = canonical ? std::string_view(*canonical) : identifier;
  static_assert(crypto_shorthash_siphashx24_BYTES == 16);
  unsigned char out[16];
  crypto_shorthash_siphashx24(out, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                              siphash_key_.data());
  Hash128 h;
  std::memcpy(&h.lo, out, 8);
  std::memcpy(&h.hi, out + 8, 8);
  return h;
}

std::optional<Digest> SubjectHasher::HashRecognised(std::string_view identifier) const {
  std::optional<EntityType> type = Recognise(identifier);
  if (!type) return std::nullopt;
  return Hash(identifier, type);
}

}  // namespace xb
