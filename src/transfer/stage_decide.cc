// Decide (transfer_stages.h): the legal decision with the counts computed from the data and
// the ledger's exact history.
#include "rules/engine.h"
#include "transfer/ledger_history.h"
#include "transfer/transfer_stages.h"

namespace xb::transfer {

Status Decide(TransferContext& ctx) {
  TransferOutcome& o = ctx.outcome;
  ctx.facts = ctx.plan;
  rules::Plan& facts = ctx.facts;
  facts.as_of = o.as_of;
  facts.individuals = static_cast<int64_t>(o.individuals);
  facts.sensitive_individuals = static_cast<int64_t>(o.sensitive_individuals);
  facts.categories = o.categories;
  if (!facts.personal_information) {
    facts.personal_information = ctx.any_pi_column || o.individuals > 0;
  }
  LedgerHistorySource history(
      ctx.ledger.get(), ctx.key.id,
      "the ledger's distinct keyed-hash counts, de-duplicated against this transfer");
  history.DeduplicateAgainst(ctx.sent.individuals, ctx.sent.sensitive);
  rules::Engine engine(ctx.rules->rules, ctx.rules->calendar);
  XB_ASSIGN_OR_RETURN(o.decision, engine.Assess(facts, history, rules::AssessOptions{}, o.as_of));
  ctx.Lap("decide");
  return Status::Ok();
}

}  // namespace xb::transfer
