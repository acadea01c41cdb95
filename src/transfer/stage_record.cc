// RecordRefusal and RecordTransfer (transfer_stages.h): the ledger entry, and for a transfer
// the package it describes.
#include "ledger/signing_key.h"
#include "rules/decision_render.h"
#include "rules/history_source.h"
#include "transfer/entry_json.h"
#include "transfer/package_recovery.h"
#include "transfer/package_seal.h"
#include "transfer/transfer_stages.h"

namespace xb::transfer {
using nlohmann::json;

namespace {

void NoteAppend(TransferOutcome& o, const ledger::AppendResult& appended) {
  o.ledger_index = appended.first_index;
  o.ledger_size = appended.size;
  o.ledger_root = appended.root;
}

RecordedRecipient LedgerRecipient(const TransferContext& ctx) {
  return RecipientForLedger(ctx.plan, ctx.registered, *ctx.subject_hasher);
}

// The entry names every data file's digest, so package and entry can be matched.
json TransferEntry(const TransferContext& ctx, const PackageBuilder& package,
                   const std::string& policy_sha256) {
  json entry = EntryJson(ctx.outcome, ctx.plan, LedgerRecipient(ctx), ctx.mechanism,
                         ctx.mechanism_terms, policy_sha256);
  json files = json::object();
  for (const PackageFile& f : package.files()) files[f.name] = f.sha256;
  entry["files"] = files;
  if (!ctx.seal_to.empty()) entry["sealed_to"] = SealedToJson(ctx.seal_to);
  return entry;
}

// The entry with its subjects, and the follow-up naming the package's staging folder, which
// the append records with the entry's index (package_recovery.h).
ledger::TransferRecord TransferRecordFor(const TransferContext& ctx, const json& entry,
                                         const PackageBuilder& package) {
  const TransferOutcome& o = ctx.outcome;
  ledger::TransferRecord record;
  record.entry_json = entry.dump();
  record.group = {ctx.key.id, ctx.plan.exporter_name.value_or(""), o.as_of.year(),
                  rules::CountsTowardThresholds(rules::OutcomeName(o.decision.outcome),
                                                o.decision.exemption.value_or(""))};
  record.individuals = ctx.sent.individuals;
  record.sensitive = ctx.sent.sensitive;
  record.follow_up = ledger::FollowUp{
      package.staging_dir(), PackageFollowUpNote(package.staging_dir(), package.final_dir()),
      std::nullopt};
  return record;
}

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

// After the entry's commit: the package moves into place and its follow-up is closed. A crash
// or a failure here leaves the follow-up for the next transfer to roll forward.
Status MoveIntoPlace(TransferContext& ctx, PackageBuilder& package, uint64_t index) {
  TransferOutcome& o = ctx.outcome;
  const std::string staging = package.staging_dir();
  if (Status moved = package.Commit(); !moved.ok()) {
    package.Detach();
    return IoError("the transfer is recorded as ledger entry " + std::to_string(index) +
                       ", but its package could not be moved into place (" + moved.error().message +
                       "); the next transfer moves it there from " + staging,
                   {o.package_dir});
  }
  if (Status closed = ctx.ledger->CloseFollowUp(staging); !closed.ok()) {
    o.warnings.push_back("the package is in place, but its ledger note could not be closed (" +
                         closed.error().message + "); the next transfer closes it");
  }
  return Status::Ok();
}

}  // namespace

Status RecordRefusal(TransferContext& ctx) {
  TransferOutcome& o = ctx.outcome;
  o.status = TransferStatus::kRefused;
  std::vector<std::string> entry = {
      EntryJson(o, ctx.plan, LedgerRecipient(ctx), ctx.mechanism, ctx.mechanism_terms, "").dump()};
  // Under the key its consent lookup used: a refusal found with a key a rotation retired
  // meanwhile is no refusal, and is not recorded.
  XB_ASSIGN_OR_RETURN(ledger::AppendResult appended, ctx.ledger->Append(entry, ctx.key.id));
  NoteAppend(o, appended);
  ctx.Lap("ledger");
  return Status::Ok();
}

namespace {

// The signed manifest names the index the entry is about to get, and the entry records the
// manifest's hash: written before the append, on the ledger's size as it is now. When another
// append takes that index first (a concurrent transfer of any exporter), the attempt is
// abandoned and made again on the new size.
constexpr int kManifestAttempts = 8;

// The entry as recorded at ledger index `index`: the manifest naming that index is written,
// signed, and its hash added to the entry (signed first: the entry records the hash).
Result<json> SignManifestAt(TransferContext& ctx, const std::string& manifest_path,
                            const json& entry, const std::string& policy_sha256,
                            const ledger::SigningKey& key, uint64_t index) {
  const json manifest = ManifestJson(ctx.outcome, entry, ctx.mechanism, policy_sha256, index);
  XB_ASSIGN_OR_RETURN(std::string manifest_sha256,
                      WriteSignedManifest(manifest_path, manifest.dump(2) + "\n", index, key));
  // Tests make another append take `index` here, as a concurrent transfer would.
  if (ctx.options.fault) XB_RETURN_IF_ERROR(ctx.options.fault("signed:manifest.json"));
  json signed_entry = entry;
  signed_entry["manifest_sha256"] = manifest_sha256;
  return signed_entry;
}

// How one append attempt ended.
struct AppendAttempt {
  Status status;
  uint64_t first_index = 0;                // when status is ok
  std::optional<rules::Decision> changed;  // the re-check under the write lock decided otherwise
  bool index_taken = false;                // another entry took the manifest's index first
};

// Appends `record`, whose manifest names ledger index `index`. Two transfers of one exporter may
// run at once, so the decision is made again under the write lock, with every transfer
// recorded so far. The summary names the new root, so it is written inside the append's
// transaction; the package moves into place only once the entry is durable (package_recovery.h).
AppendAttempt TryAppend(TransferContext& ctx, PackageBuilder& package,
                        const ledger::TransferRecord& record, uint64_t index,
                        const ledger::SigningKey& key) {
  AppendAttempt attempt;
  ledger::Ledger::TransferHooks hooks;
  hooks.before_write = [&]() -> Status {
    XB_ASSIGN_OR_RETURN(attempt.changed, RecheckDecision(ctx));
    if (attempt.changed) return FailedPrecondition("the decision changed while the transfer ran");
    XB_ASSIGN_OR_RETURN(ledger::TreeHead now, ctx.ledger->Head());
    attempt.index_taken = now.size != index;
    if (attempt.index_taken) {
      return FailedPrecondition("another entry took the manifest's ledger index");
    }
    return Status::Ok();
  };
  // Every folder of the staging tree is synced before the commit: the entry must never be
  // durable while the names of the files it describes are not.
  hooks.before_commit = [&](const ledger::AppendResult& appended) -> Status {
    NoteAppend(ctx.outcome, appended);
    // The summary names the new root, so it cannot be in the manifest: it is signed on its own,
    // so that a recipient can tell it came from this transfer (verify-package checks both).
    XB_ASSIGN_OR_RETURN(
        std::string summary,
        AddPackageFile(package, "SUMMARY.txt", OutcomeToText(ctx.outcome), ctx.seal_to));
    XB_RETURN_IF_ERROR(
        SignPackageFile(package.StagingPath(summary), summary, appended.first_index, key));
    return package.SyncStaging();
  };
  auto appended = ctx.ledger->AppendTransfer(record, hooks);
  if (appended.ok()) {
    attempt.first_index = appended->first_index;
  } else {
    attempt.status = std::move(appended).error();
  }
  return attempt;
}

}  // namespace

Status RecordTransfer(TransferContext& ctx, PackageBuilder& package,
                      const std::string& policy_sha256) {
  TransferOutcome& o = ctx.outcome;
  o.package_dir = package.final_dir();
  o.status = TransferStatus::kCompleted;
  const json entry = TransferEntry(ctx, package, policy_sha256);
  // Until the append commits, a failure abandons the package and closes its follow-up (best
  // effort: the next transfer closes a follow-up whose staging folder is gone).
  const std::string staging = package.staging_dir();
  auto abandon_package = [&] {
    package.Abandon();
    (void)ctx.ledger->CloseFollowUp(staging);
  };
  auto abandon = [&](Error error) -> Status {
    abandon_package();
    return error;
  };
  if (ctx.options.before_append) ctx.options.before_append();
  auto key = ledger::LoadSigningKey(ledger::SigningKeyPathFor(ctx.options.key_path));
  if (!key.ok()) return abandon(std::move(key).error());
  auto manifest_path = package.PrepareFile("manifest.json");
  if (!manifest_path.ok()) return abandon(std::move(manifest_path).error());

  for (int attempt_number = 1;; ++attempt_number) {
    auto head = ctx.ledger->Head();
    if (!head.ok()) return abandon(std::move(head).error());
    auto signed_entry = SignManifestAt(ctx, *manifest_path, entry, policy_sha256, *key, head->size);
    if (!signed_entry.ok()) return abandon(std::move(signed_entry).error());
    AppendAttempt attempt =
        TryAppend(ctx, package, TransferRecordFor(ctx, *signed_entry, package), head->size, *key);
    if (attempt.status.ok()) {
      XB_RETURN_IF_ERROR(MoveIntoPlace(ctx, package, attempt.first_index));
      ctx.Lap("ledger");
      return Status::Ok();
    }
    if (attempt.index_taken && attempt_number < kManifestAttempts) continue;
    if (!attempt.changed) return abandon(std::move(attempt.status).error());
    abandon_package();
    return RefuseChangedDecision(ctx, std::move(*attempt.changed));
  }
}

}  // namespace xb::transfer
