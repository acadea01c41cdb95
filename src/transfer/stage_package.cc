// ProtectAndPackage (transfer_stages.h): each dataset's kept rows, protected by its policy,
// written into a package built in staging (sealed for the recipients with --seal-to). Nothing
// appears under the package's final name until RecordTransfer moves it there.
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "protect/protect.h"
#include "protect/table_io.h"
#include "rules/decision_render.h"
#include "transfer/package_recovery.h"
#include "transfer/package_seal.h"
#include "transfer/transfer_stages.h"

namespace xb::transfer {
using nlohmann::json;

namespace {

// Closes a package's follow-up when packaging fails (its staging folder is gone with the
// PackageBuilder). Best effort: a follow-up left open is closed by the next transfer.
struct FollowUpCloser {
  ledger::Ledger* ledger;
  std::string key;
  ~FollowUpCloser() {
    if (ledger != nullptr) (void)ledger->CloseFollowUp(key);
  }
};

}  // namespace

Result<PackageBuilder> ProtectAndPackage(TransferContext& ctx, std::string* policy_sha256) {
  const TransferOptions& options = ctx.options;
  TransferOutcome& o = ctx.outcome;
  std::string package_dir =
      options.out_dir.empty() ? DefaultPackageDir(options.plan_path, o.as_of) : options.out_dir;
  // The staging folder is named in the ledger before it exists, so a crash at any later point
  // leaves a note the next transfer finishes (package_recovery.h). The note is closed on the
  // error paths here and by RecordTransfer once the package is in place.
  XB_ASSIGN_OR_RETURN(std::string staging, PackageBuilder::NewStagingPath(package_dir));
  XB_RETURN_IF_ERROR(ctx.ledger->AddFollowUp(
      staging, PackageFollowUpNote(staging, PackageBuilder::FinalPath(package_dir))));
  FollowUpCloser closer{ctx.ledger, staging};
  XB_ASSIGN_OR_RETURN(PackageBuilder package,
                      PackageBuilder::Begin(package_dir, options.fault, staging));
  protect::ProtectOptions protect_options;
  protect_options.keys.token = DeriveSubKey(ctx.key, "token");
  protect_options.keys.ff1 = DeriveSubKey(ctx.key, "ff1");
  protect_options.keys.date_shift = DeriveSubKey(ctx.key, "date-shift");
  protect_options.data_dir = ctx.rules->data_dir;
  Sha256Hasher policy_hasher;
  bool any_policy = false;
  json protect_reports = json::array();
  for (size_t i = 0; i < ctx.datasets.size(); ++i) {
    DatasetWork& w = ctx.datasets[i];
    DatasetReport& d = o.datasets[i];
    if (ctx.where != nullptr) ctx.where->file = w.shown;
    protect::Table kept = w.table.SelectRows(d.consent.keep);
    w.table = protect::Table();
    protect::Table output;
    if (w.policy) {
      protect_options.input_name = d.source;
      XB_ASSIGN_OR_RETURN(protect::ProtectOutcome protected_data,
                          protect::Protect(kept, *w.policy, protect_options));
      d.suppressed_rows = protected_data.report.suppressed_rows;
      protect_reports.push_back(json::parse(protect::ReportToJson(protected_data.report)));
      XB_ASSIGN_OR_RETURN(std::string policy_text,
                          ReadFile(w.policy->path.empty() ? options.plan_path : w.policy->path));
      policy_hasher.Update(policy_text);
      any_policy = true;
      output = std::move(protected_data.table);
    } else {
      output = std::move(kept);
    }
    const std::string& name = ctx.dataset_names[i].output;
    XB_ASSIGN_OR_RETURN(std::string staged, package.PrepareFile(name));
    XB_RETURN_IF_ERROR(protect::WriteTableCsv(output, staged));
    XB_ASSIGN_OR_RETURN(d.output, RecordPackageFile(package, name, ctx.seal_to));
  }
  *policy_sha256 = any_policy ? ToHex(policy_hasher.Finish()) : "";
  if (!protect_reports.empty()) {
    XB_RETURN_IF_ERROR(AddPackageFile(package, "protection-report.json",
                                      protect_reports.dump(2) + "\n", ctx.seal_to));
  }
  XB_RETURN_IF_ERROR(
      AddPackageFile(package, "decision.json", rules::DecisionToJson(o.decision), ctx.seal_to));
  ctx.Lap("protect");
  closer.ledger = nullptr;  // RecordTransfer's now
  return package;
}

}  // namespace xb::transfer
