#include "registry/open_registry.h"

#include "registry/sqlite_recipient_store.h"

namespace xb::registry {

Result<std::unique_ptr<Registry>> OpenRegistry(ledger::Ledger& ledger, const std::string& db_path,
                                               bool writable) {
  if (db_path.rfind("postgresql://", 0) == 0 || db_path.rfind("postgres://", 0) == 0) {
    return InvalidArgument("the recipient registry supports SQLite databases only so far",
                           {db_path});
  }
  XB_ASSIGN_OR_RETURN(
      std::unique_ptr<RecipientStore> store,
      OpenSqliteRecipientStore(
          db_path, writable ? ledger::SqliteAccess::kCreate : ledger::SqliteAccess::kReadOnly));
  return Registry::Open(ledger, std::move(store));
}

}  // namespace xb::registry
