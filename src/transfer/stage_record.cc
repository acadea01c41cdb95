// RecordRefusal and RecordTransfer (transfer_stages.h): the ledger entry, and for a transfer
// the package it describes.
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
  XB_ASSIGN_OR_RETURN(ledger::AppendResult appended,
                      ctx.ledger->AppendTransfer(record, finish_package));
  (void)appended;
  ctx.Lap("ledger");
  return Status::Ok();
}

}  // namespace xb::transfer
