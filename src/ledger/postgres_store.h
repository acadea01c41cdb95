// The Store on PostgreSQL (--db postgresql://...), for shared deployments: several processes and
// servers append to one ledger. Same tables and meaning as the SQLite store (sqlite_store.h), so
// `xborder db migrate` copies one into the other without changing a Merkle root.
//
// Appends are serialised in the database: a write transaction (READ COMMITTED) first takes a
// transaction-level advisory lock, so the head it then reads is the latest committed one and no
// other appender can build on it until this one commits or rolls back. In the same round trip it
// fetches what an append reads first (head, settings, frontier nodes, last entry), so a
// one-entry append costs three round trips: begin, write, commit. Writes are queued and sent
// in pipelined batches (subject hashes as one bytea[] parameter each); they reach the server
// before any read inside the transaction, when the tree head is written (so a before-commit hook
// runs only once the database has accepted every row), and at the latest on Commit.
// WithSnapshot runs in a REPEATABLE READ READ ONLY transaction: one committed snapshot.
// Commits are synchronous (synchronous_commit = on for ledger writes, whatever the server's
// default), so an acknowledged append survives a server crash.
//
// Schema: component "ledger" version 1 in xb_schema (pg/schema.h), in the connection's current
// schema: meta, entry, node, head, entry_group, entry_subject, subject, counter (columns as in
// sqlite_store.h; booleans are boolean, kinds smallint). Subject hashes are keyed hashes only.
#ifndef XBORDER_LEDGER_POSTGRES_STORE_H_
#define XBORDER_LEDGER_POSTGRES_STORE_H_

#include <chrono>
#include <memory>
#include <string>

#include "core/status.h"
#include "ledger/store.h"

namespace xb::ledger {

struct PostgresStoreOptions {
  bool create_if_missing = true;  // create the ledger's tables if the database has none
  bool read_only = false;         // BeginWrite fails with kFailedPrecondition
  std::chrono::milliseconds lock_timeout{60000};  // how long an appender waits for another
};

// Connects to `url` and opens the ledger there.
// Errors: kNotFound if the database holds no ledger and !create_if_missing; kFailedPrecondition
// if it holds a newer ledger schema than this program knows; those of pg::Connection::Open.
// Messages name the URL with its password masked.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url,
                                                 const PostgresStoreOptions& options = {});

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_POSTGRES_STORE_H_
