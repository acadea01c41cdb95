// The embedded AccountStore: tables server_users, server_sessions and server_access_log in the
// xborder SQLite database (beside the ledger's and the consent registry's tables), on the
// shared SQLite helper (ledger/sqlite_db.h).
#ifndef XBORDER_SERVER_SQLITE_ACCOUNT_STORE_H_
#define XBORDER_SERVER_SQLITE_ACCOUNT_STORE_H_

#include <memory>
#include <string>

#include "core/status.h"
#include "server/account_store.h"

namespace xb::server {

// kWrite opens (creating if needed) the database at `path` and its tables; kRead writes nothing
// (absent tables read as empty). Errors: those of SqliteDb::Open, naming the path.
Result<std::unique_ptr<AccountStore>> OpenSqliteAccountStore(const std::string& path,
                                                             AccountAccess access);

}  // namespace xb::server

#endif  // XBORDER_SERVER_SQLITE_ACCOUNT_STORE_H_
