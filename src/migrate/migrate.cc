#include "migrate/migrate.h"

#include <filesystem>

#include "consent/consent_store.h"
#include "ledger/key_rotation.h"
#include "ledger/open_ledger.h"
#include "ledger/sqlite_db.h"
#include "migrate/inventory.h"
#include "pg/connection.h"
#include "pg/url.h"
#include "server/account_store.h"

namespace xb::migrate {
namespace {
namespace fs = std::filesystem;

constexpr int64_t kAccessPage = 10000;

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

// A store opened read-only on a SQLite file that does not exist: nothing there.
template <class T>
bool Absent(const Result<T>& opened) {
  return !opened.ok() && opened.error().code == ErrorCode::kNotFound;
}

// What of a deployment `to` holds already ("a ledger (3 entries)", "12 consent records", ...),
// read without creating anything.
Result<std::vector<std::string>> TargetContents(const std::string& to) {
  std::vector<std::string> found;
  auto ledger_store = ledger::OpenLedgerStore(to, ledger::LedgerAccess::kRead);
  if (!Absent(ledger_store)) {
    if (!ledger_store.ok()) return ledger_store.error();
    XB_ASSIGN_OR_RETURN(ledger::StoredHead head, (*ledger_store)->ReadHead());
    auto origin = (*ledger_store)->ReadMeta("origin");
    if (head.size > 0 || !head.note.empty() || origin.ok()) {
      found.push_back("a ledger (" + std::to_string(head.size) + " entries)");
    }
  }
  auto consents = consent::ConsentStore::Open(to, consent::ConsentAccess::kRead);
  if (!Absent(consents)) {
    if (!consents.ok()) return consents.error();
    XB_ASSIGN_OR_RETURN(int64_t n, (*consents)->CountAll());
    if (n > 0) found.push_back(std::to_string(n) + " consent records");
  }
  auto accounts = server::OpenAccountStore(to, server::AccountAccess::kRead);
  if (!Absent(accounts)) {
    if (!accounts.ok()) return accounts.error();
    XB_ASSIGN_OR_RETURN(server::AccountsExport a, (*accounts)->ExportAccounts());
    XB_ASSIGN_OR_RETURN(auto access, (*accounts)->ReadAccess(0, 1));
    if (!a.users.empty()) found.push_back(std::to_string(a.users.size()) + " users");
    if (!a.sessions.empty()) found.push_back("dashboard sessions");
    if (!access.empty()) found.push_back("an access log");
  }
  return found;
}

// Undoes a failed migration's writes: a SQLite file it created is deleted; otherwise the rows of
// `tables` are deleted (the target held none of them before: TargetContents). Best effort: the
// migration's own error is what the caller reports.
void RemoveWritten(const std::string& to, bool sqlite_file_existed,
                   const std::vector<std::string_view>& tables) {
  const bool postgres = pg::IsPostgresUrl(to);
  if (!postgres && !sqlite_file_existed) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(to + suffix, ec);
    return;
  }
  // Children before parents; the ledger's own settings only (a SQLite file keeps its "schema").
  std::string sql;
  for (auto t = tables.rbegin(); t != tables.rend(); ++t) {
    if (*t == "meta") {
      sql += "DELETE FROM meta WHERE key IN ('origin', 'public_key');";
    } else {
      sql += "DELETE FROM " + std::string(*t) + ";";
    }
  }
  if (postgres) {
    auto conn = pg::Connection::Open(to);
    if (conn.ok()) (void)pg::InTransaction(**conn, "BEGIN", [&] { return (*conn)->Exec(sql); });
    return;
  }
  auto db = ledger::SqliteDb::Open(to, ledger::SqliteAccess::kReadWrite);
  if (db.ok()) (void)(*db)->Write([&] { return (*db)->Exec(sql.c_str()); });
}

// The source's consent registry and accounts, opened read-only (absent: nothing to move).
struct SourceStores {
  std::unique_ptr<consent::ConsentStore> consent;
  std::unique_ptr<server::AccountStore> accounts;
};

Result<SourceStores> OpenSources(const std::string& from) {
  SourceStores s;
  XB_ASSIGN_OR_RETURN(s.consent, consent::ConsentStore::Open(from, consent::ConsentAccess::kRead));
  XB_ASSIGN_OR_RETURN(s.accounts, server::OpenAccountStore(from, server::AccountAccess::kRead));
  return s;
}

Status CopyAccounts(server::AccountStore& from, const std::string& to, MigrateReport* report) {
  XB_ASSIGN_OR_RETURN(server::AccountsExport accounts, from.ExportAccounts());
  XB_ASSIGN_OR_RETURN(auto target, server::OpenAccountStore(to));
  XB_RETURN_IF_ERROR(target->ImportAccounts(accounts));
  report->users = accounts.users.size();
  report->sessions = accounts.sessions.size();
  for (int64_t after = 0;;) {
    XB_ASSIGN_OR_RETURN(std::vector<server::AccessRecord> page,
                        from.ReadAccess(after, kAccessPage));
    if (page.empty()) break;
    XB_RETURN_IF_ERROR(target->AppendAccess(page));
    report->access_records += page.size();
    after = page.back().id;
  }
  // Counted back from the target: every record arrived.
  uint64_t copied = 0;
  for (int64_t after = 0;;) {
    XB_ASSIGN_OR_RETURN(auto page, target->ReadAccess(after, kAccessPage));
    if (page.empty()) break;
    copied += page.size();
    after = page.back().id;
  }
  XB_ASSIGN_OR_RETURN(server::AccountsExport back, target->ExportAccounts());
  if (copied != report->access_records || back.users.size() != report->users ||
      back.sessions.size() != report->sessions) {
    return Internal("the copied accounts or access log differ from the source's");
  }
  return Status::Ok();
}

Status CopyConsent(consent::ConsentStore& from, const std::string& to, MigrateReport* report) {
  XB_ASSIGN_OR_RETURN(std::vector<consent::StoredConsent> records, from.ExportAll());
  if (records.empty()) return Status::Ok();
  XB_ASSIGN_OR_RETURN(auto target, consent::ConsentStore::Open(to));
  XB_RETURN_IF_ERROR(target->ImportStored(records));
  XB_ASSIGN_OR_RETURN(int64_t copied, target->CountAll());
  if (copied != static_cast<int64_t>(records.size())) {
    return Internal("the copied consent registry differs from the source's");
  }
  report->consent_records = records.size();
  return Status::Ok();
}

// A half-finished subject rotation leaves the stores partly re-keyed; the rotation resumes on the
// database it started on, so the move waits for it.
Status RequireNoRotationPending(ledger::Store& source, const std::string& from) {
  auto pending = source.ReadMeta(ledger::kSubjectRotationPendingMeta);
  if (!pending.ok() && pending.error().code == ErrorCode::kNotFound) return Status::Ok();
  XB_RETURN_IF_ERROR(pending);
  if (pending->empty()) return Status::Ok();
  // Bad set-up (exit 2), as the rotation's own refusals are.
  return InvalidArgument(
      "a subject key rotation is unfinished in the source; finish it with `xborder keys rotate "
      "--subject` before migrating",
      {pg::DisplayDb(from)});
}

// Everything that can refuse, before anything is written: the same database twice, data this
// program cannot move, a target that holds something already.
Status CheckMigratable(const MigrateOptions& options) {
  if (options.from == options.to) {
    return InvalidArgument("--from and --to name the same database",
                           {pg::DisplayDb(options.to), 0, "--to"});
  }
  XB_ASSIGN_OR_RETURN(std::vector<std::string> unmovable, UnmovableData(options.from));
  if (!unmovable.empty()) {
    return FailedPrecondition("the source holds data this program cannot move: " + Join(unmovable),
                              {pg::DisplayDb(options.from)});
  }
  XB_ASSIGN_OR_RETURN(std::vector<std::string> present, TargetContents(options.to));
  if (!present.empty()) {
    return FailedPrecondition(
        "the target already holds " + Join(present) + "; migrate only into an empty database",
        {pg::DisplayDb(options.to)});
  }
  return Status::Ok();
}

// What a copy wrote and read, for checking it and, when it fails, undoing it.
struct CopyState {
  std::string note_before;                // the source's signed checkpoint
  std::vector<std::string_view> written;  // tables the target may now hold rows of
};

// Verifies the source ledger and copies accounts, consent and ledger into the target, in that
// order, each table group named in state->written before it is written. Runs inside one
// snapshot of the source (the caller's).
Status CopyFromSnapshot(ledger::Ledger& source, SourceStores& sources,
                        const MigrateOptions& options, MigrateReport* report, CopyState* state) {
  XB_ASSIGN_OR_RETURN(report->before, source.Verify(std::nullopt, options.trusted_key));
  if (!report->before.ok) {
    return FailedPrecondition("the source ledger does not verify (" + report->before.problem +
                                  "); only a sound ledger is migrated",
                              {pg::DisplayDb(options.from)});
  }
  XB_ASSIGN_OR_RETURN(state->note_before, source.CheckpointNote());
  state->written.assign(server::kAccountTables.begin(), server::kAccountTables.end());
  XB_RETURN_IF_ERROR(CopyAccounts(*sources.accounts, options.to, report));
  state->written.insert(state->written.end(), consent::kConsentTables.begin(),
                        consent::kConsentTables.end());
  XB_RETURN_IF_ERROR(CopyConsent(*sources.consent, options.to, report));
  XB_ASSIGN_OR_RETURN(auto target,
                      ledger::OpenLedgerStore(options.to, ledger::LedgerAccess::kAppend));
  state->written.insert(state->written.end(), ledger::kLedgerTables.begin(),
                        ledger::kLedgerTables.end());
  auto result = ledger::CopyLedger(source.store(), *target);
  if (!result.ok()) {
    Error e = std::move(result).error();
    if (e.where.file.empty()) e.where.file = pg::DisplayDb(options.to);
    return e;
  }
  report->ledger = *result;
  return Status::Ok();
}

// The target, opened afresh, holds the same log: it verifies, with the same size, root, signed
// head and verifier key.
Status VerifyCopy(const MigrateOptions& options, const std::string& note_before,
                  MigrateReport* report) {
  XB_ASSIGN_OR_RETURN(auto target_store,
                      ledger::OpenLedgerStore(options.to, ledger::LedgerAccess::kRead));
  XB_ASSIGN_OR_RETURN(auto target, ledger::Ledger::Open(std::move(target_store), std::nullopt));
  XB_ASSIGN_OR_RETURN(report->after, target->Verify(std::nullopt, options.trusted_key));
  XB_ASSIGN_OR_RETURN(std::string note_after, target->CheckpointNote());
  return CheckSame(*report, note_before, note_after);
}

void NameWhatMoved(MigrateReport* report) {
  report->moved.push_back("ledger");
  if (report->consent_records > 0) report->moved.push_back("consent");
  if (report->users + report->sessions + report->access_records > 0) {
    report->moved.push_back("accounts");
  }
}

}  // namespace

