#include "ledger/open_ledger.h"

#include <filesystem>
#include <optional>

#include "ledger/postgres_store.h"
#include "ledger/signing_key.h"
#include "ledger/sqlite_store.h"
#include "pg/url.h"

namespace xb::ledger {

Result<std::unique_ptr<Store>> OpenLedgerStore(const std::string& db, LedgerAccess access) {
  const bool append = access == LedgerAccess::kAppend;
  if (pg::IsPostgresUrl(db)) {
    PostgresStoreOptions options;
    options.create_if_missing = append;
    options.read_only = !append;
    return OpenPostgresStore(db, options);
  }
  SqliteStoreOptions options;
  options.access = append ? SqliteAccess::kCreate : SqliteAccess::kReadOnly;
  return OpenSqliteStore(db, options);
}

Result<std::unique_ptr<Ledger>> OpenLedgerFile(const std::string& db_path,
                                               const std::string& key_file, LedgerAccess access) {
  std::optional<SigningKey> signer;
  const std::string signing_path = SigningKeyPathFor(key_file);
  if (access == LedgerAccess::kAppend) {
    XB_ASSIGN_OR_RETURN(SigningKey key, LoadOrCreateSigningKey(signing_path));
    signer = std::move(key);
  }
  XB_ASSIGN_OR_RETURN(auto store, OpenLedgerStore(db_path, access));
  auto ledger = Ledger::Open(std::move(store), std::move(signer));
  std::error_code ec;
  if (!ledger.ok() && ledger.error().code == ErrorCode::kFailedPrecondition &&
      std::filesystem::exists(NextSigningKeyPathFor(signing_path), ec)) {
    // The ledger may already name the key waiting beside this one: a set-up to finish (exit 2).
    return InvalidArgument("a signing-key rotation is unfinished (" +
                               NextSigningKeyPathFor(signing_path) +
                               " is waiting); run `xborder keys rotate --signing` to complete it",
                           {signing_path});
  }
  return ledger;
}

}  // namespace xb::ledger
