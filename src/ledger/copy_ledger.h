// Copies a ledger from one Store to another (any pair of backends), so that the copy has the
// same entries, the same Merkle nodes, the same signed tree head (the checkpoint note verbatim,
// no re-signing: no key is needed), the same settings and the same subject sets and counters.
// The Merkle nodes are recomputed from the entries and must equal the source's stored ones;
// subject sets and counters are rebuilt by recording each entry's subject hashes in entry order,
// which is how the source built them. Used by `xborder db migrate` (migrate/migrate.h).
#ifndef XBORDER_LEDGER_COPY_LEDGER_H_
#define XBORDER_LEDGER_COPY_LEDGER_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "core/status.h"
#include "ledger/key_rotation.h"
#include "ledger/store.h"

namespace xb::ledger {

// The ledger's tables, the same names on every backend (sqlite_store.h, postgres_store.h).
inline constexpr std::array<std::string_view, 8> kLedgerTables = {
    "meta", "entry", "node", "head", "entry_group", "entry_subject", "subject", "counter"};

// Every setting the ledger keeps in its meta table (ledger.cc writes these, and only these).
// "follow_ups": work writers still owe after their appends (Ledger::FollowUps), copied along.
// kSubjectRekeysMeta and "signing_handovers": the key rotations recorded (Ledger::RekeySubjects,
// Ledger::RotateSigningKey); kSubjectRotationPendingMeta: a subject rotation under way
// (key_rotation.h; `db migrate` refuses a source where it is set).
inline constexpr std::array<std::string_view, 6> kLedgerMetaKeys = {
    "origin",           "public_key",        "follow_ups",
    kSubjectRekeysMeta, "signing_handovers", kSubjectRotationPendingMeta};

struct CopyResult {
  uint64_t entries = 0;
  uint64_t subject_hashes = 0;  // recorded with entries (individuals and sensitive)
  StoredHead head;
};

// Copies `from` into `to` in one write transaction of `to`, reading `from` in one snapshot.
// Errors: kFailedPrecondition if `to` already holds a ledger (any setting, entry or head);
// kCorruption if a recomputed Merkle node differs from the source's, entries are not
// contiguous, or the recomputed root is not the source head's (the source should have passed
// Ledger::Verify first); store errors. On any error `to` is left as it was.
Result<CopyResult> CopyLedger(Store& from, Store& to);

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_COPY_LEDGER_H_
