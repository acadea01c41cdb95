// The transfer plan (DESIGN.md §5, stable): the facts of one transfer, read from YAML.
//
// Every field is optional: a field left out is "not stated" (std::nullopt), and the engine decides
// whether a rule pack supplies a lawful default or whether the fact is missing. The loader checks
// shapes, not law: types, non-negative counts, ISO 3166-1 country codes, known vocabularies.
//
// Fields beyond DESIGN.md §5 that later stages use (`recipient.id`, `policy`, `mechanism`,
// `consent`, `data.datasets`, `data.categories_needed`) are kept, unvalidated, for them: `assess`
// ignores them. Unknown keys are warnings, with the closest known key.
//
// Thread-safety: plain values.
#ifndef XBORDER_RULES_PLAN_H_
#define XBORDER_RULES_PLAN_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/civil_date.h"
#include "core/status.h"

namespace xb::rules {

// A part of the plan that `assess` does not interpret, kept as YAML text for the stage that does.
struct RawSection {
  std::string yaml;  // YAML::Dump of the node
  int line = 0;
};

struct PlanHistory {
  // Counted (non-exempt) transfers, distinct individuals.
  std::optional<int64_t> individuals_ytd;
  std::optional<int64_t> sensitive_individuals_ytd;
  std::optional<int64_t> individuals_since_prev_year;
  std::optional<int64_t> sensitive_individuals_since_prev_year;
  // Transfers made under an exemption (counted only with AssessOptions::count_exempt_transfers).
  std::optional<int64_t> exempt_individuals_ytd;
  std::optional<int64_t> exempt_sensitive_individuals_ytd;
  std::optional<int64_t> exempt_individuals_since_prev_year;
  std::optional<int64_t> exempt_sensitive_individuals_since_prev_year;
};

struct Plan {
  std::string file;  // where it was read from (for messages)

  std::optional<CivilDate> as_of;
  std::optional<std::string> jurisdiction;  // "CN" | "EU"

  std::optional<std::string> exporter_name;
  std::optional<bool> exporter_ciio;
  std::optional<bool> exporter_state_organ;
  std::optional<std::string> exporter_ftz;  // "none" when the plan says null
  std::optional<int64_t> exporter_individuals_processed;
  std::optional<std::string> exporter_role;    // controller | processor (GDPR)
  std::optional<std::string> exporter_sector;  // "other" when the plan says null
  std::optional<bool> exporter_outside_china;
  std::optional<bool> exporter_gba_city;
  std::optional<bool> exporter_public_authority;

  // A recipient registered in the database (src/registry): the registry fills in the other
  // recipient facts, and a transfer is refused when the plan contradicts it.
  std::optional<std::string> recipient_id;
  std::optional<std::string> recipient_name;
  std::optional<std::string> recipient_country;  // validated ISO 3166-1 alpha-2
  std::optional<std::string> recipient_kind;
  std::optional<bool> recipient_restricted_list;
  std::optional<bool> recipient_dpf_certified;
  std::optional<std::string> recipient_role;
  std::optional<std::string> recipient_organisation;
  std::optional<bool> recipient_privacy_shield_certified;
  std::optional<bool> recipient_reciprocal_measures;

  std::optional<std::string> purpose;
  std::optional<std::vector<std::string>> approvals;
  std::optional<std::string> derogation;  // GDPR Art. 49 ground relied on

  std::optional<bool> personal_information;
  std::optional<bool> important_data;
  std::optional<bool> on_ftz_negative_list;
  std::optional<bool> collected_abroad;
  std::optional<bool> domestic_data_added;
  std::optional<int64_t> individuals;
  std::optional<int64_t> sensitive_individuals;
  std::optional<std::vector<std::string>> categories;
  std::optional<std::vector<std::string>> subjects;
  std::optional<bool> individuals_are_parties;
  std::optional<bool> ftz_sector_covered;
  std::vector<std::string> datasets;           // for `transfer`
  std::vector<std::string> categories_needed;  // for `transfer`

  bool has_history = false;
  PlanHistory history;

  // Kept for `transfer`.
  std::optional<RawSection> policy;
  std::optional<RawSection> mechanism;
  std::optional<RawSection> consent;

  // 1-based line of each key present, by dotted name ("data.individuals").
  std::map<std::string, int> lines;
  int LineOf(const std::string& dotted) const;
};

struct PlanWarning {
  std::string message;  // e.g. "unknown key 'individuls' (did you mean 'individuals'?)"
  int line = 0;
};

// What `assess` reads of a plan's mechanism block (`transfer` reads the rest): its type
// ("standard_contract") and the day it took effect, to count a path's deadlines from it.
struct MechanismDates {
  std::optional<std::string> type;
  std::optional<CivilDate> effective;
};
// Errors (kInvalidArgument, with `file`, the block's line and "mechanism.effective"): an effective
// date that is not a date. A block that is not a mapping gives no dates.
Result<MechanismDates> ReadMechanismDates(const RawSection& section, const std::string& file);

// ISO 3166-1 alpha-2 codes, from data/iso3166/alpha2.tsv ("CODE<TAB>NAME" lines, '#' comments).
class CountryCodes {
 public:
  CountryCodes() = default;
  static Result<CountryCodes> LoadFile(const std::string& path);
  static CountryCodes FromList(const std::vector<std::string>& codes);
  bool Contains(std::string_view code) const { return codes_.count(std::string(code)) > 0; }
  size_t size() const { return codes_.size(); }

 private:
  std::unordered_set<std::string> codes_;
};

// Parses a plan. `countries` may be null (then only the shape "two capital letters" is checked).
// Errors (kParse / kInvalidArgument, with file, line and dotted field): malformed YAML, a value of
// the wrong type (e.g. text where a count is expected), a negative count, an unknown country
// code, an unknown value of a closed vocabulary (jurisdiction, recipient.kind, purpose,
// exporter.ftz, exporter.sector, recipient.organisation, approvals, categories, subjects, roles,
// derogation), an impossible date.
// Unknown keys are not errors: each adds a PlanWarning.
Result<Plan> ParsePlan(std::string_view yaml_text, const std::string& file,
                       const CountryCodes* countries, std::vector<PlanWarning>* warnings);
// Reads `path` and parses it. Errors: kNotFound / kIo, plus those of ParsePlan.
Result<Plan> LoadPlanFile(const std::string& path, const CountryCodes* countries,
                          std::vector<PlanWarning>* warnings);

}  // namespace xb::rules

#endif  // XBORDER_RULES_PLAN_H_
