// The embedded default Store: one SQLite file (the CLI's --db), in WAL mode with synchronous=FULL
// so that an acknowledged append survives a crash or power loss. Writers take the database's
// write lock up front (BEGIN IMMEDIATE) and wait for each other up to a busy timeout, so two
// processes appending at once both succeed, one after the other.
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

#include <chrono>
#include <memory>
#include <string>

#include "core/status.h"
#include "ledger/store.h"

namespace xb::ledger {

struct SqliteStoreOptions {
  bool create_if_missing = true;
  std::chrono::milliseconds busy_timeout{60000};  // how long a writer waits for another
};

// Opens (and, if allowed, creates) the ledger database at `path`.
// Errors: kNotFound if absent and !create_if_missing; kCorruption if the file is not a sound
// SQLite database; kIo otherwise.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteStoreOptions& options = {});

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_SQLITE_STORE_H_
