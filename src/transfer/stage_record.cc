// RecordRefusal and RecordTransfer (transfer_stages.h): the ledger entry, and for a transfer
// the package it describes.
#include "rules/decision_render.h"
#include "transfer/entry_json.h"
#include "transfer/transfer_stages.h"

namespace xb::transfer {
using nlohmann::json;

namespace {

void NoteAppend(TransferOutcome& o, const ledger::AppendResult& appended) {
  o.ledger_index = appended.first_index;
  o.ledger_size = appended.size;
  o.ledger_root = appended.root;
}

}  // namespace

Status RecordRefusal(TransferContext& ctx) {
  TransferOutcome& o = ctx.outcome;
  o.status = TransferStatus::kRefused;
  std::vector<std::string> entry = {EntryJson(o, ctx.plan, ctx.mechanism, "").dump()};
  XB_ASSIGN_OR_RETURN(ledger::AppendResult appended, ctx.ledger->Append(entry));
  NoteAppend(o, appended);
  ctx.Lap("ledger");
  return Status::Ok();
}

namespace {

// The decision changed under the write lock: refuse, saying why, with the decision as it now
// stands.
Status RefuseChangedDecision(TransferContext& ctx, rules::Decision now) {
  TransferOutcome& o = ctx.outcome;
  o.package_dir.clear();
  o.refusal_reasons.push_back(
      "while this transfer ran, another transfer of " + ctx.plan.exporter_name.value_or("") +
      " was recorded, and with it the cumulative volumes lead to a different decision: " +
      rules::DecisionHeadline(now) + " (this transfer was decided as: " +
      rules::DecisionHeadline(o.decision) + "); check the plan and run the transfer again");
  o.decision = std::move(now);
  return RecordRefusal(ctx);
}

}  // namespace

Status RecordTransfer(TransferContext& ctx, PackageBuilder& package,
                      const std::string& policy_sha256) {
  TransferOutcome& o = ctx.outcome;
  o.package_dir = package.final_dir();
  o.status = TransferStatus::kCompleted;

  // The entry names every data file's digest, so package and entry can be matched.
  json entry = EntryJson(o, ctx.plan, ctx.mechanism, policy_sha256);
  json files = json::object();
  for (const PackageFile& f : package.files()) files[f.name] = f.sha256;
  entry["files"] = files;

  ledger::TransferRecord record;
  record.entry_json = entry.dump();
  record.group = {ctx.key.id, ctx.plan.exporter_name.value_or(""), o.as_of.year(),
                  o.decision.outcome != rules::Outcome::kExempt};
  record.individuals = ctx.sent.individuals;
  record.sensitive = ctx.sent.sensitive;

  auto finish_package = [&](const ledger::AppendResult& appended) -> Status {
    NoteAppend(o, appended);
    json manifest = ManifestJson(o, entry, ctx.mechanism, policy_sha256, appended);
    XB_RETURN_IF_ERROR(package.AddFile("manifest.json", manifest.dump(2) + "\n"));
    XB_RETURN_IF_ERROR(package.AddFile("SUMMARY.txt", OutcomeToText(o)));
    return package.Commit();
  };
  // Two transfers of one exporter may run at once: decide again under the write lock, with
  // every transfer recorded so far, and refuse if the decision changed.
  std::optional<rules::Decision> changed;
  ledger::Ledger::TransferHooks hooks;
  hooks.before_write = [&]() -> Status {
    XB_ASSIGN_OR_RETURN(changed, RecheckDecision(ctx));
    if (changed) return FailedPrecondition("the decision changed while the transfer ran");
    return Status::Ok();
  };
  hooks.before_commit = finish_package;
  auto appended = ctx.ledger->AppendTransfer(record, hooks);
  if (!appended.ok()) {
    if (!changed) return std::move(appended).error();
    package.Abandon();
    return RefuseChangedDecision(ctx, std::move(*changed));
  }
  ctx.Lap("ledger");
  return Status::Ok();
}

}  // namespace xb::transfer
