// How a consent record's terms (recipients, purposes, categories and the Art. 39 notice) are
// stored: as four JSON texts, kept once per distinct set of terms in table consent_terms and
// pointed at by each record. One encoding for every backend (SQLite and PostgreSQL), so a
// registry moved between them keeps its terms byte for byte.
//
// Thread-safety: plain values and functions.
#ifndef XBORDER_CONSENT_CONSENT_TERMS_H_
#define XBORDER_CONSENT_CONSENT_TERMS_H_

#include <string>
#include <string_view>
#include <vector>

#include "consent/consent_record.h"
#include "core/status.h"

namespace xb::consent {

struct TermsText {
  std::string recipients;  // JSON array of strings
  std::string purposes;
  std::string categories;
  std::string notice;  // JSON object of the Art. 39 items

  // The four texts joined by NUL (which JSON text cannot contain): the terms' identity.
  std::string Key() const;
};

TermsText EncodeTerms(const ConsentRecord& record);

// The decoded terms of one row of consent_terms.
struct Terms {
  std::vector<std::string> recipients, purposes, categories;
  Art39Notice notice;
};

// Errors: kCorruption naming `where` when a text is not what EncodeTerms writes (a malformed
// list must not read as an empty one, which would quietly make every consent invalid). A
// notice item that is missing reads as empty (version 1 of the SQLite registry wrote only the
// items it had).
Result<Terms> DecodeTerms(std::string_view recipients, std::string_view purposes,
                          std::string_view categories, std::string_view notice,
                          const std::string& where);
// One list (recipients, purposes or categories). Errors: as DecodeTerms.
Result<std::vector<std::string>> DecodeList(std::string_view text, const std::string& where);

// The terms' fields of `record` set from `terms`.
void ApplyTerms(const Terms& terms, ConsentRecord* record);

}  // namespace xb::consent

#endif  // XBORDER_CONSENT_CONSENT_TERMS_H_
