// A consent record: one individual's consent to the export of their personal information to
// named recipients for named purposes and categories (PIPL Arts. 14, 29, 31, 39).
//
// CONTRACT: the individual appears only as a keyed hash (HMAC-SHA-256 under the installation
// key's "subject" sub-key, over the identifier's canonical form), never as the raw identifier,
// so the same person scanned in a dataset and named in a consent file meet by hash.
#ifndef XBORDER_CONSENT_CONSENT_RECORD_H_
#define XBORDER_CONSENT_CONSENT_RECORD_H_

#include <optional>
#include <string>
#include <vector>

#include "core/civil_date.h"
#include "core/crypto.h"

namespace xb::consent {

// The six items PIPL Art. 39 requires the notice to disclose before export.
struct Art39Notice {
  std::string version;            // the notice text's version label
  std::string recipient_name;     // overseas recipient's name
  std::string recipient_contact;  // its contact details
  std::string purpose;            // processing purpose
  std::string method;             // processing method
  std::string categories;         // PI categories
  std::string rights_procedure;   // how to exercise PIPL rights against the recipient

  // Names of the Art. 39 items left empty ("recipient_name", ...); empty when complete.
  std::vector<std::string> MissingItems() const;
};

struct ConsentRecord {
  Digest subject{};                     // keyed hash of the individual
  std::vector<std::string> recipients;  // recipient names; "*" covers any recipient
  std::vector<std::string> purposes;    // plan purposes (DESIGN.md §5 vocabulary); "*" any
  std::vector<std::string> categories;  // PI categories covered; "*" any
  bool separate_consent = false;        // given separately for this export (Art. 39)
  bool guardian_consent = false;        // given by a parent or guardian (Art. 31, under 14s)
  CivilDate granted_at;
  std::optional<CivilDate> withdrawn_at;
  Art39Notice notice;
  int64_t source_line = 0;  // line in the imported file, for error messages
};

}  // namespace xb::consent

#endif  // XBORDER_CONSENT_CONSENT_RECORD_H_
