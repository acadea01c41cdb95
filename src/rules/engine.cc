#include "rules/engine.h"

#include <algorithm>
#include <set>

namespace xb::rules {
namespace {

// Facts the walk may split on: small closed vocabularies. Counts, dates, countries and sets are
// reasoned about as intervals instead (splitting them would not be bounded).
bool Splittable(const FactModel& model, int fact) {
  const FactInfo& f = model.info(fact);
  return f.type == FactType::kBool || (f.type == FactType::kEnum && f.vocabulary.size() <= 16);
}

uint64_t UnknownMask(const FactVector& facts) {
  uint64_t mask = 0;
  for (int i = 0; i < kNumFacts; ++i) {
    if (!facts[i].known()) mask |= uint64_t{1} << i;
  }
  return mask;
}

struct Leaf {
  Consequence consequence;
  int rule = -1;
};

bool SameConsequences(const std::vector<Leaf>& a, const std::vector<Leaf>& b) {
  auto has = [](const std::vector<Leaf>& v, const Consequence& c) {
    return std::any_of(v.begin(), v.end(), [&](const Leaf& l) { return l.consequence == c; });
  };
  for (const auto& l : a) {
    if (!has(b, l.consequence)) return false;
  }
  for (const auto& l : b) {
    if (!has(a, l.consequence)) return false;
  }
  return true;
}

void AddLeaf(std::vector<Leaf>* out, const Leaf& leaf) {
  for (const auto& l : *out) {
    if (l.consequence == leaf.consequence && l.rule == leaf.rule) return;
  }
  out->push_back(leaf);
}

size_t DistinctConsequences(const std::vector<Leaf>& leaves) {
  std::vector<Consequence> seen;
  for (const auto& l : leaves) {
    if (std::find(seen.begin(), seen.end(), l.consequence) == seen.end())
      seen.push_back(l.consequence);
  }
  return seen.size();
}

// The bounded search over missing facts.
class Explorer {
 public:
  Explorer(const RuleSet& set, const std::vector<int>& order, CivilDate as_of, int budget)
      : set_(set), order_(order), as_of_(as_of), budget_(budget) {}

  std::vector<Leaf> Explore(const FactVector& facts, size_t i, int depth) {
    if (depth > 96) return {Leaf{}};  // give up: undetermined
    for (; i < order_.size(); ++i) {
      const Rule& r = set_.rules()[order_[i]];
      if (!r.InForce(as_of_)) continue;
      const Interval t = r.when.Evaluate(facts);
      if (t.lo == 1) return {Leaf{r.then, order_[i]}};
      if (t.hi == 0) continue;
      const uint64_t unknown = r.when.fact_mask() & UnknownMask(facts);
      touched_ |= unknown;
      int split = -1;
      for (int f = 0; f < kNumFacts; ++f) {
        if ((unknown >> f & 1) && Splittable(set_.model(), f)) {
          split = f;
          break;
        }
      }
      const Interval range = split >= 0 ? facts[split] : Interval{};
      const int64_t n = range.hi - range.lo + 1;
      if (split >= 0 && budget_ >= n) {
        budget_ -= static_cast<int>(n);
        std::vector<Leaf> all;
        std::vector<Leaf> first;
        bool differ = false;
        for (int64_t v = range.lo; v <= range.hi; ++v) {
          FactVector branch = facts;
          branch[split] = {v, v};
          std::vector<Leaf> leaves = Explore(branch, i, depth + 1);
          if (v == range.lo)
            first = leaves;
          else if (!SameConsequences(first, leaves))
            differ = true;
          for (const auto& l : leaves) AddLeaf(&all, l);
        }
        if (differ) relevant_ |= uint64_t{1} << split;
        return all;
      }
      // Cannot split (a count, or the budget is spent): the rule may or may not apply.
      std::vector<Leaf> rest = Explore(facts, i + 1, depth + 1);
      if (!(DistinctConsequences(rest) == 1 && rest[0].consequence == r.then)) relevant_ |= unknown;
      AddLeaf(&rest, Leaf{r.then, order_[i]});
      return rest;
    }
    return {Leaf{}};  // no rule decides
  }

  uint64_t relevant() const { return relevant_; }
  uint64_t touched() const { return touched_; }

