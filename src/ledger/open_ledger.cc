#include "ledger/open_ledger.h"

#include <optional>

#include "ledger/signing_key.h"
#include "ledger/sqlite_store.h"

namespace xb::ledger {

Result<std::unique_ptr<Ledger>> OpenLedgerFile(const std::string& db_path,
                                               const std::string& key_file, LedgerAccess access) {
  if (db_path.rfind("postgresql://", 0) == 0 || db_path.rfind("postgres://", 0) == 0) {
    return InvalidArgument("the ledger supports SQLite databases only so far", {db_path});
  }
  std::optional<SigningKey> signer;
  if (access == LedgerAccess::kAppend) {
    XB_ASSIGN_OR_RETURN(SigningKey key, LoadOrCreateSigningKey(SigningKeyPathFor(key_file)));
    signer = std::move(key);
  }
  SqliteStoreOptions options;
  options.access =
      access == LedgerAccess::kAppend ? SqliteAccess::kCreate : SqliteAccess::kReadOnly;
  XB_ASSIGN_OR_RETURN(auto store, OpenSqliteStore(db_path, options));
  return Ledger::Open(std::move(store), std::move(signer));
}

}  // namespace xb::ledger
