// Key rotations as the ledger records them (docs/keys.md, "Rotation"), and the rule every writer
// of subject hashes follows while and after the subject key rotates.
//
// A subject rotation (`keys rotate --subject`) first writes a pending marker into the ledger's
// meta (MarkSubjectRotationPending), then re-keys each store, then records the rotation in the
// ledger (Ledger::RekeySubjects), which in the same transaction adds the old key id to the
// retired ones ("from" in kSubjectRekeysMeta) and clears the marker. A command that loaded the
// key before the rotation would otherwise keep writing under the old key id after its stores
// moved on, so every write of subject hashes (ledger appends, refusals included; consent
// records; monitor state) checks CheckSubjectKeyCurrent inside its own transaction.
//
// Thread-safety: free functions over the caller's transaction or store.
#ifndef XBORDER_LEDGER_KEY_ROTATION_H_
#define XBORDER_LEDGER_KEY_ROTATION_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "ledger/sqlite_db.h"
#include "ledger/store.h"

namespace xb::pg {
class Connection;
}

namespace xb::ledger {

// The subject-key rotations recorded, as one meta value: {"<to>": {"from": "<from>", "entry": N}}.
inline constexpr std::string_view kSubjectRekeysMeta = "subject_rekeys";
// A subject rotation under way: {"from": "<id>", "to": "<id>"}; empty or absent when none is.
inline constexpr std::string_view kSubjectRotationPendingMeta = "subject_rotation_pending";

// The rule, over the two meta values (nullopt: absent). OK when `key_id` is neither retired nor
// written while a rotation is pending.
// Errors: kInvalidArgument (bad set-up, exit 2: run the command again) when `key_id` is retired
// or a rotation is pending; kCorruption when a stored value is not the JSON this file writes.
Status CheckSubjectKeyCurrent(std::string_view key_id, const std::optional<std::string>& rekeys,
                              const std::optional<std::string>& pending);

// The rule read through a ledger write transaction (Ledger's appends). Errors: as above; the
// transaction's.
Status CheckSubjectKeyCurrent(WriteTransaction& txn, std::string_view key_id);

// The rule read from the ledger tables of a SQLite xborder database, for stores kept in the
// same file (consent, monitor). REQUIRES: a transaction of `db` is open, so that the check and
// the caller's write see one state. A file without a ledger passes.
Status CheckSubjectKeyCurrent(SqliteDb& db, std::string_view key_id);

// The same on PostgreSQL: the ledger's meta table on `conn`'s search path, inside the caller's
// transaction. A database without a ledger passes. Errors: as above; the connection's.
Status CheckSubjectKeyCurrent(pg::Connection& conn, std::string_view key_id);

// Step 1 of a subject rotation in the database: the pending marker, in a transaction of its
// own. Idempotent; writes nothing once the ledger has recorded the rotation to `to`.
// Errors: the store's; kCorruption for a damaged record of rotations.
Status MarkSubjectRotationPending(Store& store, std::string_view from, std::string_view to);

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_KEY_ROTATION_H_