 private:
  const RuleSet& set_;
  const std::vector<int>& order_;
  CivilDate as_of_;
  int budget_;
  uint64_t relevant_ = 0;
  uint64_t touched_ = 0;
};

std::optional<std::string> ExemptionName(const FactModel& model, int64_t idx) {
  if (idx <= 0) return std::nullopt;
  return model.info(kDecisionExemption).vocabulary[idx];
}

FiredRule Fired(const Rule& r) { return {r.id, r.citation, r.tag, r.note}; }

std::string DescribeValue(const FactModel& model, int fact, Interval v) {
  const FactInfo& f = model.info(fact);
  switch (f.type) {
    case FactType::kBool:
      return v.lo ? "true" : "false";
    case FactType::kCount:
      return std::to_string(v.lo);
    case FactType::kEnum:
      return f.vocabulary[v.lo];
    case FactType::kSet: {
      std::string s = "[";
      for (size_t i = 0; i < f.vocabulary.size(); ++i) {
        if (v.lo >> i & 1) s += (s.size() > 1 ? ", " : "") + f.vocabulary[i];
      }
      return s + "]";
    }
    default:
      return "?";
  }
}

// The names of the facts in `mask`, comma-separated.
std::string FactNames(const FactModel& model, uint64_t mask) {
  std::string names;
  for (int i = 0; i < kNumFacts; ++i) {
    if (mask >> i & 1) names += (names.empty() ? "" : ", ") + model.info(i).name;
  }
  return names;
}

// ---- Prepare's steps ----

// The plan's own statements. Values outside a fact's vocabulary cannot reach here (the plan
// reader rejects them), so a symbol that does not resolve is left unknown.
void SetPlanFacts(const FactModel& model, const Plan& plan, FactVector* facts) {
  FactVector& f = *facts;
  auto set_bool = [&](int id, const std::optional<bool>& v) {
    if (v) f[id] = {*v, *v};
  };
  auto set_count = [&](int id, const std::optional<int64_t>& v) {
    if (v) f[id] = {*v, *v};
  };
  auto set_enum = [&](int id, const std::optional<std::string>& v) {
    if (!v) return;
    if (auto idx = model.SymbolIndex(id, *v)) f[id] = {*idx, *idx};
  };
  auto set_list = [&](int id, const std::optional<std::vector<std::string>>& v) {
    if (!v) return;
    int64_t mask = 0;
    for (const auto& s : *v) {
      if (auto idx = model.SymbolIndex(id, s)) mask |= int64_t{1} << *idx;
    }
    f[id] = {mask, mask};
  };
  set_bool(kExporterCiio, plan.exporter_ciio);
  set_bool(kExporterStateOrgan, plan.exporter_state_organ);
  set_enum(kExporterFtz, plan.exporter_ftz);
  set_count(kExporterIndividualsProcessed, plan.exporter_individuals_processed);
  set_enum(kExporterRole, plan.exporter_role);
  set_enum(kExporterSector, plan.exporter_sector);
  set_bool(kExporterOutsideChina, plan.exporter_outside_china);
  set_bool(kExporterGbaCity, plan.exporter_gba_city);
  set_bool(kExporterPublicAuthority, plan.exporter_public_authority);
  if (plan.recipient_country) {
    int64_t c = *EncodeCountry(*plan.recipient_country);
    f[kRecipientCountry] = {c, c};
  }
  set_enum(kRecipientKind, plan.recipient_kind);
  set_bool(kRecipientRestrictedList, plan.recipient_restricted_list);
  set_bool(kRecipientDpfCertified, plan.recipient_dpf_certified);
  set_enum(kRecipientRole, plan.recipient_role);
  set_enum(kRecipientOrganisation, plan.recipient_organisation);
  set_bool(kRecipientPrivacyShieldCertified, plan.recipient_privacy_shield_certified);
  set_bool(kRecipientReciprocalMeasures, plan.recipient_reciprocal_measures);
  set_enum(kPurpose, plan.purpose);
  set_list(kApprovals, plan.approvals);
  set_enum(kDerogation, plan.derogation);
  set_bool(kDataPersonalInformation, plan.personal_information);
  set_bool(kDataImportantData, plan.important_data);
  set_bool(kDataOnFtzNegativeList, plan.on_ftz_negative_list);
  set_bool(kDataCollectedAbroad, plan.collected_abroad);
  set_bool(kDataDomesticDataAdded, plan.domestic_data_added);
  set_count(kDataIndividuals, plan.individuals);
  set_count(kDataSensitiveIndividuals, plan.sensitive_individuals);
  set_list(kDataCategories, plan.categories);
  set_list(kDataSubjects, plan.subjects);
  set_bool(kDataIndividualsAreParties, plan.individuals_are_parties);
  set_bool(kDataFtzSectorCovered, plan.ftz_sector_covered);
}

// A plan that counts individuals carries PI, whether or not it says so.
void InferPersonalInformation(const Plan& plan, PreparedFacts* out) {
  if (plan.personal_information) return;
  if ((plan.individuals && *plan.individuals > 0) ||
      (plan.sensitive_individuals && *plan.sensitive_individuals > 0)) {
    out->facts[kDataPersonalInformation] = {1, 1};
    out->assumptions.push_back(
        "data.personal_information not stated: true, since the plan counts individuals");
  }
}

// The plan's history block; figures it leaves out count as 0, with an assumption line.
ExporterHistory PlanBlockHistory(const PlanHistory& p, std::vector<std::string>* assumptions) {
  ExporterHistory e;
  e.year_to_date = {p.individuals_ytd.value_or(0), p.sensitive_individuals_ytd.value_or(0),
                    p.exempt_individuals_ytd.value_or(0),
                    p.exempt_sensitive_individuals_ytd.value_or(0)};
  e.since_prev_year = {p.individuals_since_prev_year.value_or(0),
                       p.sensitive_individuals_since_prev_year.value_or(0),
                       p.exempt_individuals_since_prev_year.value_or(0),
                       p.exempt_sensitive_individuals_since_prev_year.value_or(0)};
  if (!p.individuals_ytd || !p.sensitive_individuals_ytd || !p.individuals_since_prev_year ||
      !p.sensitive_individuals_since_prev_year) {
    assumptions->push_back("history: figures the block leaves out are taken as 0");
  }
  return e;
}

// The history.* facts: counted transfers, plus exempt ones with --count-exempt (digest CN-C-04).
void SetHistoryFacts(const ExporterHistory& h, bool with_exempt, PreparedFacts* out) {
  auto total = [&](int64_t counted, int64_t exempt) {
    return counted + (with_exempt ? exempt : 0);
  };
  const VolumeFigures& y = h.year_to_date;
  const VolumeFigures& p = h.since_prev_year;
  const int64_t v[4] = {total(y.individuals_counted, y.individuals_exempt),
                        total(y.sensitive_individuals_counted, y.sensitive_individuals_exempt),
                        total(p.individuals_counted, p.individuals_exempt),
                        total(p.sensitive_individuals_counted, p.sensitive_individuals_exempt)};
  const int ids[4] = {kHistoryIndividualsYtd, kHistorySensitiveIndividualsYtd,
                      kHistoryIndividualsSincePrevYear, kHistorySensitiveIndividualsSincePrevYear};
  for (int i = 0; i < 4; ++i) out->facts[ids[i]] = {v[i], v[i]};
  const int64_t exempt = y.individuals_exempt + y.sensitive_individuals_exempt;
  if (!with_exempt && exempt > 0) {
    out->warnings.push_back(std::to_string(exempt) +
                            " individuals sent this year under an exemption are not counted toward "
                            "the thresholds (digest CN-C-04: a practitioner reading, not confirmed "
                            "in an official text); --count-exempt counts them");
  }
}

// History: the plan's block, else the source, else zero or unknown (AssessOptions).
Status AddHistory(const Plan& plan, HistorySource& history, const AssessOptions& options,
                  PreparedFacts* out) {
  std::optional<ExporterHistory> h;
  if (plan.has_history) {
    h = PlanBlockHistory(plan.history, &out->assumptions);
  } else {
    XB_ASSIGN_OR_RETURN(h, history.Lookup(plan.exporter_name.value_or(""), out->as_of));
    if (h) {
      out->assumptions.push_back("history read from " + history.Describe());
    } else if (options.history_unknown_when_missing) {
      out->assumptions.push_back("history: no plan block and " + history.Describe() +
                                 "; earlier transfers are unknown");
    } else {
      out->assumptions.push_back("history: no plan block and " + history.Describe() +
                                 "; assumed nothing was sent abroad earlier (0). Add a `history` "
                                 "block if it was");
      h = ExporterHistory{};
    }
  }
  if (h) SetHistoryFacts(*h, options.count_exempt_transfers, out);
  return Status::Ok();
}

// ---- Explain's steps ----

// The leaf that decides, or -1 (undetermined). Either every branch reaches the same consequence;
// or every branch is exempt, on different grounds: then the exemption whose rule holds whatever
// the missing facts are decides (the smallest precedence of those) - the plan has not said
// enough to claim the others, but the transfer is exempt either way, and `*either_way` is set.
int DecidingLeaf(const RuleSet& set, const std::vector<Leaf>& leaves, const FactVector& facts,
                 bool* either_way) {
  *either_way = false;
  if (DistinctConsequences(leaves) == 1) return leaves[0].rule >= 0 ? 0 : -1;
  int best = -1;
  for (size_t i = 0; i < leaves.size(); ++i) {
    if (leaves[i].rule < 0 || leaves[i].consequence.outcome != Outcome::kExempt) return -1;
    const Rule& r = set.rules()[leaves[i].rule];
    if (r.when.Evaluate(facts).lo != 1) continue;
    if (best < 0 || r.precedence < set.rules()[leaves[best].rule].precedence) {
      best = static_cast<int>(i);
    }
  }
  *either_way = best >= 0;
  return best;
}

// The notice of an "exempt either way" decision: which facts were not given, and which other
// exemptions stating them could bring (each with its own conditions, duties and notices).
FiredRule EitherWayNotice(const RuleSet& set, const std::vector<Leaf>& leaves, int chosen,
                          uint64_t missing) {
  const FactModel& model = set.model();
  const Rule& winner = set.rules()[leaves[chosen].rule];
  std::string others;
  for (size_t i = 0; i < leaves.size(); ++i) {
    if (static_cast<int>(i) == chosen) continue;
    auto name = ExemptionName(model, leaves[i].consequence.exemption);
    if (name && others.find(*name) == std::string::npos) {
      others += (others.empty() ? "" : " or ") + *name;
    }
  }
  FiredRule n = Fired(winner);
  n.note = FactNames(model, missing) +
           " not stated: the transfer is exempt on every reading. It is decided on " +
           ExemptionName(model, leaves[chosen].consequence.exemption).value_or("") +
           ", which holds whatever the answer; stating it may show that " + others +
           " applies instead, with its own conditions and notices.";
  return n;
}

void SetDecisionFacts(const Consequence& c, FactVector* after) {
  const int64_t outcome = static_cast<int64_t>(c.outcome);
  (*after)[kDecisionOutcome] = {outcome, outcome};
  (*after)[kDecisionMechanisms] = {static_cast<int64_t>(c.mechanisms),
                                   static_cast<int64_t>(c.mechanisms)};
  (*after)[kDecisionExemption] = {c.exemption, c.exemption};
}

// The decision, its basis, and the later rules that hold: "overrides" when they decide
// otherwise, "also" (concurring) when they decide the same.
void ExplainDecided(const RuleSet& set, const std::vector<int>& decisions, const Leaf& winner,
                    const FactVector& facts, CivilDate as_of, Decision* d) {
  const auto& all = set.rules();
  const Consequence& c = winner.consequence;
  d->outcome = c.outcome;
  d->mechanisms = MechanismNames(set.model(), c.mechanisms);
  d->exemption = ExemptionName(set.model(), c.exemption);
  const int winner_precedence = all[winner.rule].precedence;
  std::vector<int> basis = {winner.rule};
  // Rules before the winner's precedence cannot hold (the walk would have stopped at them), so
  // they are not evaluated again.
  for (int idx : decisions) {
    const Rule& r = all[idx];
    if (r.precedence < winner_precedence || idx == winner.rule || !r.InForce(as_of) ||
        r.when.Evaluate(facts).lo != 1) {
      continue;
    }
    if (r.then == c && r.precedence == winner_precedence)
      basis.push_back(idx);
    else if (!(r.then == c) && r.precedence > winner_precedence)
      d->overridden.push_back(Fired(r));
    else if (r.then == c && r.precedence > winner_precedence)
      d->concurring.push_back(Fired(r));  // e.g. a verified volume rule behind a sector rule
  }
  for (int idx : decisions) {
    if (std::find(basis.begin(), basis.end(), idx) != basis.end())
      d->basis.push_back(Fired(all[idx]));
  }
}

// An undetermined decision: the facts to state, what each branch would decide, and decision.*
// bounded by the branches so that an obligation that holds on every branch is listed firmly.
void ExplainUndetermined(const RuleSet& set, const std::vector<Leaf>& leaves, uint64_t missing,
                         FactVector* after, Decision* d) {
  const FactModel& model = set.model();
  d->outcome = Outcome::kUndetermined;
  for (int i = 0; i < kNumFacts; ++i) {
    if (missing >> i & 1) d->missing_facts.push_back(model.info(i).name);
  }
  std::sort(d->missing_facts.begin(), d->missing_facts.end());
  uint64_t must = ~uint64_t{0}, may = 0;
  int64_t out_lo = kCountMax, out_hi = 0, ex_lo = kCountMax, ex_hi = 0;
  for (const auto& l : leaves) {
    PossibleDecision p;
    p.outcome = l.consequence.outcome;
    p.mechanisms = MechanismNames(model, l.consequence.mechanisms);
    p.exemption = ExemptionName(model, l.consequence.exemption);
    p.rule = l.rule >= 0 ? set.rules()[l.rule].id : "";
    d->possible.push_back(std::move(p));
    must &= l.consequence.mechanisms;
    may |= l.consequence.mechanisms;
    const int64_t o = static_cast<int64_t>(l.consequence.outcome);
    out_lo = std::min(out_lo, o);
    out_hi = std::max(out_hi, o);
    ex_lo = std::min(ex_lo, l.consequence.exemption);
    ex_hi = std::max(ex_hi, l.consequence.exemption);
  }
  if (leaves.size() == 1 && leaves[0].rule < 0) {
    d->warnings.push_back("no rule in force decides this plan; the rule packs may have a gap");
  }
  (*after)[kDecisionOutcome] = {out_lo, out_hi};
  (*after)[kDecisionMechanisms] = {static_cast<int64_t>(must), static_cast<int64_t>(may)};
  (*after)[kDecisionExemption] = {ex_lo, ex_hi};
}

// An obligation rule that holds, before its text is copied (ListObligations).
struct ObligationPick {
  int rule;
  bool when_uncertain;  // its condition depends on missing facts
  bool path_uncertain;  // only some undetermined branches offer its mechanism
  bool provisional;     // the due date crosses a year without a published holiday notice
  bool start_assumed;   // counted from as_of for want of the plan's mechanism date
  std::optional<CivilDate> due;
};

void RenderObligation(const Rule& r, const ObligationPick& p, ObligationResult* out) {
  ObligationResult& o = *out;
  o.id = r.obligation.id;
  o.title = r.obligation.title;
  o.detail = r.obligation.detail;
  o.items = r.obligation.items;
  o.citation = r.citation;
  o.rule = r.id;
  o.tag = r.tag;
  o.mechanism = r.obligation.mechanism;
  o.conditional = p.when_uncertain || p.path_uncertain;
  if (p.when_uncertain) {
    o.condition = r.when.text();
  } else if (p.path_uncertain) {
    o.condition = o.mechanism + " in decision.mechanisms";
  }
  if (r.obligation.due.hours > 0) {
    o.due_hours = r.obligation.due.hours;
    o.due_basis = r.obligation.due.basis;
  }
  if (p.due) {
    o.due = p.due;
    o.due_provisional = p.provisional;
    o.due_basis = r.obligation.due.basis;
    if (p.start_assumed) {
      o.due_basis +=
          " (assumed: as_of - the plan gives no " + o.mechanism + " mechanism.effective date)";
    }
  }
}

}  // namespace

Engine::Engine(const RuleSet& rules, const WorkCalendar& calendar)
    : rules_(rules), calendar_(calendar) {
  by_jurisdiction_.resize(rules.model().info(kJurisdiction).vocabulary.size());
  const auto& all = rules.rules();
  // A dense number per obligation id, so that deduplication compares integers, not strings.
  obligation_slot_.assign(all.size(), 0);
  std::vector<std::string> ids;
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].kind != RuleKind::kObligation) continue;
    auto it = std::find(ids.begin(), ids.end(), all[i].obligation.id);
    obligation_slot_[i] = static_cast<int>(it - ids.begin());
    if (it == ids.end()) ids.push_back(all[i].obligation.id);
  }
  obligation_ids_ = ids.size();
  for (const Instrument& i : rules.instruments()) {
    if (i.zones != 0) ftz_lists_.push_back(&i);
  }
  // The assumption line each default adds when a plan is silent, rendered once.
  const FactModel& model = rules.model();
  for (const FactDefault& d : rules.defaults()) {
    default_lines_.push_back(model.info(d.fact).name +
                             " not stated: " + DescribeValue(model, d.fact, d.value) + " — " +
                             d.note + " (" + d.cite.ToString() + ")");
  }
  for (size_t i = 0; i < all.size(); ++i) {
    JurisdictionRules& j = by_jurisdiction_[all[i].jurisdiction];
    switch (all[i].kind) {
      case RuleKind::kDecision:
        j.decisions.push_back(static_cast<int>(i));
        break;
      case RuleKind::kObligation:
        j.obligations.push_back(static_cast<int>(i));
        break;
      case RuleKind::kNotice:
        j.notices.push_back(static_cast<int>(i));
        break;
    }
  }
}

