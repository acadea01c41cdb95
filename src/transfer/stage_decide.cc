// Decide (transfer_stages.h): the legal decision with the counts computed from the data and
// the ledger's exact history.
#include "rules/engine.h"
#include "transfer/ledger_history.h"
#include "transfer/transfer_stages.h"

namespace xb::transfer {

namespace {

Result<rules::Decision> DecideWithLedger(TransferContext& ctx) {
  LedgerHistorySource history(
      ctx.ledger, ctx.key.id,
      ctx.ledger ? "the ledger's distinct keyed-hash counts, de-duplicated against this transfer"
                 : "no ledger to read (a dry run creates none)");
  history.DeduplicateAgainst(ctx.sent.individuals, ctx.sent.sensitive);
  rules::Engine engine(ctx.rules->rules, ctx.rules->calendar);
  return engine.Assess(ctx.facts, history, rules::AssessOptions{}, ctx.outcome.as_of);
}

bool SameConsequence(const rules::Decision& a, const rules::Decision& b) {
  return a.outcome == b.outcome && a.mechanisms == b.mechanisms && a.exemption == b.exemption;
}

}  // namespace

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
  // Read before the history: an append landing in between makes RecheckDecision look again.
  if (ctx.ledger) {
    XB_ASSIGN_OR_RETURN(ledger::TreeHead head, ctx.ledger->Head());
    ctx.decided_at_size = head.size;
  }
  XB_ASSIGN_OR_RETURN(o.decision, DecideWithLedger(ctx));
  ctx.Lap("decide");
  return Status::Ok();
}

Result<std::optional<rules::Decision>> RecheckDecision(TransferContext& ctx) {
  XB_ASSIGN_OR_RETURN(ledger::TreeHead head, ctx.ledger->Head());
  if (head.size == ctx.decided_at_size) return std::optional<rules::Decision>();
  XB_ASSIGN_OR_RETURN(rules::Decision now, DecideWithLedger(ctx));
  if (SameConsequence(now, ctx.outcome.decision)) return std::optional<rules::Decision>();
  return std::optional<rules::Decision>(std::move(now));
}

}  // namespace xb::transfer
