// `xborder db migrate --from A --to B`: moves a whole deployment's database to another backend
// (SQLite to PostgreSQL when a team outgrows a file; any direction works) without changing a
// single Merkle root: the ledger, the consent registry, the service's users and sessions and
// its access log.
//
// Everything that can refuse is checked before anything is written: the source holds nothing
// this program cannot move (inventory.h), its ledger verifies, and the target holds none of the
// components. Then the users and sessions (same ids, token hashes), the access log (in order,
// pages of 10,000 records), the consent registry (in order, under the same keys) and last the
// ledger (ledger/copy_ledger.h, one transaction) are copied; the copy must verify with the same
// size, root, checkpoint and verifier key and hold as many records of each kind. If any step
// fails, what was written to the target is removed again (a SQLite target the migration
// created is deleted), so a failed migration can simply be run again.
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
  std::vector<std::string> moved;  // components that held data: "ledger", "consent", "accounts"
  ledger::CopyResult ledger;
  ledger::VerifyReport before;  // the source, verified before copying
  ledger::VerifyReport after;   // the copy, verified after
  uint64_t consent_records = 0;
  uint64_t users = 0;
  uint64_t sessions = 0;
  uint64_t access_records = 0;
};

// Errors: kInvalidArgument if `from` and `to` are the same; kNotFound if `from` holds no
// ledger; kFailedPrecondition naming what is wrong when `from` holds data that cannot be moved,
// when its ledger does not verify, or when `to` already holds a ledger, consent records or
// accounts (nothing is written to `to` in these cases); kInternal if the copy does not verify
// identically; storage errors (what was written to `to` is removed again).
Result<MigrateReport> MigrateDatabase(const MigrateOptions& options);

}  // namespace xb::migrate

#endif  // XBORDER_MIGRATE_MIGRATE_H_
