// What a database holds that `xborder db migrate` cannot move, so a migration never leaves data
// behind silently. It moves the ledger, the consent registry and the service's accounts and
// access log; a table or PostgreSQL component of anything else (a newer xborder's, another
// program's) is named here.
#ifndef XBORDER_MIGRATE_INVENTORY_H_
#define XBORDER_MIGRATE_INVENTORY_H_

#include <string>
#include <vector>

#include "core/status.h"

namespace xb::migrate {

// Descriptions of what `db` holds beyond the movable components, e.g. "table recipients (12
// rows)", "ledger setting 'x'", "PostgreSQL tables of 'registry'". Empty when everything can be
// moved. A SQLite database is opened read-only; empty tables of other stores do not count.
// Errors: kNotFound for a missing SQLite file; storage errors.
Result<std::vector<std::string>> UnmovableData(const std::string& db);

}  // namespace xb::migrate

#endif  // XBORDER_MIGRATE_INVENTORY_H_
