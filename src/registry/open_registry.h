// Opens the recipient registry of an xborder database the way every door does: the registry's
// tables in the same database as `ledger` (SQLite at `db_path`, the only backend so far).
#ifndef XBORDER_REGISTRY_OPEN_REGISTRY_H_
#define XBORDER_REGISTRY_OPEN_REGISTRY_H_

#include <memory>
#include <string>

#include "core/status.h"
#include "ledger/ledger.h"
#include "registry/registry.h"

namespace xb::registry {

// `writable`: the registry may record changes and saves what it reads from the ledger;
// otherwise it writes nothing. REQUIRES: `ledger` outlives the registry and was opened on
// `db_path`. Errors: kInvalidArgument for a postgresql:// URL (not supported yet); those of
// OpenSqliteRecipientStore and Registry::Open.
Result<std::unique_ptr<Registry>> OpenRegistry(ledger::Ledger& ledger, const std::string& db_path,
                                               bool writable);

}  // namespace xb::registry

#endif  // XBORDER_REGISTRY_OPEN_REGISTRY_H_
