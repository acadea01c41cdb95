// The consent registry in the xborder SQLite file (consent_store.h): tables consent_terms (each
// distinct set of terms once) and consent_records (one row per record, pointing at its terms),
// opened through the ledger's SQLite helper (ledger/sqlite_db.h): one busy timeout, checked
// statements, read-only access that writes nothing.
#ifndef XBORDER_CONSENT_SQLITE_CONSENT_STORE_H_
#define XBORDER_CONSENT_SQLITE_CONSENT_STORE_H_

#include <memory>
#include <string>

#include "consent/consent_store.h"

namespace xb::consent {

// kWrite creates the file and the tables if needed and moves a version-1 registry (terms inline
// in every record) to the current layout. kRead writes nothing.
// Errors: those of SqliteDb::Open (kNotFound for an absent file read with kRead);
// kFailedPrecondition for a version-1 registry opened with kRead (it must be opened once with
// write access to be upgraded).
Result<std::unique_ptr<ConsentStore>> OpenSqliteConsentStore(const std::string& path,
                                                             ConsentAccess access);

}  // namespace xb::consent

#endif  // XBORDER_CONSENT_SQLITE_CONSENT_STORE_H_
