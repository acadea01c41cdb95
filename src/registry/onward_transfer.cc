#include "registry/onward_transfer.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "ledger/subject_set.h"

namespace xb::registry {
namespace {

using nlohmann::json;

// The sources every check cites. The standard contract's clause number is read from the
// published template as remembered, not re-verified (digest §4.1 tags the template [M]).
constexpr char kStandardContract[] =
    "Standard Contract for the Outbound Transfer of Personal Information (Annex to CAC Order "
    "No. 13), Art. 3(7) (onward provision by the overseas recipient; item number unverified "
    "[M])";
constexpr char kPipl23[] = "PIPL Art. 23";
constexpr char kPipl39[] = "PIPL Art. 39";
constexpr char kPipl42[] = "PIPL Art. 42";
constexpr char kGdpr44[] = "GDPR Art. 44";
constexpr char kTerms[] = "the recipient's onward-transfer terms (registry)";

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

// What the onward request needs from the transfer it draws on.
struct Parent {
  std::string exporter;
  std::string jurisdiction;
  std::string purpose;
  std::vector<std::string> categories;
  std::string mechanism;  // type, or empty
  bool consent_based = false;
  int64_t minors_under_14 = 0;
  std::string key_id;
  std::vector<Digest> individuals;
  std::vector<Digest> sensitive;
};

std::vector<std::string> StringArray(const json& j, const char* key) {
  std::vector<std::string> out;
  if (j.contains(key) && j[key].is_array()) {
    for (const auto& v : j[key])
      if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

Result<Parent> ReadParent(ledger::Ledger& ledger, const Recipient& r, uint64_t index) {
  XB_ASSIGN_OR_RETURN(ledger::TreeHead head, ledger.Head());
  const std::string where = "ledger entry " + std::to_string(index);
  if (index >= head.size) return NotFound("the ledger has no entry " + std::to_string(index));
  XB_ASSIGN_OR_RETURN(std::string text, ledger.Entry(index));
  json e = json::parse(text, nullptr, false);
  if (!e.is_object() || e.value("type", "") != "transfer") {
    return InvalidArgument(where + " is not a completed transfer", {"", 0, "--from-entry"});
  }
  const bool same_id = e.value("recipient_id", "") == r.id;
  const bool same_name = !r.individual() && e.value("recipient", "") == r.name;
  if (!same_id && !same_name) {
    return InvalidArgument(where + " did not send data to recipient '" + r.id + "'",
                           {"", 0, "--from-entry"});
  }
  Parent p;
  p.exporter = e.value("exporter", "");
  p.jurisdiction = e.value("jurisdiction", "CN");
  p.purpose = e.value("purpose", "");
  p.categories = StringArray(e, "categories");
  if (e.contains("counts") && e["counts"].is_object() &&
      e["counts"].value("minors_under_14", json(0)).is_number_integer()) {
    p.minors_under_14 = e["counts"].value("minors_under_14", int64_t{0});
  }
  if (e.contains("mechanism") && e["mechanism"].is_object())
    p.mechanism = e["mechanism"].value("type", "");
  if (e.contains("datasets") && e["datasets"].is_array()) {
    for (const auto& d : e["datasets"]) {
      if (!d.is_object() || !d.contains("consent") || !d["consent"].is_object()) continue;
      std::string mode = d["consent"].value("mode", "none");
      if (mode != "none") p.consent_based = true;
    }
  }
  XB_ASSIGN_OR_RETURN(ledger::SubjectGroup group, ledger.store().ReadEntryGroup(index));
  p.key_id = group.key_id;
  XB_ASSIGN_OR_RETURN(p.individuals,
                      ledger.store().ReadEntrySubjects(index, ledger::SubjectKind::kIndividual));
  XB_ASSIGN_OR_RETURN(p.sensitive,
                      ledger.store().ReadEntrySubjects(index, ledger::SubjectKind::kSensitive));
  return p;
}

class Checker {
 public:
  void Check(std::string id, bool ok, std::string citation, std::string detail) {
    checks_.push_back({std::move(id), ok, std::move(citation), std::move(detail)});
  }
  std::vector<OnwardCheck> checks() && { return std::move(checks_); }

 private:
  std::vector<OnwardCheck> checks_;
};

std::vector<OnwardCheck> RunChecks(const Recipient& r, const Parent& parent, const OnwardRequest& q,
                                   const std::vector<std::string>& categories) {
  Checker c;
  const OnwardTerms& t = r.onward;
  const bool eu = parent.jurisdiction == "EU";
  const std::string law = eu ? kGdpr44 : kStandardContract;
  c.Check("recipient_active", !r.retired || q.as_of < *r.retired, kTerms,
          r.retired ? "recipient '" + r.id + "' was retired on " + r.retired->ToString()
                    : "recipient '" + r.id + "' is registered and active");
  c.Check("onward_permitted", t.permitted, law + "; " + kTerms,
          t.permitted ? "the recipient's terms permit onward transfers"
                      : "the recipient's terms do not permit onward transfers");
  const bool approved = t.third_parties.empty() || (q.third_party_kind != "individual" &&
                                                    Contains(t.third_parties, q.third_party_name));
  c.Check("third_party_approved", approved, kTerms,
          approved ? "the third party is one the terms allow"
                   : "the third party is not among those the recipient's terms name");
  c.Check("third_party_not_listed", !q.third_party_restricted, kPipl42,
          q.third_party_restricted ? "the third party is on the restricted or prohibited list"
                                   : "the third party is not on the restricted list");
  const bool country_ok = t.countries.empty() || Contains(t.countries, q.third_party_country);
  c.Check("country_permitted", country_ok, kTerms,
          country_ok ? "country " + q.third_party_country + " is allowed"
                     : "the terms do not allow onward transfers to " + q.third_party_country +
                           " (allowed: " + Join(t.countries) + ")");
  const auto& purposes = t.purposes.empty() ? r.purposes : t.purposes;
  const bool purpose_ok =
      purposes.empty() ? q.purpose == parent.purpose : Contains(purposes, q.purpose);
  c.Check("purpose_permitted", purpose_ok, std::string(kPipl23) + "; " + kTerms,
          purpose_ok
              ? "purpose " + q.purpose + " is within what the recipient may pass data on for"
              : "purpose " + q.purpose + " is beyond what the recipient may pass data on for (" +
                    (purposes.empty() ? parent.purpose : Join(purposes)) + ")");
  std::vector<std::string> beyond;
  const auto& allowed = t.categories.empty() ? r.categories : t.categories;
  for (const auto& cat : categories) {
    if (!Contains(parent.categories, cat) || (!allowed.empty() && !Contains(allowed, cat)))
      beyond.push_back(cat);
  }
  c.Check("categories_permitted", beyond.empty(), std::string(kPipl23) + "; " + kTerms,
          beyond.empty() ? "categories " + Join(categories) + " were received and may be passed on"
                         : "categories " + Join(beyond) +
                               " were not received in the transfer or may not be passed on");
  const bool consent_required = t.separate_consent || parent.consent_based;
  const bool consent_ok = !consent_required || q.separate_consent;
  std::string minors = Contains(categories, "minors")
                           ? " (for children under 14, their guardians' separate consent)"
                           : "";
  c.Check(
      "separate_consent", consent_ok,
      eu ? std::string(kGdpr44) : std::string(kStandardContract) + "; " + kPipl23 + "; " + kPipl39,
      consent_ok ? (consent_required ? "the individuals' separate consent was obtained" + minors
                                     : "no separate consent required by the terms; the "
                                       "transfer did not rest on consent")
                 : "the individuals' separate consent" + minors +
                       " to the onward transfer is required and was not stated "
                       "(--separate-consent)");
  const bool agreement_required =
      t.written_agreement || eu || parent.mechanism == "standard_contract";
  const bool agreement_ok = !agreement_required || !q.agreement.empty();
  c.Check("written_agreement", agreement_ok, law,
          agreement_ok ? (q.agreement.empty() ? "no written agreement required"
                                              : "written agreement " + q.agreement)
                       : "a written agreement binding the third party to the same protection is "
                         "required (--agreement REFERENCE)");
  return std::move(c).checks();
}

// The individuals passed on: all of the transfer's, or those named (which must all be among
// them). Fills *individuals and *sensitive, sorted.
Status SelectSubjects(const Parent& parent, const OnwardRequest& q,
                      std::vector<Digest>* individuals, std::vector<Digest>* sensitive) {
  if (!q.subjects) {
    *individuals = parent.individuals;
    *sensitive = parent.sensitive;
    return Status::Ok();
  }
  if (q.key_id != parent.key_id) {
    return InvalidArgument("the transfer's individuals were hashed under another key (" +
                           parent.key_id + "); name them with that key file");
  }
  std::vector<Digest> named = *q.subjects;
  ledger::NormalizeSubjects(named);
  uint64_t missing = 0;
  for (const Digest& d : named) {
    bool in_i = std::binary_search(parent.individuals.begin(), parent.individuals.end(), d);
    bool in_s = std::binary_search(parent.sensitive.begin(), parent.sensitive.end(), d);
    if (in_i) individuals->push_back(d);
    if (in_s) sensitive->push_back(d);
    if (!in_i && !in_s) ++missing;
  }
  if (missing > 0) {
    return InvalidArgument(std::to_string(missing) + " of the " + std::to_string(named.size()) +
                               " individuals named were not carried by that transfer",
                           {"", 0, "--subjects"});
  }
  return Status::Ok();
}

// Whether what is passed on can hold the transfer's sensitive PI: a category that can hold it
// in the transfer's jurisdiction (the caller's reading of the taxonomy, minors included where
// all of a child's PI is sensitive), or any PI of the children under 14 the transfer carried.
bool PassesOnSensitivePi(const Parent& parent, const OnwardRequest& q,
                         const std::vector<std::string>& categories) {
  if (parent.minors_under_14 > 0) return true;
  auto known = q.sensitive_categories.find(parent.jurisdiction);
  if (known == q.sensitive_categories.end()) return true;
  return std::any_of(categories.begin(), categories.end(),
                     [&](const std::string& c) { return known->second.count(c) != 0; });
}

json ThirdPartyJson(const OnwardRequest& q) {
  json j = {{"country", q.third_party_country}, {"kind", q.third_party_kind}};
  if (q.third_party_kind == "individual") {
    j["name_hmac"] = q.third_party_name_hmac;
  } else {
    j["name"] = q.third_party_name;
  }
  return j;
}

}  // namespace

Result<OnwardOutcome> RecordOnwardTransfer(ledger::Ledger& ledger, Registry& registry,
                                           const OnwardRequest& q) {
  if (q.third_party_kind == "individual" && q.third_party_name_hmac.empty()) {
    return InvalidArgument("an individual third party's name must be given as its keyed hash");
  }
  XB_RETURN_IF_ERROR(registry.Refresh());
  XB_ASSIGN_OR_RETURN(std::optional<Recipient> found, registry.Find(q.recipient_id, false));
  if (!found) {
    return NotFound("no recipient '" + q.recipient_id + "' is registered", {"", 0, "--recipient"});
  }
  const Recipient& r = *found;
  XB_ASSIGN_OR_RETURN(Parent parent, ReadParent(ledger, r, q.from_entry));
  std::vector<std::string> categories = q.categories.empty() ? parent.categories : q.categories;

  OnwardOutcome o;
  std::vector<Digest> individuals, sensitive;
  XB_RETURN_IF_ERROR(SelectSubjects(parent, q, &individuals, &sensitive));
  if (!PassesOnSensitivePi(parent, q, categories)) sensitive.clear();
  o.individuals = individuals.size();
  o.sensitive_individuals = sensitive.size();
  o.checks = RunChecks(r, parent, q, categories);
  json checks = json::array();
  for (const OnwardCheck& c : o.checks) {
    checks.push_back({{"id", c.id}, {"ok", c.ok}, {"citation", c.citation}, {"detail", c.detail}});
    if (!c.ok) o.reasons.push_back(c.detail + " (" + c.citation + ")");
  }
  o.refused = !o.reasons.empty();

  json entry = {
      {"type", o.refused ? "onward_transfer_refused" : "onward_transfer"},
      {"as_of", q.as_of.ToString()},
      {"recipient_id", r.id},
      {"recipient", r.Label()},
      {"country", r.country},
      {"from_entry", q.from_entry},
      {"exporter", parent.exporter},
      {"jurisdiction", parent.jurisdiction},
      {"third_party", ThirdPartyJson(q)},
      {"purpose", q.purpose},
      {"categories", categories},
      {"agreement", q.agreement},
      {"separate_consent", q.separate_consent},
      {"counts",
       {{"individuals", o.individuals}, {"sensitive_individuals", o.sensitive_individuals}}},
      {"checks", checks}};
  if (o.refused) entry["reasons"] = o.reasons;
  o.entry_json = entry.dump();
  if (q.dry_run) return o;

  if (o.refused) {
    std::vector<std::string> entries = {o.entry_json};
    XB_ASSIGN_OR_RETURN(ledger::AppendResult appended, ledger.Append(entries));
    o.ledger_index = appended.first_index;
    return o;
  }
  ledger::TransferRecord record;
  record.entry_json = o.entry_json;
  record.group = {parent.key_id, std::string(kOnwardGroupPrefix) + r.id, q.as_of.year(), true};
  record.individuals = std::move(individuals);
  record.sensitive = std::move(sensitive);
  XB_ASSIGN_OR_RETURN(ledger::AppendResult appended, ledger.AppendTransfer(record));
  o.ledger_index = appended.first_index;
  return o;
}

}  // namespace xb::registry
