// The decision engine: plan → facts → decision, basis, obligations, missing facts, assumptions
// (DESIGN.md §5). Rules are data (rule_pack.h); this file holds only the procedure:
//
//  1. Prepare: read the plan's facts into a flat FactVector, apply the defaults the rule packs
//     document (each becomes an assumption line), fill history from the plan or a HistorySource.
//  2. Decide: walk the decision rules in force on as_of for the jurisdiction in precedence order;
//     the first rule whose condition holds decides. A condition that cannot be evaluated because
//     a fact is missing splits the walk over that fact's possible values (bools and enums; counts
//     are reasoned about as intervals). If every branch reaches the same consequence, that is the
//     decision; otherwise the decision is `undetermined` and `missing_facts` lists the facts whose
//     value changes it. The search is bounded (AssessOptions::max_branches).
//  3. Obligations and notices: every obligation rule in force whose condition holds (it may read
//     the decision through decision.*), with its due date computed from as_of on the PRC
//     working-day calendar.
//
// Thread-safety: an Engine is immutable; Assess/Decide are const and may run concurrently.
#ifndef XBORDER_RULES_ENGINE_H_
#define XBORDER_RULES_ENGINE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_date.h"
#include "core/status.h"
#include "core/work_calendar.h"
#include "rules/fact_model.h"
#include "rules/history_source.h"
#include "rules/plan.h"
#include "rules/rule_pack.h"

namespace xb::rules {

struct AssessOptions {
  // Count transfers made under an exemption toward the thresholds (digest CN-C-04; default: no).
  bool count_exempt_transfers = false;
  // Without a history block and without ledger figures: assume nothing was sent earlier (0, with
  // an assumption line), or treat the history as unknown (then it is a missing fact whenever it
  // could change the decision).
  bool history_unknown_when_missing = false;
  // Upper bound on the branches explored over missing facts.
  int max_branches = 512;
};

struct FiredRule {
  std::string rule;
  std::string citation;
  std::string tag;  // V, R, M
  std::string note;
};

struct ObligationResult {
  std::string id;
  std::string title;
  std::string detail;
  std::vector<std::string> items;
  std::string citation;
  std::string rule;
  std::string tag;
  std::string mechanism;  // the path it belongs to ("standard_contract"), "" = every path
  std::optional<CivilDate> due;
  std::string due_basis;
  int due_hours = 0;             // an hour limit from the event due_basis names, instead of a date
  bool due_provisional = false;  // computed through a year without a published holiday notice
  bool conditional = false;      // applies only for some values of the missing facts
  std::string condition;         // the rule's condition, when conditional
};

struct PossibleDecision {
  Outcome outcome = Outcome::kUndetermined;
  std::vector<std::string> mechanisms;
  std::optional<std::string> exemption;
  std::string rule;  // the rule that would decide
};

struct Decision {
  CivilDate as_of;
  std::string jurisdiction;
  Outcome outcome = Outcome::kUndetermined;
  std::vector<std::string> mechanisms;
  std::optional<std::string> exemption;
  std::vector<FiredRule> basis;       // the rules that decide
  std::vector<FiredRule> overridden;  // rules that also hold but lose on precedence
  std::vector<FiredRule> concurring;  // rules of a later precedence that hold and decide the same
  std::vector<ObligationResult> obligations;
  std::vector<std::string> missing_facts;  // dotted fact names, sorted
  std::vector<PossibleDecision> possible;  // when undetermined: what each branch would decide
  std::vector<std::string> assumptions;
  std::vector<FiredRule> notices;     // rule notices (cautions, disputed readings)
  std::vector<std::string> warnings;  // about the input
};

// An obligation's date counted from a given day rather than from as_of (Engine::DueFrom).
struct ObligationDue {
  CivilDate date;
  std::string citation;  // the rule's, e.g. "Standard Contract Measures (...), Art. 7"
  std::string rule;
  bool provisional = false;  // counted through a year without a published holiday notice
};

// `due` applied to `start`: years, then months, then days, then working days on `calendar`.
// *provisional (if given) is set when the working days cross a year without holiday data.
CivilDate DueDate(const DueSpec& due, CivilDate start, const WorkCalendar& calendar,
                  bool* provisional = nullptr);

// The facts of one plan, ready to decide.
struct PreparedFacts {
  FactVector facts;
  CivilDate as_of;
  int64_t jurisdiction = 0;
  std::vector<std::string> assumptions;
  std::vector<std::string> warnings;
  uint64_t defaulted = 0;  // bit i: fact i came from a pack default, the plan being silent
  // The plan's mechanism block: its type and effective date (deadlines counted from it).
  std::optional<std::string> mechanism_type;
  std::optional<CivilDate> mechanism_effective;
};

// The allocation-free core of a decision (benchmarks, batch use).
struct CoreDecision {
  bool determined = false;  // false: missing facts matter, use Decide() for the details
  Consequence consequence;
  int rule = -1;  // index into RuleSet::rules(), -1 when no rule decides
};

class Engine {
 public:
  // REQUIRES: `rules` and `calendar` outlive the engine.
  Engine(const RuleSet& rules, const WorkCalendar& calendar);

