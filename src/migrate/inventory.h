// What a database holds that `xborder db migrate` cannot move yet, so a migration never leaves
// data behind silently. Today only the ledger moves; consent records, users and the access log
// follow when their stores exist on PostgreSQL (issue #14, phase 2), and this list shrinks.
#ifndef XBORDER_MIGRATE_INVENTORY_H_
#define XBORDER_MIGRATE_INVENTORY_H_

#include <string>
#include <vector>

#include "core/status.h"

namespace xb::migrate {

// Descriptions of what `db` holds beyond the ledger, e.g. "table consent_records (12 rows)",
// "ledger setting 'x'", "PostgreSQL tables of 'consent'". Empty when everything can be moved.
// A SQLite database is opened read-only; empty tables of other stores do not count.
// Errors: kNotFound for a missing SQLite file; storage errors.
Result<std::vector<std::string>> UnmovableData(const std::string& db);

}  // namespace xb::migrate

#endif  // XBORDER_MIGRATE_INVENTORY_H_