const Engine::JurisdictionRules& Engine::For(int64_t jurisdiction) const {
  return by_jurisdiction_[static_cast<size_t>(jurisdiction)];
}

Status Engine::SelectRules(const Plan& plan, std::optional<CivilDate> as_of_override,
                           PreparedFacts* out) const {
  const FactModel& model = rules_.model();
  if (as_of_override) {
    out->as_of = *as_of_override;
  } else if (plan.as_of) {
    out->as_of = *plan.as_of;
  } else {
    out->as_of = CivilDate::TodayInChina();
    out->assumptions.push_back("as_of not stated: today's date in China (" + out->as_of.ToString() +
                               ") used");
  }
  out->facts[kAsOf] = {out->as_of.days_since_epoch(), out->as_of.days_since_epoch()};
  const std::string jurisdiction = plan.jurisdiction.value_or("CN");
  if (!plan.jurisdiction)
    out->assumptions.push_back("jurisdiction not stated: CN (PRC export) assumed");
  out->jurisdiction = *model.SymbolIndex(kJurisdiction, jurisdiction);
  out->facts[kJurisdiction] = {out->jurisdiction, out->jurisdiction};
  auto earliest = rules_.EarliestRule(out->jurisdiction);
  if (!earliest || out->as_of < *earliest) {
    return InvalidArgument("no " + jurisdiction + " rules in force on " + out->as_of.ToString() +
                               (earliest ? ": the earliest takes effect on " + earliest->ToString()
                                         : ": the packs have none"),
                           Location(plan.file, as_of_override ? 0 : plan.LineOf("as_of"),
                                    as_of_override ? "--as-of" : "as_of"));
  }
  return Status::Ok();
}

