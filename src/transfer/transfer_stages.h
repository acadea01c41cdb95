// The stages of `xborder transfer`, in the order RunTransfer (transfer.cc) runs them over one
// TransferContext. Each stage is one function in its own file (stage_*.cc), reads what the
// earlier stages filled in and fills in its own part of the context.
//
//   LoadInputs        rules, plan, policy, mechanism, key, classifiers, ledger, consent
//   IdentifyDatasets  per dataset: scan, load, column fates, who each row is about
//   FilterByConsent   per dataset: which rows may leave, against that dataset's categories
//   CountWhatLeaves   distinct individuals, sensitive individuals, minors, categories
//   Decide            the legal decision with these counts and the ledger's history
//   CollectRefusals   the law, the mechanism, minimum necessity, consent
//   ProtectAndPackage protect each dataset and stage the export package
//   RecordRefusal / RecordTransfer   the ledger entry (and, for a transfer, the package)
//
// Errors are bad input or storage faults (exit 2); a refusal is not an error.
#ifndef XBORDER_TRANSFER_TRANSFER_STAGES_H_
#define XBORDER_TRANSFER_TRANSFER_STAGES_H_

#include "core/status.h"
#include "transfer/package_builder.h"
#include "transfer/transfer_context.h"

namespace xb::transfer {

// Loads everything the transfer needs besides the data. Errors: a malformed plan, policy or
// mechanism, a plan without datasets, an unreadable key, rules or data directory; a ledger
// that fails its tail check (kCorruption).
Status LoadInputs(TransferContext& ctx);

// Scans, loads and identifies every dataset, filling ctx.datasets, outcome.datasets (without
// consent) and ctx.categories. Errors: an unreadable or malformed dataset; a policy naming a
// column the data lacks.
Status IdentifyDatasets(TransferContext& ctx);

// Decides, per dataset, which rows may leave under the plan's consent mode, checking each
// individual's consent against the categories that dataset sends.
void FilterByConsent(TransferContext& ctx);

// Counts what leaves after consent filtering, exactly, from keyed hashes across all datasets,
// into outcome (individuals, sensitive individuals, minors, categories) and ctx.sent.
void CountWhatLeaves(TransferContext& ctx);

// The legal decision for these counts, with the ledger's year-to-date history made exact for
// this transfer. Fills ctx.facts and outcome.decision.
Status Decide(TransferContext& ctx);

// Decides again with the ledger's history as it is now; call it under the ledger's write lock
// (Ledger::TransferHooks::before_write) so no other transfer can record in between. Returns
// the new decision when its outcome, mechanisms or exemption differ from outcome.decision,
// else nullopt (at once when nothing was recorded since Decide).
Result<std::optional<rules::Decision>> RecheckDecision(TransferContext& ctx);

// Fills outcome.refusal_reasons and outcome.warnings from the decision, the mechanism, the
// columns beyond the purpose's categories and the consent outcome. Never fails.
void CollectRefusals(TransferContext& ctx);

// Protects each dataset's kept rows with its policy and builds the package in staging: data
// files, the protection report, the decision. The caller records it (RecordTransfer).
// Errors: a policy the data cannot satisfy; storage faults (the staging folder is removed).
Result<PackageBuilder> ProtectAndPackage(TransferContext& ctx, std::string* policy_sha256);

// Records a refusal entry in the ledger (no package). Sets outcome.status and the ledger
// fields.
Status RecordRefusal(TransferContext& ctx);

// Records the transfer entry and moves the package into place, so that both exist or
// neither does. Sets outcome.status, package_dir and the ledger fields. When the decision
// changed meanwhile (RecheckDecision: another transfer of the exporter was recorded), records a
// refusal instead and abandons the package.
Status RecordTransfer(TransferContext& ctx, PackageBuilder& package,
                      const std::string& policy_sha256);

}  // namespace xb::transfer

#endif  // XBORDER_TRANSFER_TRANSFER_STAGES_H_
