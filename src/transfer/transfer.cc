#include "transfer/transfer.h"

#include <filesystem>

#include "core/out_of_memory.h"
#include "transfer/transfer_stages.h"

namespace xb::transfer {
namespace fs = std::filesystem;

void TransferContext::Lap(std::string_view stage) {
  auto now = std::chrono::steady_clock::now();
  double seconds = std::chrono::duration<double>(now - lap_start).count();
  lap_start = now;
  for (auto& [name, total] : outcome.timings) {
    if (name == stage) {
      total += seconds;
      return;
    }
  }
  outcome.timings.emplace_back(stage, seconds);
}

std::string ColumnFate::DisplayName() const {
  return name_holds_data ? "column " + std::to_string(position) : name;
}

std::string ColumnFate::Reference() const {
  if (name_holds_data || name_generated) return "column " + std::to_string(position);
  return "column '" + name + "'";
}

std::string DefaultPackageDir(const std::string& plan_path, CivilDate as_of) {
  fs::path plan(plan_path);
  return (plan.parent_path() / "out" / (plan.stem().string() + "-" + as_of.ToString())).string();
}

namespace {

// RunTransfer, except that memory exhaustion throws std::bad_alloc; `where` follows the stages.
Result<TransferOutcome> RunStages(const TransferOptions& options, TransferStage* where) {
  TransferContext ctx(options);
  ctx.where = where;
  XB_RETURN_IF_ERROR(LoadInputs(ctx));
  where->name = "scanning and loading the datasets";
  XB_RETURN_IF_ERROR(IdentifyDatasets(ctx));
  where->name = "checking consent";
  FilterByConsent(ctx);
  where->name = "counting the individuals";
  CountWhatLeaves(ctx);
  where->name = "deciding";
  XB_RETURN_IF_ERROR(Decide(ctx));
  CollectRefusals(ctx);
  if (options.dry_run) {
    ctx.outcome.status = TransferStatus::kDryRun;
    return std::move(ctx.outcome);
  }
  if (!ctx.outcome.refusal_reasons.empty()) {
    where->name = "recording the refusal";
    XB_RETURN_IF_ERROR(RecordRefusal(ctx));
    return std::move(ctx.outcome);
  }
  where->name = "protecting and packaging the datasets";
  std::string policy_sha256;
  XB_ASSIGN_OR_RETURN(PackageBuilder package, ProtectAndPackage(ctx, &policy_sha256));
  where->name = "recording the transfer";
  where->file.clear();
  XB_RETURN_IF_ERROR(RecordTransfer(ctx, package, policy_sha256));
  return std::move(ctx.outcome);
}

}  // namespace

Result<TransferOutcome> RunTransfer(const TransferOptions& options) {
  // The one boundary for the whole pipeline: by the time the error is made, the context (tables,
  // subject lists) has been freed, and a package under construction removed (PackageBuilder).
  TransferStage where;
  return CatchOutOfMemory(
      [&] { return RunStages(options, &where); }, [&] { return where.name; },
      [&] { return Location(where.file.empty() ? options.plan_path : where.file); });
}

std::string PlanFileIn(const std::string& plan_folder, const std::string& plan_path) {
  if (plan_folder.empty()) return plan_path;
  return (fs::path(plan_folder) / fs::path(plan_path).filename()).string();
}

}  // namespace xb::transfer