void Engine::ApplyDefaults(PreparedFacts* out) const {
  const auto& defaults = rules_.defaults();
  for (size_t i = 0; i < defaults.size(); ++i) {
    const FactDefault& d = defaults[i];
    if (d.jurisdiction != out->jurisdiction || !d.InForce(out->as_of) ||
        out->facts[d.fact].known()) {
      continue;
    }
    out->facts[d.fact] = d.value;
    out->assumptions.push_back(default_lines_[i]);
    out->defaulted |= uint64_t{1} << d.fact;
  }
}

void Engine::SetFtzListInForce(PreparedFacts* out) const {
  const Interval zone = out->facts[kExporterFtz];
  if (!zone.known()) return;
  bool listed = false;
  for (const Instrument* i : ftz_lists_) {
    listed |=
        i->jurisdiction == out->jurisdiction && (i->zones >> zone.lo & 1) && i->InForce(out->as_of);
  }
  out->facts[kExporterFtzListInForce] = {listed, listed};
}

Result<PreparedFacts> Engine::Prepare(const Plan& plan, HistorySource& history,
                                      const AssessOptions& options,
                                      std::optional<CivilDate> as_of_override) const {
  PreparedFacts out;
  for (int i = 0; i < kNumFacts; ++i) out.facts[i] = rules_.model().Unknown(i);
  XB_RETURN_IF_ERROR(SelectRules(plan, as_of_override, &out));
  SetPlanFacts(rules_.model(), plan, &out.facts);
  InferPersonalInformation(plan, &out);
  out.facts[kOptionsCountExemptTransfers] = {options.count_exempt_transfers,
                                             options.count_exempt_transfers};
  XB_RETURN_IF_ERROR(AddHistory(plan, history, options, &out));
  ApplyDefaults(&out);
  SetFtzListInForce(&out);
  if (plan.mechanism) {
    XB_ASSIGN_OR_RETURN(MechanismDates dates, ReadMechanismDates(*plan.mechanism, plan.file));
    out.mechanism_type = std::move(dates.type);
    out.mechanism_effective = dates.effective;
  }
  return out;
}

