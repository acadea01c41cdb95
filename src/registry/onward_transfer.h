// Onward transfers (DESIGN.md §12): a registered recipient passes data it received in a recorded
// transfer on to a third party. `xborder transfer onward` checks the request against the law and
// the recipient's onward-transfer terms (recipient.h) and records it in the ledger:
//
//   {"type": "onward_transfer", "as_of", "recipient_id", "recipient", "country", "from_entry",
//    "exporter", "jurisdiction", "third_party": {"name" | "name_hmac", "country", "kind"},
//    "purpose", "categories", "agreement", "separate_consent", "counts": {...},
//    "checks": [{"id", "ok", "citation", "detail"}], "subject_set": {...}}
//
// or, refused, as "onward_transfer_refused" with "reasons" and no subjects. The individuals
// follow the data: their keyed hashes are the transfer's (all of them, or those named), carried
// into the onward entry's subject set, counted under the subject group of exporter
// "onward:<recipient id>" so that they never add to the exporter's own year-to-date counts.
//
// The checks (each cited in the entry):
//   recipient_active       the recipient is registered and not retired
//   onward_permitted       the recipient's terms permit onward transfers
//   third_party_approved   the third party is one the terms name (when they name any)
//   third_party_not_listed the third party is not on the PIPL Art. 42 list
//   country_permitted      the third party's country is one the terms allow (when they name any)
//   purpose_permitted      within the purposes the recipient may pass data on for (PIPL Art. 23)
//   categories_permitted   within the categories received and those the terms allow
//   separate_consent       obtained where the terms or a consent-based transfer require it
//                          (standard contract Art. 3(7); PIPL Arts. 23, 39)
//   written_agreement      a written agreement with the same protection (standard contract
//                          Art. 3(7); GDPR Art. 44 for EU exports)
#ifndef XBORDER_REGISTRY_ONWARD_TRANSFER_H_
#define XBORDER_REGISTRY_ONWARD_TRANSFER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/civil_date.h"
#include "core/crypto.h"
#include "core/status.h"
#include "ledger/ledger.h"
#include "registry/registry.h"

namespace xb::registry {

inline constexpr std::string_view kOnwardGroupPrefix = "onward:";

struct OnwardRequest {
  std::string recipient_id;
  uint64_t from_entry = 0;  // the recorded transfer whose data is passed on
  std::string third_party_name;
  std::string third_party_name_hmac;  // hex; REQUIRED for an individual third party
  std::string third_party_country;
  std::string third_party_kind = "company";
  bool third_party_restricted = false;  // on the PIPL Art. 42 list
  std::string purpose;
  std::vector<std::string> categories;  // empty: every category of the transfer
  bool separate_consent = false;        // the individuals' separate consent was obtained
  std::string agreement;                // reference of the written agreement; empty: none
  CivilDate as_of;
  std::string key_id;  // the key `subjects` were hashed with
  // The individuals passed on, as keyed hashes; nullopt: everyone the transfer carried.
  std::optional<std::vector<Digest>> subjects;
  // By jurisdiction ("CN", "EU"): the PI categories that can hold sensitive PI there
  // (Taxonomy::SensitiveCategories, kAnyKind: supplied by the caller, minors included where
  // all of a child's PI is sensitive). The transfer's individuals with sensitive PI
  // are passed on only when a category passed on is one of them, or the transfer carried
  // children's PI (all of it sensitive in the PRC); a jurisdiction absent here: always (the
  // cautious reading).
  std::map<std::string, std::set<std::string>> sensitive_categories;
  bool dry_run = false;
};

struct OnwardCheck {
  std::string id;
  bool ok = true;
  std::string citation;
  std::string detail;  // why it failed, or what was checked
};

struct OnwardOutcome {
  bool refused = false;
  std::vector<OnwardCheck> checks;
  std::vector<std::string> reasons;  // the failed checks' details, with their citations
  uint64_t individuals = 0;
  uint64_t sensitive_individuals = 0;
  std::optional<uint64_t> ledger_index;  // absent on a dry run
  std::string entry_json;                // what was (or, on a dry run, would be) recorded
};

// Checks and records one onward transfer. A refusal is an outcome (recorded, refused = true),
// not an error. Errors (nothing written): kNotFound for an unknown recipient or entry;
// kInvalidArgument when the entry is not a completed transfer to that recipient, when named
// subjects were not all carried by it, when they were hashed under another key than the
// entry's, or for an individual third party without a keyed hash; ledger errors.
Result<OnwardOutcome> RecordOnwardTransfer(ledger::Ledger& ledger, Registry& registry,
                                           const OnwardRequest& request);

}  // namespace xb::registry

#endif  // XBORDER_REGISTRY_ONWARD_TRANSFER_H_
