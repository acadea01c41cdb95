// Reads consent records from a CSV or JSON Lines file (any format io::OpenTable reads).
//
// Columns (JSON Lines may nest the notice as {"notice": {"version": ...}}, which reads as the
// dotted names below; in CSV write "notice.version" or "notice_version"):
//   subject_id        required  the individual's identifier (resident ID, passport, mobile, e-mail)
//   recipients        required  recipient names, ';'-separated or a JSON array; "*" = any
//   purposes          required  plan purposes, same form
//   categories        required  PI categories, same form
//   separate_consent  required  true/false (also yes/no, 1/0, 是/否)
//   guardian_consent  optional  true when a parent or guardian consented (under 14s)
//   granted_at        required  YYYY-MM-DD
//   withdrawn_at      optional  YYYY-MM-DD
//   notice.version, notice.recipient_name, notice.recipient_contact, notice.purpose,
//   notice.method, notice.categories, notice.rights_procedure   the PIPL Art. 39 disclosures
//
// CONTRACT: the raw subject identifier is hashed and dropped at once; it never reaches an error
// message or the store.
#ifndef XBORDER_CONSENT_CONSENT_IMPORT_H_
#define XBORDER_CONSENT_CONSENT_IMPORT_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "consent/consent_record.h"
#include "core/crypto.h"
#include "core/status.h"

namespace xb::consent {

// Maps a raw identifier to its keyed hash, the one a dataset's subject column gets (the same
// person must hash the same in a dataset and in a consent file), or nullopt when it is no
// recognised identifier. The CLI passes SubjectHasher::HashRecognised (detect/subject_hasher.h).
using SubjectKeyer = std::function<std::optional<Digest>(std::string_view raw)>;

struct ImportResult {
  std::vector<ConsentRecord> records;
  int64_t rows = 0;
};

// Parses the whole file; the first bad row fails the import with file, line and field, so that
// an import is all or nothing.
Result<ImportResult> ReadConsentFile(const std::string& path, const SubjectKeyer& key_subject);

// Parses one list cell: a JSON array of strings or ';' / '|' / ',' separated items, trimmed.
std::vector<std::string> ParseListCell(std::string_view cell);
// Parses a boolean cell; nullopt when it is none of the accepted spellings.
std::optional<bool> ParseBoolCell(std::string_view cell);

}  // namespace xb::consent

#endif  // XBORDER_CONSENT_CONSENT_IMPORT_H_