CoreDecision Engine::DecideCore(const FactVector& facts, CivilDate as_of,
                                int64_t jurisdiction) const {
  CoreDecision out;
  const auto& all = rules_.rules();
  for (int idx : For(jurisdiction).decisions) {
    const Rule& r = all[idx];
    if (!r.InForce(as_of)) continue;
    const Interval t = r.when.Evaluate(facts);
    if (t.hi == 0) continue;
    if (t.lo == 1) {
      out.determined = true;
      out.consequence = r.then;
      out.rule = idx;
    }
    return out;  // true, or unknown: the slow path explains
  }
  out.determined = true;  // no rule decides: consequence stays undetermined
  return out;
}

Decision Engine::Decide(const PreparedFacts& prepared, const AssessOptions& options) const {
  Decision d;
  d.assumptions = prepared.assumptions;
  d.warnings = prepared.warnings;
  Explain(prepared, options, &d);
  return d;
}

Decision Engine::Decide(PreparedFacts&& prepared, const AssessOptions& options) const {
  Decision d;
  d.assumptions = std::move(prepared.assumptions);
  d.warnings = std::move(prepared.warnings);
  Explain(prepared, options, &d);
  return d;
}

void Engine::Explain(const PreparedFacts& prepared, const AssessOptions& options,
                     Decision* d) const {
  const FactModel& model = rules_.model();
  const JurisdictionRules& jr = For(prepared.jurisdiction);
  const FactVector& facts = prepared.facts;
  d->as_of = prepared.as_of;
  d->jurisdiction = model.info(kJurisdiction).vocabulary[prepared.jurisdiction];

  // Fast path: every fact the walk reads is known, so the first rule that holds decides.
  Explorer explorer(rules_, jr.decisions, prepared.as_of, options.max_branches);
  std::vector<Leaf> leaves;
  CoreDecision core = DecideCore(facts, prepared.as_of, prepared.jurisdiction);
  if (core.determined) {
    leaves.push_back(Leaf{core.consequence, core.rule});
  } else {
    leaves = explorer.Explore(facts, 0, 0);
  }

  bool either_way = false;
  const int chosen = DecidingLeaf(rules_, leaves, facts, &either_way);
  FactVector after = facts;  // facts plus decision.* for obligations and notices
  const uint64_t unstated = explorer.touched() & UnknownMask(facts);
  if (chosen >= 0) {
    ExplainDecided(rules_, jr.decisions, leaves[chosen], facts, prepared.as_of, d);
    SetDecisionFacts(leaves[chosen].consequence, &after);
    const uint64_t named = either_way ? explorer.relevant() : 0;
    if (either_way) d->notices.push_back(EitherWayNotice(rules_, leaves, chosen, named));
    if ((unstated & ~named) != 0) {
      d->assumptions.push_back("not stated: " + FactNames(model, unstated & ~named) +
                               " — decided anyway: every possible value leads to this decision");
    }
  } else {
    const uint64_t missing = explorer.relevant() != 0 ? explorer.relevant() : explorer.touched();
    ExplainUndetermined(rules_, leaves, missing, &after, d);
  }
  ListObligations(prepared, after, d);
  ListNotices(prepared, after, d);
  AddDefaultNotices(prepared, after, d);
}

