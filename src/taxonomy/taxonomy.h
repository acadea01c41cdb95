// Entity type -> personal-information category -> sensitivity and grade, per jurisdiction,
// loaded from data (data/taxonomy/pi_taxonomy.yaml) so that a change of law or standard is a
// data change, each mapping citing its source.
//
// Entities are named by the stable vocabulary of DESIGN.md §3 ("CN_RESIDENT_ID" ...); the
// taxonomy does not depend on src/detect.
//
// A Taxonomy is immutable after Load() and safe to share between threads.
#ifndef XBORDER_TAXONOMY_TAXONOMY_H_
#define XBORDER_TAXONOMY_TAXONOMY_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_date.h"
#include "core/status.h"

namespace xb {

enum class Jurisdiction { kCN, kEU };

// "CN" / "EU"; nullopt for anything else.
std::optional<Jurisdiction> ParseJurisdiction(std::string_view code);

struct EntityClassification {
  std::string entity;                // "CN_RESIDENT_ID"
  std::string category;              // "identity", "financial", ... (Taxonomy::categories())
  bool personal_information = true;  // false for organisation identifiers (CN_USCC)
  bool sensitive_cn = false;         // sensitive PI, PIPL Art. 28 / GB/T 35273 Annex B
  bool special_eu = false;           // special category, GDPR Art. 9(1)
  int grade = 0;                     // GB/T 43697 general-data level 1..4; 0 = not PI
  std::vector<std::string> basis;    // keys of Taxonomy::Citation()
  std::string note;

  bool sensitive(Jurisdiction j) const {
    return j == Jurisdiction::kCN ? sensitive_cn : special_eu;
  }
};

struct PiCategory {
  std::string id;
  std::string description;
};

// Two readings of "a sensitive category" of PI (a PiCategory id). A category groups kinds of
// PI (entities); some categories mix sensitive and non-sensitive kinds (identity: a passport
// number is not sensitive, but in the PRC an identity document's biometric is). Which reading
// is cautious depends on the question:
enum class SensitiveCategoryReading {
  // Some kind of PI in the category is sensitive: the category CAN hold sensitive PI. For
  // "does passing these categories on pass sensitive PI on?" (onward transfers): cautious
  // because it does not let sensitive individuals disappear from the counts.
  kAnyKind,
  // Every kind of PI in the category is sensitive: data of the category IS sensitive. For "are
  // the individuals named with these categories sensitive?" when nothing says which kinds were
  // sent (the monitor's events): cautious because it does not inflate the sensitive counts that
  // end exemptions.
  kEveryKind,
};

class Taxonomy {
 public:
  // Parses the YAML file at `path`. Errors (file, line, field): kNotFound if unreadable;
  // kParse for malformed YAML, an unknown category, a basis key missing from `sources`, a
  // grade outside 0..4, a non-boolean flag, or a PI entity graded 0.
  static Result<Taxonomy> Load(const std::string& path);
  // Loads <data_dir>/taxonomy/pi_taxonomy.yaml; an empty data_dir means LocateDataDir()
  // (core/locations.h).
  static Result<Taxonomy> LoadDefault(const std::string& data_dir = "");

  // The classification of `entity`, or nullptr when the taxonomy does not know it.
  const EntityClassification* Find(std::string_view entity) const;

  // Whether a value of `entity` is sensitive in `j`. Where MinorsSensitive(j) (CN: PIPL
  // Art. 28), `subject_minor_under_14` makes every kind of PI sensitive; it changes nothing
  // for EU (GDPR Art. 9 has no such rule). Unknown entities are treated as non-sensitive PI.
  bool IsSensitive(std::string_view entity, Jurisdiction j,
                   bool subject_minor_under_14 = false) const;

  // The PI categories sensitive in `j` under `reading`. Under either reading, where
  // MinorsSensitive(j) "minors" is one (all PI of a child under 14 is sensitive, PIPL Art. 28).
  std::set<std::string> SensitiveCategories(Jurisdiction j, SensitiveCategoryReading reading) const;

  // The citation text for a basis key ("PIPL-28"), or "" when unknown.
  std::string_view Citation(std::string_view key) const;

  const std::vector<PiCategory>& categories() const { return categories_; }
  const std::vector<EntityClassification>& entities() const { return entities_; }
  // The age below which all of a person's PI is sensitive in the PRC (14) and its basis: the
  // limit every caller passes to IsMinor (below). 14 when no taxonomy was loaded.
  int minor_age_limit() const { return minor_age_limit_; }
  const std::vector<std::string>& minor_basis() const { return minor_basis_; }
  // Whether all PI of a minor is sensitive in `j` (minors.sensitive: PIPL Art. 28 yes, GDPR
  // no). True for CN and false for EU when no taxonomy was loaded or the file does not say.
  bool MinorsSensitive(Jurisdiction j) const {
    return j == Jurisdiction::kCN ? minors_sensitive_cn_ : minors_sensitive_eu_;
  }

 private:
  std::vector<PiCategory> categories_;
  std::vector<EntityClassification> entities_;
  std::map<std::string, std::string, std::less<>> sources_;
  int minor_age_limit_ = 14;
  bool minors_sensitive_cn_ = true;
  bool minors_sensitive_eu_ = false;
  std::vector<std::string> minor_basis_;
};

// PIPL Art. 28 / 31: true when a person born on `birth` is under `age_limit` years of age
// (不满十四周岁 for Taxonomy::minor_age_limit(), 14) on `as_of`. The one rule every caller
// (scan, transfer) counts minors with. Ages in PRC law are counted in full years and a person
// reaches an age on the day AFTER the birthday (the Supreme People's Court rule for 周岁, the
// cautious reading for PIPL too), so the 14th birthday itself is still "under 14"; for someone
// born on 29 February the birthday in a common year is 28 February. A birth date after `as_of`
// counts as under age.
bool IsMinor(CivilDate birth, CivilDate as_of, int age_limit);

// The earliest birth date that IsMinor(birth, as_of, age_limit) accepts: IsMinor holds exactly
// for births on or after it (AddYears never reorders dates, so the minors form one range). Lets
// a scan compare one date per row instead of re-deriving the birthday. REQUIRES: age_limit >= 0.
CivilDate FirstMinorBirthDate(CivilDate as_of, int age_limit);

}  // namespace xb

#endif  // XBORDER_TAXONOMY_TAXONOMY_H_
