// Key rotations as the ledger records them (docs/keys.md, "Rotation"): the rule every writer of
// subject hashes follows while and after the subject key rotates; the rotation writers
// (Ledger::RekeySubjects and Ledger::RotateSigningKey are defined in key_rotation.cc); and the
// checks Ledger::Verify makes of them (RotationVerifier).
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

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.h"
#include "core/status.h"
#include "ledger/checkpoint.h"
#include "ledger/compact_range.h"
#include "ledger/ledger.h"
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
// Errors: kInvalidArgument (bad set-up, exit 2) when `key_id` is retired (the message names the
// rotation that retired it and says to use the current key file; field "--key-file") or a
// rotation is pending (run the command again once it has finished); kCorruption when a stored value
// is not the JSON this file writes.
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

// The signing-key handovers, as one meta value: [{"size": N, "note": "...", "old_public_key":
// "<hex>", "new_public_key": "<hex>"}, ...], oldest first.
inline constexpr std::string_view kHandoversMeta = "signing_handovers";

// `stored` is ReadMeta(kHandoversMeta) of a Store or a WriteTransaction; absent is none.
// Errors: kCorruption if the stored list is damaged; the read's.
Result<std::vector<SigningHandover>> ParseHandovers(Result<std::string> stored);

// A stored public key (64 hex digits). Errors: kCorruption.
Result<PublicKey> PublicKeyFromHex(std::string_view hex);

// What a rotation's digest covers for one moved entry (ledger.h, Ledger::RekeySubjects).
void AddRekeyedEntry(Sha256Hasher& digest, uint64_t index, std::span<const Digest> individuals,
                     std::span<const Digest> sensitive);

// A problem Ledger::Verify reports: the entry it concerns, when known, and what is wrong.
struct VerifyProblem {
  std::optional<uint64_t> index;
  std::string text;
};

// The key-rotation checks of Ledger::Verify, fed in index order as it scans the log:
//   - signing: the chain of handovers, each link checked against the log at its size, and the
//     key that must have signed the head (the newest);
//   - subject: entries whose hashes a rotation moved, checked against that rotation's digest.
// Each check returns the problem it found (nullopt: none). Not thread-safe.
class RotationVerifier {
 public:
  // Reads the handovers and picks the head's key: the newest of the chain, which `start` (the
  // auditor's key, else the one the ledger records; nullopt: none) must be a key of.
  // Errors: the store's; a damaged or broken chain is a problem (problem()).
  static Result<RotationVerifier> Load(Store& store, const std::optional<PublicKey>& start);

  const std::optional<VerifyProblem>& problem() const { return problem_; }
  const std::optional<PublicKey>& head_key() const { return head_key_; }

  // An earlier checkpoint note, opened with the key that was valid at its size.
  // Errors: OpenCheckpoint's; kFailedPrecondition without a key.
  Result<Checkpoint> OpenAtItsSize(std::string_view note) const;

  // Entry `index` (canonical text) has just been added to `range`, of the log named `origin`.
  std::optional<VerifyProblem> AfterEntry(uint64_t index, std::string_view entry,
                                          const CompactRange& range, std::string_view origin);

  // A transfer entry whose subject hashes are stored under `key_id`, not its own key id: a later
  // subject rotation must have moved them, and its digest must cover these hashes.
  void NoteMoved(const std::string& key_id, uint64_t index, std::span<const Digest> individuals,
                 std::span<const Digest> sensitive);

  // After the last entry: every handover met, every moved entry accounted for.
  std::optional<VerifyProblem> Finish() const;

 private:
  // Entries whose hashes a rotation moved into one key id, as they are met.
  struct Moved {
    Sha256Hasher digest;
    int64_t count = 0;
    uint64_t first = 0;
  };
  std::optional<VerifyProblem> CheckHandover(uint64_t index, std::string_view entry,
                                             const SigningHandover& h, const CompactRange& range,
                                             std::string_view origin) const;
  std::optional<VerifyProblem> CheckRekey(uint64_t index, std::string_view entry);

  std::vector<SigningHandover> handovers_;
  size_t next_handover_ = 0;
  std::optional<PublicKey> head_key_;
  std::optional<VerifyProblem> problem_;
  std::map<std::string, Moved> moved_;  // by the key id they are stored under
};

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_KEY_ROTATION_H_
