// The embedded default Store: one SQLite file (the CLI's --db), in WAL mode with synchronous=FULL
// so that an acknowledged append survives a crash or power loss. Writers take the database's
// write lock up front (BEGIN IMMEDIATE) and wait for each other up to kSqliteBusyTimeout, so two
// processes appending at once both succeed, one after the other. Opened read-only, it writes
// nothing at all, works for a user who may only read the file, and reads a file without the
// ledger's tables as an empty ledger (ledger/sqlite_db.h).
//
// Schema (version 1):
//   meta(key, value)                       origin, public key, schema version
//   entry(idx, data)                       canonical entry bytes
//   node(id, hash)                         complete-subtree hashes, id = level << 56 | index
//   head(id = 0, size, root, note)         latest tree head and its signed checkpoint
//   entry_group(entry, key_id, exporter, year, counted)
//   entry_subject(entry, kind, hash)       every subject hash of a transfer entry
//   subject(key_id, exporter, year, counted, kind, hash, first_entry)   distinct sets
//   counter(key_id, exporter, year, counted, kind, n)                   their sizes
#ifndef XBORDER_LEDGER_SQLITE_STORE_H_
#define XBORDER_LEDGER_SQLITE_STORE_H_

#include <memory>
#include <string>

#include "core/status.h"
#include "ledger/sqlite_db.h"
#include "ledger/store.h"

namespace xb::ledger {

struct SqliteStoreOptions {
  SqliteAccess access = SqliteAccess::kCreate;
};

// Opens (and, if allowed, creates) the ledger database at `path`. On a store opened with
// SqliteAccess::kReadOnly, BeginWrite fails with kFailedPrecondition.
// Errors: those of SqliteDb::Open (kNotFound if absent and not kCreate; kCorruption if the file
// is not a sound SQLite database; kIo otherwise).
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteStoreOptions& options = {});

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_SQLITE_STORE_H_
