#include "migrate/migrate.h"

#include "ledger/open_ledger.h"
#include "migrate/inventory.h"
#include "pg/url.h"

namespace xb::migrate {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// The copy must be the same log: same size, root, signed head and verifier key.
Status CheckSame(const MigrateReport& r, const std::string& note_before,
                 const std::string& note_after) {
  if (!r.after.ok) return Internal("the copy does not verify: " + r.after.problem);
  if (r.after.size != r.before.size || r.after.root != r.before.root ||
      r.after.verifier_key != r.before.verifier_key || note_after != note_before) {
    return Internal("the copy verifies but is not the same log (size, root or checkpoint differ)");
  }
  return Status::Ok();
}

}  // namespace

Result<MigrateReport> MigrateDatabase(const MigrateOptions& options) {
  if (options.from == options.to) {
    return InvalidArgument("--from and --to name the same database",
                           {pg::DisplayDb(options.to), 0, "--to"});
  }
  XB_ASSIGN_OR_RETURN(std::vector<std::string> unmovable, UnmovableData(options.from));
  if (!unmovable.empty()) {
    return FailedPrecondition(
        "the source holds data that cannot be moved yet (only the ledger "
        "can, so far): " +
            Join(unmovable),
        {pg::DisplayDb(options.from)});
  }
  XB_ASSIGN_OR_RETURN(auto source_store,
                      ledger::OpenLedgerStore(options.from, ledger::LedgerAccess::kRead));
  XB_ASSIGN_OR_RETURN(auto source, ledger::Ledger::Open(std::move(source_store), std::nullopt));

  MigrateReport report;
  std::string note_before;
  // One snapshot of the source for the check and the copy: an append to the source meanwhile
  // is neither verified nor copied.
  Status copied = source->store().WithSnapshot([&]() -> Status {
    XB_ASSIGN_OR_RETURN(report.before, source->Verify(std::nullopt, options.trusted_key));
    if (!report.before.ok) {
      return FailedPrecondition("the source ledger does not verify (" + report.before.problem +
                                    "); only a sound ledger is migrated",
                                {pg::DisplayDb(options.from)});
    }
    XB_ASSIGN_OR_RETURN(note_before, source->CheckpointNote());
    XB_ASSIGN_OR_RETURN(auto target,
                        ledger::OpenLedgerStore(options.to, ledger::LedgerAccess::kAppend));
    auto result = ledger::CopyLedger(source->store(), *target);
    if (!result.ok()) {
      Error e = std::move(result).error();
      if (e.where.file.empty()) e.where.file = pg::DisplayDb(options.to);
      return e;
    }
    report.ledger = *result;
    return Status::Ok();
  });
  XB_RETURN_IF_ERROR(copied);
  report.moved.push_back("ledger");

  XB_ASSIGN_OR_RETURN(auto target_store,
                      ledger::OpenLedgerStore(options.to, ledger::LedgerAccess::kRead));
  XB_ASSIGN_OR_RETURN(auto target, ledger::Ledger::Open(std::move(target_store), std::nullopt));
  XB_ASSIGN_OR_RETURN(report.after, target->Verify(std::nullopt, options.trusted_key));
  XB_ASSIGN_OR_RETURN(std::string note_after, target->CheckpointNote());
  XB_RETURN_IF_ERROR(CheckSame(report, note_before, note_after));
  return report;
}

}  // namespace xb::migrate