std::optional<CivilDate> Engine::MechanismStart(const PreparedFacts& prepared,
                                                const ObligationSpec& o) const {
  if (!o.due.from_mechanism_effective || prepared.mechanism_type != o.mechanism) {
    return std::nullopt;
  }
  return prepared.mechanism_effective;
}

// Obligations: deduplicated by id, in precedence order; then listed in date order, event-driven
// duties (no date) last. The order is settled on small records before any text is copied.
void Engine::ListObligations(const PreparedFacts& prepared, const FactVector& after,
                             Decision* d) const {
  const auto& all = rules_.rules();
  std::vector<ObligationPick> picks;
  picks.reserve(16);
  std::vector<char> seen(obligation_ids_, 0);
  for (int idx : For(prepared.jurisdiction).obligations) {
    const Rule& r = all[idx];
    if (!r.InForce(prepared.as_of) || seen[obligation_slot_[idx]]) continue;
    bool path_uncertain = false;
    if (r.obligation.mechanism_bit >= 0) {
      // A path's own duty: listed when the decision offers that mechanism, conditionally when
      // only some of the undetermined branches do.
      const uint64_t bit = uint64_t{1} << r.obligation.mechanism_bit;
      const Interval& offered = after[kDecisionMechanisms];
      if ((static_cast<uint64_t>(offered.hi) & bit) == 0) continue;
      path_uncertain = (static_cast<uint64_t>(offered.lo) & bit) == 0;
    }
    const Interval t = r.when.Evaluate(after);
    if (t.hi == 0) continue;
    seen[obligation_slot_[idx]] = 1;
    ObligationPick p{idx, t.lo == 0, path_uncertain, false, false, std::nullopt};
    if (r.obligation.due.present && r.obligation.due.hours == 0) {
      const std::optional<CivilDate> start = MechanismStart(prepared, r.obligation);
      p.start_assumed = r.obligation.due.from_mechanism_effective && !start;
      p.due = DueDate(r.obligation.due, start.value_or(prepared.as_of), calendar_, &p.provisional);
    }
    picks.push_back(p);
  }
  std::stable_sort(picks.begin(), picks.end(),
                   [](const ObligationPick& a, const ObligationPick& b) {
                     if (a.due.has_value() != b.due.has_value()) return a.due.has_value();
                     return a.due && *a.due < *b.due;
                   });
  d->obligations.resize(picks.size());
  for (size_t i = 0; i < picks.size(); ++i) {
    RenderObligation(all[picks[i].rule], picks[i], &d->obligations[i]);
  }
}

