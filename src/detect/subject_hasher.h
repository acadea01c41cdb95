// The one way an individual's identifier becomes a keyed hash. Every path that names people
// (scan, transfer, consent import and withdrawal, `ledger append --subjects`) goes through this
// class, so one person hashes the same everywhere: "13800138000", "138 0013 8000" and
// "+86 13800138000" are one individual, not three.
//
// Canonical form: the identifier trimmed (TrimBlanks), then, when it is valid for its type,
// ColumnClassifier::CanonicalIdentifier (resident ID upper-case, mobile as 11 digits, e-mail
// lower-case ...); an identifier that is not valid for its type is hashed as written (trimmed),
// because it still names someone. The type comes from the dataset column (scan, transfer) or,
// for a bare identifier (a consent file, a list of subjects), is the first of
// kSubjectIdentifierTypes it is valid for.
//
// Two keyed hashes of the canonical form, each under its own sub-key of the installation key
// (core/key_file.h DeriveSubKey), so that neither key can be learnt from the other's outputs:
//   Hash()      HMAC-SHA-256 under "subject": stored (ledger counters, consent records). After
//               subject-key rotations, each layer R of the key's chain (core/key_file.h) is
//               applied in turn, h = HMAC-SHA-256(R, h): the value the re-keyed stores hold.
//   FastHash()  SipHash-2-4, 128-bit output (libsodium crypto_shorthash_siphashx24), under the
//               first 16 bytes of "subject-siphash": for counting in memory only. A full scan
//               hashes one identifier per row at millions of rows per second per core, and
//               HMAC-SHA-256 alone would cap it well below its 1 GB/s target.
//
// Thread-safe: every method is const and may be called concurrently. Not copyable (owns an HMAC
// context). The classifier must outlive the hasher.
#ifndef XBORDER_DETECT_SUBJECT_HASHER_H_
#define XBORDER_DETECT_SUBJECT_HASHER_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.h"
#include "core/key_file.h"
#include "detect/column_classifier.h"
#include "detect/entity_type.h"

namespace xb {

// The identifier types that can name individuals, best first: the scanner's choice of subject
// column and the type of a bare identifier follow this order.
inline constexpr std::array<EntityType, 5> kSubjectIdentifierTypes = {
    EntityType::kCnResidentId, EntityType::kCnPassport, EntityType::kPassport,
    EntityType::kCnMobile, EntityType::kEmailAddress};

bool IsSubjectIdentifierType(EntityType type);

class SubjectHasher {
 public:
  SubjectHasher(const SecretKey& key, const ColumnClassifier& classifier);
  SubjectHasher(const SubjectHasher&) = delete;
  SubjectHasher& operator=(const SubjectHasher&) = delete;

  // The id of the key (names the counting namespace in the ledger).
  const std::string& key_id() const { return key_id_; }

  // The first of kSubjectIdentifierTypes `identifier` is valid for; nullopt if none.
  std::optional<EntityType> Recognise(std::string_view identifier) const;

  // What is hashed for `identifier` of `type` (nullopt: no identifier type; hashed as written).
  std::string Canonical(std::string_view identifier, std::optional<EntityType> type) const;

  Digest Hash(std::string_view identifier, std::optional<EntityType> type) const;
  Hash128 FastHash(std::string_view identifier, std::optional<EntityType> type) const;

  // Hash() under the installation key and under each prefix of the subject-key chain, oldest
  // first (the last is Hash()). For matching what was recorded before a rotation and cannot be
  // re-keyed: the name hashes inside ledger entries (detect/name_hmac.h), hence the registry's.
  std::vector<Digest> HashUnderEveryKey(std::string_view identifier,
                                        std::optional<EntityType> type) const;

  // `hash` re-keyed under one subject layer: HMAC-SHA-256(layer, hash). How a rotation moves a
  // stored hash into the new namespace, and how Hash() applies the chain.
  static Digest Rekey(const HmacSha256& layer, const Digest& hash);

  // A bare identifier: hashed as its recognised type, or nullopt when it is no identifier a
  // record can be matched by (consent records insist on one).
  std::optional<Digest> HashRecognised(std::string_view identifier) const;
  // A bare identifier in a list of subjects (`ledger append --subjects`, POST
  // /v1/ledger/entries): hashed as its recognised type, or as written (trimmed) when it is none,
  // because it still names someone.
  Digest HashBare(std::string_view identifier) const {
    return Hash(identifier, Recognise(identifier));
  }

 private:
  const ColumnClassifier& classifier_;
  std::string key_id_;
  HmacSha256 mac_;
  std::vector<std::unique_ptr<HmacSha256>> layers_;  // the subject-key chain, oldest first
  std::array<uint8_t, 16> siphash_key_{};
};

}  // namespace xb

#endif  // XBORDER_DETECT_SUBJECT_HASHER_H_
