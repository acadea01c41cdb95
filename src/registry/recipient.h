// An overseas recipient as the registry keeps it (DESIGN.md §12, "Recipients and onward
// transfers"): who it is, where, which transfer mechanisms it holds and until when, what it may
// receive and for what, where it keeps the data and for how long, the key its sealed packages
// are encrypted to, its onward-transfer terms, and the flows registered to it.
//
// Two views of one recipient, because a natural person's name and any contact details are
// personal information:
//   - the public record (PublicJson): everything else, with an individual recipient's name
//     replaced by its keyed hash. It goes into the ledger (an entry of "type": "recipient") and
//     into the registry's tables;
//   - the private part (name of an individual, contact): kept only in the registry's own table,
//     never in the ledger, an alert or a lineage graph.
//
// The file format (`xborder recipients add --file RECIPIENT.yaml`):
//
//   id: huaxin-holding               # optional; made from the name (or at random) when absent
//   name: Huaxin Holding GmbH
//   country: DE                      # ISO 3166-1 alpha-2
//   kind: company                    # company | individual | foreign_authority | ...
//   contact: "privacy@huaxin-holding.example"   # free text, kept private
//   restricted_list: false           # on the PIPL Art. 42 list
//   dpf_certified: false             # EU → US only: Data Privacy Framework
//   mechanisms:                      # held with this recipient
//     - {type: standard_contract, reference: "沪网信备 2026-0142", effective: 2026-05-01,
//        expires: 2029-04-30, filed: 2026-05-12}
//   purposes: [hr_management]        # what it may receive data for
//   categories: [identity, contact, financial]
//   storage: {location: "Hamburg, DE", retention: "employment + 3 years"}
//   seal_key: age1...                # age X25519 recipient for sealed packages
//   onward:                          # may it pass the data on (standard contract Art. 3(7))
//     permitted: true
//     purposes: [hr_management]      # empty: the recipient's own purposes
//     categories: [identity, contact]
//     countries: [DE, FR]            # empty: any country
//     third_parties: [Payroll Services GmbH]   # empty: any organisation meeting the terms
//     separate_consent: true         # the individuals' separate consent is required
//     written_agreement: true        # a written agreement with the same protection
//   flows:                           # regular flows the monitor may see (src/monitor)
//     - {id: hr-sync, exporter: Shanghai Huaxin Trading Co., Ltd., purpose: hr_management,
//        categories: [identity, contact], systems: [hr-sync]}
//
// Thread-safety: plain values.
#ifndef XBORDER_REGISTRY_RECIPIENT_H_
#define XBORDER_REGISTRY_RECIPIENT_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_date.h"
#include "core/status.h"
#include "rules/plan.h"

namespace xb::registry {

// A transfer mechanism held with the recipient (the same fields as a plan's `mechanism:`).
struct HeldMechanism {
  std::string type;  // a decision.mechanisms symbol: standard_contract, security_assessment ...
  std::string reference;
  std::optional<CivilDate> effective;
  std::optional<CivilDate> expires;  // absent: the law's validity (the caller resolves it)
  std::optional<CivilDate> filed;
};

struct OnwardTerms {
  bool permitted = false;
  std::vector<std::string> purposes;       // empty: the recipient's own purposes
  std::vector<std::string> categories;     // empty: the recipient's own categories
  std::vector<std::string> countries;      // empty: any
  std::vector<std::string> third_parties;  // organisations' names; empty: any
  bool separate_consent = true;
  bool written_agreement = true;
};

// A regular flow of data to this recipient that the monitor accepts as planned.
struct RegisteredFlow {
  std::string id;
  std::string exporter;
  std::string purpose;
  std::vector<std::string> categories;
  std::vector<std::string> systems;  // empty: any sending system
};

struct Recipient {
  std::string id;
  std::string name;       // private for kind "individual"
  std::string name_hmac;  // hex keyed hash of an individual's name; empty for organisations
  std::string country;
  std::string kind = "company";
  std::string contact;  // private
  bool restricted_list = false;
  bool dpf_certified = false;
  std::vector<HeldMechanism> mechanisms;
  std::vector<std::string> purposes;
  std::vector<std::string> categories;
  std::string storage_location;
  std::string retention;
  std::string seal_key;
  OnwardTerms onward;
  std::vector<RegisteredFlow> flows;
  // Set by the registry from the ledger: the day it was registered (or last changed) and
  // retired; the ledger entry of its latest change.
  std::optional<CivilDate> registered;
  std::optional<CivilDate> retired;
  uint64_t ledger_index = 0;

  bool individual() const { return kind == "individual"; }
  // What may be printed and drawn: the organisation's name, or "individual <id>".
  std::string Label() const;
};

// Parses a RECIPIENT.yaml. `countries` may be null (then only the shape of a code is checked).
// Errors (kParse / kInvalidArgument with file, line and dotted field): malformed YAML, a value of
// the wrong type, an unknown key, an unknown country code, kind, purpose, category or mechanism
// type, an impossible date, a mechanism without type or reference, an id that is not
// [a-z0-9._-]{1,64}. Messages describe values by shape, never by content.
Result<Recipient> ParseRecipient(std::string_view yaml_text, const std::string& file,
                                 const rules::CountryCodes* countries);

// Checks what ParseRecipient checks on a recipient built from flags. `where` names the source.
Status ValidateRecipient(const Recipient& r, const rules::CountryCodes* countries,
                         const std::string& where);

// True for ids the registry accepts: 1 to 64 of [a-z0-9._-], starting with a letter or digit.
bool IsValidRecipientId(std::string_view id);
// An id made from an organisation's name: ASCII letters and digits, lower-cased, other runs
// become '-', at most 48 characters; empty when the name has no ASCII letter or digit.
std::string IdFromName(std::string_view name);

// The public record: no private part (an individual's name appears only as name_hmac; contact
// only as "contact_on_file": true/false).
nlohmann::json PublicJson(const Recipient& r);
// The inverse of PublicJson (private part empty). Errors: kCorruption naming `where` for a
// record this program did not write.
Result<Recipient> RecipientFromPublicJson(const nlohmann::json& j, const std::string& where);

}  // namespace xb::registry

#endif  // XBORDER_REGISTRY_RECIPIENT_H_
