// `xborder db migrate --from A --to B`: moves a deployment's database to another backend (SQLite
// to PostgreSQL when a team outgrows a file; any direction works) without changing a single
// Merkle root. The source is checked first (everything in it can be moved, and its ledger
// verifies); the ledger is copied in one transaction of the target (ledger/copy_ledger.h); the
// copy is verified and must give the same size, root, checkpoint and verifier key.
//
// Components: the ledger now. Consent records, users and the access log join when their stores
// have a PostgreSQL implementation: each adds a copy step here and stops being "unmovable" in
// inventory.h. Until then a source holding them is refused, never half-moved.
#ifndef XBORDER_MIGRATE_MIGRATE_H_
#define XBORDER_MIGRATE_MIGRATE_H_

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "ledger/copy_ledger.h"
#include "ledger/ledger.h"
#include "ledger/signing_key.h"

namespace xb::migrate {

struct MigrateOptions {
  std::string from;  // SQLite path or postgresql:// URL
  std::string to;
  // Checks the checkpoint signatures with this key (the operator's) instead of the key the
  // ledger records, as `ledger verify` does.
  std::optional<ledger::PublicKey> trusted_key;
};

struct MigrateReport {
  std::vector<std::string> moved;  // components moved: "ledger"
  ledger::CopyResult ledger;
  ledger::VerifyReport before;  // the source, verified before copying
  ledger::VerifyReport after;   // the copy, verified after
};

// Errors: kInvalidArgument if `from` and `to` are the same; kNotFound if `from` holds no
// ledger; kFailedPrecondition naming what is wrong when `from` holds data that cannot be moved
// yet, when its ledger does not verify, or when `to` already holds a ledger (nothing is written
// to `to` in these cases); kInternal if the copy does not verify identically; storage errors.
Result<MigrateReport> MigrateDatabase(const MigrateOptions& options);

}  // namespace xb::migrate

#endif  // XBORDER_MIGRATE_MIGRATE_H_