  // Builds the facts. `as_of_override` (the --as-of flag) wins over the plan. Errors
  // (kInvalidArgument, with the plan's file and the line of as_of): a date before the first rule
  // of the jurisdiction ("no rules in force"); an error from `history`.
  Result<PreparedFacts> Prepare(const Plan& plan, HistorySource& history,
                                const AssessOptions& options,
                                std::optional<CivilDate> as_of_override = std::nullopt) const;

  Decision Decide(const PreparedFacts& prepared, const AssessOptions& options = {}) const;
  // The same, taking the assumption and warning lines instead of copying them.
  Decision Decide(PreparedFacts&& prepared, const AssessOptions& options = {}) const;

  // Prepare + Decide.
  Result<Decision> Assess(const Plan& plan, HistorySource& history, const AssessOptions& options,
                          std::optional<CivilDate> as_of_override = std::nullopt) const;

  // The date obligation `obligation_id` of the rule packs falls due when counted from `start`
  // (a contract's effective date, a result's issue date) instead of as_of, by the rule in
  // force on `in_force_on`: the law's periods (10 working days to file a standard contract,
  // 3 years' validity) live in the packs, not in callers. nullopt when no rule in force then
  // has that obligation with a date.
  std::optional<ObligationDue> DueFrom(std::string_view obligation_id, CivilDate start,
                                       CivilDate in_force_on) const;

  // The decision alone; no allocation when every fact the walk reads is known.
  CoreDecision DecideCore(const FactVector& facts, CivilDate as_of, int64_t jurisdiction) const;

  const RuleSet& rules() const { return rules_; }

 private:
  struct JurisdictionRules {
    std::vector<int> decisions;  // indices into rules_.rules(), by precedence
    std::vector<int> obligations;
    std::vector<int> notices;
  };
  const JurisdictionRules& For(int64_t jurisdiction) const;
  // Prepare's steps: the date and jurisdiction that select the rules (errors as Prepare), then
  // the pack defaults for what the plan leaves out.
  Status SelectRules(const Plan& plan, std::optional<CivilDate> as_of_override,
                     PreparedFacts* out) const;
  void ApplyDefaults(PreparedFacts* out) const;
  // exporter.ftz_list_in_force: an FTZ pack in force on as_of covers the exporter's zone.
  void SetFtzListInForce(PreparedFacts* out) const;
  // Decide's body: everything but the assumption and warning lines Decide puts in `out` first.
  void Explain(const PreparedFacts& prepared, const AssessOptions& options, Decision* out) const;
  // Explain's steps. `after` is the plan's facts plus decision.*, as the walk left them.
  void ListObligations(const PreparedFacts& prepared, const FactVector& after, Decision* d) const;
  void ListNotices(const PreparedFacts& prepared, const FactVector& after, Decision* d) const;
  // A notice for each applied default whose fact, had the plan stated another value, could change
  // what a rule in force decides or lists (FactDefault::notice).
  void AddDefaultNotices(const PreparedFacts& prepared, const FactVector& after, Decision* d) const;
  // The day a deadline counts from when it is not as_of: the plan's mechanism date, if the
  // obligation counts from it (DueSpec::from_mechanism_effective) and the plan's mechanism is the
  // obligation's path. nullopt otherwise.
  std::optional<CivilDate> MechanismStart(const PreparedFacts& prepared,
                                          const ObligationSpec& o) const;

  const RuleSet& rules_;
  const WorkCalendar& calendar_;
  std::vector<JurisdictionRules> by_jurisdiction_;
  std::vector<std::string> default_lines_;    // by index in rules_.defaults(): its assumption line
  std::vector<const Instrument*> ftz_lists_;  // instruments that name zones (FTZ lists)
  std::vector<int> obligation_slot_;  // by rule index: the dense number of its obligation id
  size_t obligation_ids_ = 0;         // how many distinct obligation ids there are
};

}  // namespace xb::rules

#endif  // XBORDER_RULES_ENGINE_H_
