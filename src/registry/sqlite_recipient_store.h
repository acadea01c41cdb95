// The recipient registry's tables in the SQLite xborder database (ledger/sqlite_db.h):
//   registry_meta(key, value)          'ledger_size': the ledger size the records reflect
//   recipient(id, record)              each recipient's record (JSON)
//   recipient_private(id, name, contact)   private parts, never in the ledger
// Opened read-only it writes nothing and reads a database without these tables as empty.
#ifndef XBORDER_REGISTRY_SQLITE_RECIPIENT_STORE_H_
#define XBORDER_REGISTRY_SQLITE_RECIPIENT_STORE_H_

#include <memory>
#include <string>

#include "core/status.h"
#include "ledger/sqlite_db.h"
#include "registry/recipient_store.h"

namespace xb::registry {

// Errors: those of SqliteDb::Open.
Result<std::unique_ptr<RecipientStore>> OpenSqliteRecipientStore(const std::string& path,
                                                                 ledger::SqliteAccess access);

}  // namespace xb::registry

#endif  // XBORDER_REGISTRY_SQLITE_RECIPIENT_STORE_H_
