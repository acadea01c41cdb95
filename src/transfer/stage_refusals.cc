// CollectRefusals (transfer_stages.h): every reason the transfer may not go ahead, and the
// warnings that do not stop it. Reasons and warnings end up in the ledger and the package's
// SUMMARY.txt: they name datasets as the plan lists them, columns by ColumnFate::Reference()
// (a name that is itself personal data is replaced by the column's position), and never quote
// a cell value.
#include "registry/plan_recipient.h"
#include "rules/decision_render.h"
#include "transfer/transfer_stages.h"

namespace xb::transfer {
namespace {

void DecisionRefusals(TransferContext& ctx) {
  TransferOutcome& o = ctx.outcome;
  switch (o.decision.outcome) {
    case rules::Outcome::kProhibited:
      o.refusal_reasons.push_back("the transfer is prohibited: " +
                                  rules::DecisionHeadline(o.decision));
      break;
    case rules::Outcome::kUndetermined: {
      std::string facts_list;
      for (const auto& f : o.decision.missing_facts)
        facts_list += (facts_list.empty() ? "" : ", ") + f;
      o.refusal_reasons.push_back("the decision is undetermined; state these facts in the plan: " +
                                  facts_list);
      break;
    }
    case rules::Outcome::kMechanismRequired: {
      const MechanismTerms& terms = ctx.mechanism_terms;
      for (auto& p : MechanismProblems(ctx.mechanism, o.decision.mechanisms, o.as_of, terms)) {
        o.refusal_reasons.push_back(p);
      }
      if (ctx.mechanism) {
        for (auto& w : MechanismWarnings(*ctx.mechanism, terms)) o.warnings.push_back(w);
      }
      break;
    }
    default:
      break;
  }
}

void DatasetRefusals(TransferContext& ctx) {
  TransferOutcome& o = ctx.outcome;
  for (const DatasetReport& d : o.datasets) {
    for (const ColumnFate& f : d.columns) {
      if (!f.unnecessary) continue;
      std::string msg = d.source + ": " + f.Reference() + " (" + f.category +
                        ") is beyond the categories the purpose needs (PIPL Art. 6)";
      if (ctx.options.strict) {
        o.refusal_reasons.push_back(msg);
      } else {
        o.warnings.push_back(msg + "; drop it in the policy, or list the category");
      }
    }
    if (o.consent_mode == ConsentMode::kStrict && d.consent.without_valid_consent() > 0) {
      o.refusal_reasons.push_back(
          d.source + ": " + std::to_string(d.consent.without_valid_consent()) +
          " individuals lack valid consent (consent: strict; PIPL Art. 39)");
    }
    if (o.consent_mode == ConsentMode::kStrict && d.consent.unidentified_rows > 0) {
      o.refusal_reasons.push_back(
          d.source + ": " + std::to_string(d.consent.unidentified_rows) +
          " rows name no identifiable individual, so consent cannot be checked");
    }
  }
  uint64_t rows_in = 0, rows_out = 0;
  for (const DatasetReport& d : o.datasets) {
    rows_in += d.rows_in;
    rows_out += d.rows_out;
  }
  if (rows_in > 0 && rows_out == 0) {
    o.refusal_reasons.push_back(
        "no row is left to send: no individual in the datasets has valid "
        "consent for this recipient, purpose and categories (PIPL Art. 39)");
  }
  if (o.consent_mode == ConsentMode::kNone && o.individuals > 0) {
    o.warnings.push_back(
        "consent was not checked (consent: none): PIPL Art. 39 separate consent "
        "must rest on another record or legal basis");
  }
}

}  // namespace

void CollectRefusals(TransferContext& ctx) {
  if (ctx.registered) {
    for (auto& reason : registry::PlanConflicts(*ctx.registered, ctx.facts, ctx.outcome.as_of))
      ctx.outcome.refusal_reasons.push_back(std::move(reason));
  }
  DecisionRefusals(ctx);
  DatasetRefusals(ctx);
}

}  // namespace xb::transfer