Result<MigrateReport> MigrateDatabase(const MigrateOptions& options) {
  XB_RETURN_IF_ERROR(CheckMigratable(options));
  XB_ASSIGN_OR_RETURN(auto source_store,
                      ledger::OpenLedgerStore(options.from, ledger::LedgerAccess::kRead));
  XB_ASSIGN_OR_RETURN(auto source, ledger::Ledger::Open(std::move(source_store), std::nullopt));
  XB_RETURN_IF_ERROR(RequireNoRotationPending(source->store(), options.from));
  XB_ASSIGN_OR_RETURN(SourceStores sources, OpenSources(options.from));
  std::error_code ec;
  const bool sqlite_file_existed = !pg::IsPostgresUrl(options.to) && fs::exists(options.to, ec);

  MigrateReport report;
  CopyState state;
  // One snapshot of the source ledger for the check and the copy: an append to the source
  // meanwhile is neither verified nor copied.
  Status done = source->store().WithSnapshot(
      [&]() -> Status { return CopyFromSnapshot(*source, sources, options, &report, &state); });
  if (done.ok()) done = VerifyCopy(options, state.note_before, &report);
  if (!done.ok()) {
    if (!state.written.empty()) RemoveWritten(options.to, sqlite_file_existed, state.written);
    return std::move(done).error();
  }
  NameWhatMoved(&report);
  return report;
}

}  // namespace xb::migrate
