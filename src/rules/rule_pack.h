// Rule packs: the law as data (DESIGN.md §6, docs/rules.md). One YAML file per instrument under
// rules/<jurisdiction>/; each rule has an id, a citation, in-force dates, a condition over named
// facts (condition.h), a precedence and a consequence: a decision, an obligation or a notice.
//
// Loading validates everything a lawyer can get wrong, with file:line: YAML syntax, unknown keys
// (with the closest known key), unknown facts and symbols, condition syntax, duplicate rule ids,
// bad dates, and ambiguous precedence (two decision rules of one jurisdiction with the same
// precedence, overlapping in-force dates and different consequences). Conflicts are resolved by
// precedence only; file order never matters.
//
// Thread-safety: a loaded RuleSet is immutable; share it between threads.
#ifndef XBORDER_RULES_RULE_PACK_H_
#define XBORDER_RULES_RULE_PACK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/civil_date.h"
#include "core/status.h"
#include "rules/condition.h"
#include "rules/fact_model.h"

namespace xb::rules {

enum class Outcome : uint8_t { kExempt, kMechanismRequired, kProhibited, kUndetermined };
const char* OutcomeName(Outcome outcome);  // the stable JSON vocabulary, e.g. "mechanism_required"

struct Consequence {
  Outcome outcome = Outcome::kUndetermined;
  uint64_t mechanisms = 0;  // bits of decision.mechanisms' vocabulary
  int64_t exemption = 0;    // index in decision.exemption's vocabulary; 0 = "none"
  friend bool operator==(const Consequence&, const Consequence&) = default;
};

// The names of the mechanisms whose bits `mask` sets (decision.mechanisms' vocabulary), in
// vocabulary order.
std::vector<std::string> MechanismNames(const FactModel& model, uint64_t mask);

struct Citation {
  std::string
      instrument;  // e.g. "Provisions on Promoting and Regulating Cross-Border Data Flows (2024)"
  std::string article;    // "5"
  std::string paragraph;  // "2", "last"
  std::string item;       // "4"
  std::string see;        // further citations, free text
  // "<instrument>, Art. 5(4)"; "Art. 7, para. last"; "; see ..." appended when set.
  std::string ToString() const;
};

// A deadline relative to as_of: add years, then months, then days, then working days (PRC
// calendar). All zero with present = false means "no date set by law".
struct DueSpec {
  bool present = false;
  // Count from the day the plan's mechanism of the obligation's path took effect
  // (`from: mechanism.effective`), when the plan gives it; else from as_of.
  bool from_mechanism_effective = false;
  int years = 0;
  int months = 0;
  int days = 0;
  int working_days = 0;
  // An hour limit counted from the event `basis` names (an incident's discovery, becoming aware
  // of a breach): such a duty has no calendar date until the event, so the engine computes
  // none and reports the hours (ObligationResult::due_hours). Never combined with the counts
  // above or with `from`.
  int hours = 0;
  std::string basis;  // what the date means, e.g. "10 working days after the contract takes effect
                      // (assumed: as_of)"
};

struct ObligationSpec {
  std::string id;     // stable, e.g. "separate_consent"
  std::string title;  // one line for people
  std::string detail;
  std::vector<std::string> items;  // checklists, e.g. the six Art. 39 disclosures
  // Per item, the hour limit it states (`- {text: ..., hours: N}`), 0 for none; as long as
  // `items`. Tiers of one duty (the incident-reporting measures' 1, 2 and 4 hours).
  std::vector<int> item_hours;
  DueSpec due;
  // The mechanism whose path the duty belongs to ("standard_contract"), or "" for a duty owed
  // whichever path is taken. The engine lists it only when the decision offers that mechanism.
  std::string mechanism;
  int mechanism_bit = -1;  // its bit in decision.mechanisms, -1 when none
};

enum class RuleKind : uint8_t { kDecision, kObligation, kNotice };

struct Rule {
  std::string id;
  std::string file;
  int line = 0;
  RuleKind kind = RuleKind::kDecision;
  int64_t jurisdiction = 0;  // index in the jurisdiction vocabulary
  CivilDate from;
  std::optional<CivilDate> until;  // last day in force, inclusive
  int precedence = 0;              // smaller wins
  Condition when;
  Consequence then;           // kDecision
  ObligationSpec obligation;  // kObligation
  std::string notice;         // kNotice
  Citation cite;
  std::string citation;  // cite.ToString(), computed once at load
  std::string tag;       // V, R or M (digest confidence)
  std::string note;
  std::string instrument;  // instrument id

  bool InForce(CivilDate d) const { return from <= d && (!until || d <= *until); }
};

struct FactDefault {
  int fact = 0;
  Interval value;
  int64_t jurisdiction = 0;
  CivilDate from;
  std::optional<CivilDate> until;
  Citation cite;
  std::string tag;  // V, R or M
  std::string note;
  // Shown under "Notes" when the default was applied and another value of the fact could change
  // what a rule in force decides or lists (e.g. "state the sector"); "" = never.
  std::string notice;
  std::string file;
  int line = 0;
  bool InForce(CivilDate d) const { return from <= d && (!until || d <= *until); }
};

struct Instrument {
  std::string id;
  std::string title;
  std::string citation;
  std::string issuer;
  std::string source;
  std::string tag;
  int64_t jurisdiction = 0;
  CivilDate from;
  std::optional<CivilDate> until;
  std::string file;
  // An FTZ list: bits of the exporter.ftz values (zones) it covers; 0 for other instruments.
  // The engine sets exporter.ftz_list_in_force from it and the instrument's dates.
  uint64_t zones = 0;
  bool InForce(CivilDate d) const { return from <= d && (!until || d <= *until); }
};

struct PackSource {
  std::string name;  // shown in errors, e.g. "rules/cn/pipl-2021.yaml"
  std::string text;
};

class RuleSet {
 public:
  // Loads every *.yaml file under `dir` (recursively). Errors: kNotFound when `dir` is missing
  // or holds no pack; kParse with file:line for anything wrong inside a pack.
  static Result<RuleSet> LoadDirectory(const std::string& dir);
  // Loads packs from memory (tests, fuzzing). Same errors as LoadDirectory.
  static Result<RuleSet> LoadSources(const std::vector<PackSource>& sources);

  const FactModel& model() const { return model_; }
  const std::vector<Rule>& rules() const { return rules_; }
  const std::vector<FactDefault>& defaults() const { return defaults_; }
  const std::vector<Instrument>& instruments() const { return instruments_; }
  // The first day any rule of `jurisdiction` is in force; nullopt if it has none.
  std::optional<CivilDate> EarliestRule(int64_t jurisdiction) const;

 private:
  FactModel model_;
  std::vector<Rule> rules_;  // sorted by (jurisdiction, kind, precedence, id)
  std::vector<FactDefault> defaults_;
  std::vector<Instrument> instruments_;
  std::vector<std::optional<CivilDate>> earliest_;  // by jurisdiction: EarliestRule's answer
};

}  // namespace xb::rules

#endif  // XBORDER_RULES_RULE_PACK_H_