void Engine::ListNotices(const PreparedFacts& prepared, const FactVector& after,
                         Decision* d) const {
  const auto& all = rules_.rules();
  for (int idx : For(prepared.jurisdiction).notices) {
    const Rule& r = all[idx];
    if (!r.InForce(prepared.as_of) || r.when.Evaluate(after).lo != 1)
      continue;  // only notices that hold
    FiredRule n = Fired(r);
    n.note = r.notice;
    d->notices.push_back(std::move(n));
  }
}

// A default "matters" when a rule in force that reads its fact would evaluate differently had
// the fact been left unknown: some other value could then change what that rule decides or
// lists. Decision rules read no decision.* facts, so `after` serves every kind of rule.
void Engine::AddDefaultNotices(const PreparedFacts& prepared, const FactVector& after,
                               Decision* d) const {
  const auto& all = rules_.rules();
  const JurisdictionRules& jr = For(prepared.jurisdiction);
  uint64_t asked = 0;  // one notice per fact, though two packs may document its default
  for (const FactDefault& def : rules_.defaults()) {
    if (def.notice.empty() || !(prepared.defaulted >> def.fact & 1) || (asked >> def.fact & 1) ||
        def.jurisdiction != prepared.jurisdiction || !def.InForce(prepared.as_of)) {
      continue;
    }
    FactVector open = after;
    open[def.fact] = rules_.model().Unknown(def.fact);
    bool matters = false;
    for (const std::vector<int>* kind : {&jr.decisions, &jr.obligations, &jr.notices}) {
      for (int idx : *kind) {
        const Rule& r = all[idx];
        if (matters || !(r.when.fact_mask() >> def.fact & 1) || !r.InForce(prepared.as_of)) {
          continue;
        }
        matters = !(r.when.Evaluate(open) == r.when.Evaluate(after));
      }
    }
    if (!matters) continue;
    asked |= uint64_t{1} << def.fact;
    d->notices.push_back({"default:" + rules_.model().info(def.fact).name, def.cite.ToString(),
                          def.tag, def.notice});
  }
}

