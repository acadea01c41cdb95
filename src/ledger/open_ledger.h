// Opens the ledger of an xborder database the way every door does: SQLite at a path, or
// PostgreSQL at a postgresql:// URL, with the Ed25519 signing key kept beside the HMAC key file.
#ifndef XBORDER_LEDGER_OPEN_LEDGER_H_
#define XBORDER_LEDGER_OPEN_LEDGER_H_

#include <memory>
#include <string>

#include "core/status.h"
#include "ledger/ledger.h"
#include "ledger/store.h"

namespace xb::ledger {

enum class LedgerAccess {
  kRead,    // read-only (writes nothing), no signing key; kNotFound if the database (on
            // PostgreSQL: its ledger) is absent
  kAppend,  // creates the database and the signing key (mode 0600) if needed
};

// The store behind `db`: PostgreSQL for a postgresql:// (or postgres://) URL, else SQLite.
// Errors: those of OpenPostgresStore or OpenSqliteStore.
Result<std::unique_ptr<Store>> OpenLedgerStore(const std::string& db, LedgerAccess access);

// Errors: those of OpenLedgerStore, LoadOrCreateSigningKey and Ledger::Open.
Result<std::unique_ptr<Ledger>> OpenLedgerFile(const std::string& db_path,
                                               const std::string& key_file, LedgerAccess access);

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_OPEN_LEDGER_H_
