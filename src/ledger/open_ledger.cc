#include "ledger/open_ledger.h"

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
  if (access == LedgerAccess::kAppend) {
    XB_ASSIGN_OR_RETURN(SigningKey key, LoadOrCreateSigningKey(SigningKeyPathFor(key_file)));
    signer = std::move(key);
  }
  XB_ASSIGN_OR_RETURN(auto store, OpenLedgerStore(db_path, access));
  return Ledger::Open(std::move(store), std::move(signer));
}

}  // namespace xb::ledger
