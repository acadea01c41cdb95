// The consent registry in PostgreSQL (--db postgresql://...), component "consent" of
// pg/schema.h, in the connection's current schema beside the ledger's tables:
//   consent_terms(id, terms_sha256 UNIQUE, recipients, purposes, categories, notice)
//   consent_records(id, key_id, subject, terms, separate_consent, guardian_consent,
//                   granted_at, withdrawn_at, source_line)
// The same rows as the SQLite registry (sqlite_consent_store.h); terms are unique by the SHA-256
// of their texts (a B-tree cannot index texts of any length), dates are `date` columns, the
// subject a 32-byte bytea (a keyed hash, never an identifier).
//
// An import is one transaction: the distinct terms in one statement, then the records in
// statements of up to 10,000 rows each (arrays as parameters), in order. A withdrawal locks the
// rows it changes (SELECT ... FOR UPDATE), so two at once neither miss a record nor count one
// twice. Reads run in one REPEATABLE READ READ ONLY snapshot.
#ifndef XBORDER_CONSENT_POSTGRES_CONSENT_STORE_H_
#define XBORDER_CONSENT_POSTGRES_CONSENT_STORE_H_

#include <memory>
#include <string>

#include "consent/consent_store.h"

namespace xb::consent {

// kWrite creates the tables if the database has none (pg::EnsureSchema); kRead creates nothing
// and reads a database without the registry as an empty one.
// Errors: those of pg::Connection::Open; kFailedPrecondition for a newer consent schema than
// this program knows.
Result<std::unique_ptr<ConsentStore>> OpenPostgresConsentStore(const std::string& url,
                                                               ConsentAccess access);

}  // namespace xb::consent

#endif  // XBORDER_CONSENT_POSTGRES_CONSENT_STORE_H_
