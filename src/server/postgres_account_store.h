// The AccountStore in PostgreSQL (--db postgresql://...), component "accounts" of pg/schema.h:
// tables server_users, server_sessions and server_access_log in the connection's current schema,
// beside the ledger's, with the same columns as the SQLite store (sqlite_account_store.h). Token
// and session hashes are 32-byte bytea; nothing secret is stored in the clear.
//
// A long-running server keeps its stores for days, and the database may restart or cut sessions
// meanwhile: when a call fails because the session was lost (pg::Connection::Broken), the store
// reconnects and runs the call again, up to kAccountStoreAttempts times in all, waiting a
// little longer before each attempt. Reads and sign-ins are safe to repeat. A batch of access
// records whose commit was acknowledged by nobody (the session died during COMMIT) may be
// written twice, never lost.
#ifndef XBORDER_SERVER_POSTGRES_ACCOUNT_STORE_H_
#define XBORDER_SERVER_POSTGRES_ACCOUNT_STORE_H_

#include <memory>
#include <string>

#include "server/account_store.h"

namespace xb::server {

inline constexpr int kAccountStoreAttempts = 4;

// kWrite creates the tables if the database has none (pg::EnsureSchema); kRead creates nothing
// and reads a database without them as empty.
// Errors: those of pg::Connection::Open; kFailedPrecondition for a newer schema.
Result<std::unique_ptr<AccountStore>> OpenPostgresAccountStore(const std::string& url,
                                                               AccountAccess access);

}  // namespace xb::server

#endif  // XBORDER_SERVER_POSTGRES_ACCOUNT_STORE_H_