CivilDate DueDate(const DueSpec& due, CivilDate start, const WorkCalendar& calendar,
                  bool* provisional) {
  CivilDate date = start;
  // Years, then months, then days (docs/rules.md): clamping at a month's end depends on it.
  if (due.years != 0) date = date.AddYears(due.years);
  if (due.months != 0) date = date.AddMonths(due.months);
  if (due.days != 0) date = date.AddDays(due.days);
  bool crossed = false;
  if (due.working_days != 0) {
    CivilDate before = date;
    date = calendar.AddWorkingDays(date, due.working_days);
    crossed = calendar.ProvisionalBetween(before, date);
  }
  if (provisional != nullptr) *provisional = crossed;
  return date;
}

std::optional<ObligationDue> Engine::DueFrom(std::string_view obligation_id, CivilDate start,
                                             CivilDate in_force_on) const {
  for (const Rule& r : rules_.rules()) {
    if (r.kind != RuleKind::kObligation || r.obligation.id != obligation_id ||
        !r.obligation.due.present || r.obligation.due.hours > 0 || !r.InForce(in_force_on)) {
      continue;
    }
    ObligationDue due;
    due.date = DueDate(r.obligation.due, start, calendar_, &due.provisional);
    due.citation = r.citation;
    due.rule = r.id;
    return due;
  }
  return std::nullopt;
}

Result<Decision> Engine::Assess(const Plan& plan, HistorySource& history,
                                const AssessOptions& options,
                                std::optional<CivilDate> as_of_override) const {
  XB_ASSIGN_OR_RETURN(PreparedFacts prepared, Prepare(plan, history, options, as_of_override));
  return Decide(std::move(prepared), options);
}

}  // namespace xb::rules
