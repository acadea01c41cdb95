// Opens the ledger of an xborder database the way every door does: SQLite at `db_path` (the
// only backend so far), with the Ed25519 signing key kept beside the HMAC key file.
#ifndef XBORDER_LEDGER_OPEN_LEDGER_H_
#define XBORDER_LEDGER_OPEN_LEDGER_H_

#include <memory>
#include <string>

#include "core/status.h"
#include "ledger/ledger.h"

namespace xb::ledger {

enum class LedgerAccess {
  kRead,    // read-only (writes nothing), no signing key; kNotFound if the database is absent
  kAppend,  // creates the database and the signing key (mode 0600) if needed
};

// Errors: kInvalidArgument for a postgresql:// URL (not supported yet); those of
// OpenSqliteStore, LoadOrCreateSigningKey and Ledger::Open.
Result<std::unique_ptr<Ledger>> OpenLedgerFile(const std::string& db_path,
                                               const std::string& key_file, LedgerAccess access);

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_OPEN_LEDGER_H_
