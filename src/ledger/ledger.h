// The transfer ledger (DESIGN.md §7): an append-only RFC 9162 Merkle log of canonical JSON
// entries, with inclusion and consistency proofs, Ed25519-signed C2SP checkpoints, and
// distinct-subject counters per exporter and calendar year.
//
// Every append is one store transaction: entries, Merkle nodes, the new signed tree head and
// the subject counters commit together or not at all. Before appending, the ledger checks
// that the stored tail (frontier nodes, last leaf, head root) is self-consistent and refuses to
// build on a damaged log.
//
// Thread-safety: a Ledger is used by one thread at a time; several processes may open the same
// database and append concurrently (the store serialises them).
#ifndef XBORDER_LEDGER_LEDGER_H_
#define XBORDER_LEDGER_LEDGER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.h"
#include "core/status.h"
#include "ledger/checkpoint.h"
#include "ledger/signing_key.h"
#include "ledger/store.h"

namespace xb::ledger {

class CompactRange;

// The member of a transfer entry that the ledger fills in; plain entries may not use it.
inline constexpr std::string_view kSubjectSetField = "subject_set";

// The member of a subject-key rotation entry that the ledger fills in (Ledger::RekeySubjects);
// plain entries may not use it.
inline constexpr std::string_view kSubjectRekeyField = "subject_rekey";

// The member of a signing-key rotation entry that the ledger fills in (Ledger::RotateSigningKey);
// plain entries may not use it.
inline constexpr std::string_view kSigningRotationField = "signing_rotation";

// One signing-key rotation: the checkpoint of the tree that ends with the rotation entry, signed
// by the old key (the old key's word for the new one), and the two public keys.
struct SigningHandover {
  uint64_t size = 0;  // the tree size the handover checkpoint covers (the entry is size - 1)
  std::string note;   // signed by old_key
  PublicKey old_key{};
  PublicKey new_key{};
};

struct AppendResult {
  uint64_t first_index = 0;
  uint64_t count = 0;
  uint64_t size = 0;  // tree size after the append
  Digest root{};
};

struct TreeHead {
  uint64_t size = 0;
  Digest root{};
};

// Work a writer still owes after its append commits, recorded so that a crash between the
// commit and the work leaves a note the next writer finishes (docs/ledger.md, "Storage,
// crashes and concurrency"). The transfer pipeline moves its package from staging into place
// this way. Kept beside the log (meta "follow_ups"), not in it: not hashed, signed or exported.
struct FollowUp {
  std::string key;                // unique among open follow-ups
  std::string note;               // what is owed, in the writer's own terms
  std::optional<uint64_t> entry;  // the entry it belongs to, once appended
};

// A transfer record with the individuals it concerns, as keyed hashes (SubjectHasher).
struct TransferRecord {
  std::string entry_json;           // a JSON object: the record (no raw identifiers!)
  SubjectGroup group;               // key id, exporter, calendar year, counted or exempt
  std::vector<Digest> individuals;  // everyone whose (non-sensitive) PI is sent
  std::vector<Digest> sensitive;    // everyone whose sensitive PI is sent
  // A follow-up (key and note) this entry opens or settles: the append records it with the
  // entry's index, in the same transaction. nullopt: none.
  std::optional<FollowUp> follow_up;
};

struct SubjectRekeyResult {
  uint64_t entry = 0;             // the index of the rotation's ledger entry
  uint64_t entries_rekeyed = 0;   // transfer entries whose subject hashes moved
  bool already_recorded = false;  // an earlier run recorded this rotation; nothing was written
};

struct SubjectCounts {
  int64_t individuals = 0;
  int64_t sensitive_individuals = 0;
};

struct PathCounts {
  SubjectCounts counted;  // sent through a counted (non-exempt) path
  SubjectCounts exempt;   // sent under an exemption
};

// Distinct individuals of one exporter. Exact within the key id asked for; figures made under
// other keys cannot be de-duplicated against them and are summed separately, as an upper bound
// of their contribution (docs/ledger.md, key rotation).
struct YearToDateCounts {
  std::string exporter;
  int year = 0;
  std::string key_id;
  PathCounts year_to_date;         // since 1 January of `year`
  PathCounts since_previous_year;  // since 1 January of `year` - 1 (the 2022/2023 window)
  PathCounts other_keys_year_to_date;
  PathCounts other_keys_since_previous_year;
};

struct InclusionProofResult {
  uint64_t index = 0;
  uint64_t size = 0;
  Digest leaf_hash{};
  std::vector<Digest> proof;
};

struct VerifyReport {
  bool ok = true;
  uint64_t size = 0;  // tree size recorded in the head
  uint64_t entries_checked = 0;
  Digest root{};                            // recomputed root
  std::optional<uint64_t> first_bad_index;  // the first entry found wrong, when known
  std::string problem;                      // the first problem, in words (no entry content)
  std::string origin;
  std::string verifier_key;  // "<name>+<hash>+<key>" of the key the head was checked with
};

class Ledger {
 public:
  // Opens the ledger over `store`. With a signer, a never-used store is initialised (origin,
  // public key, signed empty checkpoint) and appends are allowed; without one the ledger is
  // read-only (Append fails with kFailedPrecondition).
  // Errors: kFailedPrecondition if the signer's public key is not the one the ledger was created
  // with; store errors.
  static Result<std::unique_ptr<Ledger>> Open(std::unique_ptr<Store> store,
                                              std::optional<SigningKey> signer);

  Ledger(const Ledger&) = delete;  // owns its store
  Ledger& operator=(const Ledger&) = delete;

  // Appends JSON objects as one batch. Each is canonicalised (canonical_json.h) first.
  // Errors: kParse naming the entry's position in the batch (field = "entry N") for a bad entry
  // or one using kSubjectSetField; kCorruption if the stored tail does not verify; store errors.
  // Nothing is written unless everything is. `subject_key_id`, when not empty, is the subject
  // key the entries' facts were computed under (a refused transfer's consent lookup): the
  // append is then refused as a transfer record under that key would be (key_rotation.h,
  // CheckSubjectKeyCurrent: kInvalidArgument).
  Result<AppendResult> Append(std::span<const std::string> entries,
                              std::string_view subject_key_id = {});

  // Runs inside an append transaction after everything is written and before the commit, with
  // the append's result. A non-OK status rolls the whole append back. (The transfer pipeline
  // writes its package's manifest, which names the entry, here.)
  using BeforeCommit = std::function<Status(const AppendResult& result)>;
  // Runs inside an append transaction under the write lock, before anything is written: reads
  // through this Ledger (YearToDate, CountKnownSubjects, Head) see every committed append and
  // nothing of this one, and no other writer can append until this one ends. A non-OK status
  // abandons the append. (The transfer pipeline re-checks its decision against the latest
  // counts here, so two transfers cannot each pass a threshold they cross together.)
  using UnderLock = std::function<Status()>;
  struct TransferHooks {
    UnderLock before_write;
    BeforeCommit before_commit;
  };

  // Appends one transfer record with its subject sets, counters included, atomically.
  // Errors: as Append; kInvalidArgument for an empty exporter or key id, a year outside
  // 1900..9999, hashes that are not 32 bytes, or a key id a subject rotation retired or is
  // retiring (key_rotation.h: the command loaded its key before the rotation); whatever a hook
  // returns.
  Result<AppendResult> AppendTransfer(const TransferRecord& record,
                                      const BeforeCommit& before_commit = {});
  Result<AppendResult> AppendTransfer(const TransferRecord& record, const TransferHooks& hooks);

  // A subject-key rotation (docs/keys.md, "Rotation"), in one transaction: moves everything
  // counted under key id `from` into `to`, re-keyed by `rekey` (Store::RekeySubjects), and
  // appends `entry_json` (a JSON object describing the rotation; no raw identifiers) completed
  // with kSubjectRekeyField = {"from", "to", "entries", "digest"}. The digest commits to the
  // moved sets, which no longer match the digests in their own entries: SHA-256 over, for each
  // moved entry in index order, its index (8 bytes, big-endian), then the SubjectSetDigest of its
  // individuals and of its sensitive individuals. Verify checks moved entries against it.
  // Counts, entries and the Merkle root of existing entries do not change. The same transaction
  // retires `from` and clears the rotation's pending marker (key_rotation.h): from its commit
  // on, nothing more is written under `from`. Defined in key_rotation.cc.
  // Idempotent: if a rotation to `to` is already recorded, returns it and writes nothing.
  // Errors: as Append; kInvalidArgument for an empty or equal `from` and `to`, or an entry that
  // is not a JSON object; Store::RekeySubjects'.
  Result<SubjectRekeyResult> RekeySubjects(std::string_view from, std::string_view to,
                                           const SubjectRekey& rekey, std::string_view entry_json);

  // A signing-key rotation (docs/keys.md, "Rotation"), in one transaction: appends
  // `entry_json` (a JSON object) completed with kSigningRotationField = {"old_public_key",
  // "new_public_key"} (hex), signs the tree head that ends with it with the current key and keeps
  // that checkpoint as the handover, then signs the same head with `next` and records `next` as
  // the ledger's public key. From then on this Ledger signs with `next`; old checkpoints keep
  // verifying with the old key (Verify picks the key valid at each size).
  // Errors: kFailedPrecondition on a read-only ledger or when `next` is the current key;
  // kInvalidArgument for an entry that is not a JSON object; as Append.
  Result<AppendResult> RotateSigningKey(SigningKey next, std::string_view entry_json);

  // The signing-key rotations recorded, oldest first (empty: the key never changed).
  // Errors: kCorruption if the stored list is damaged; store errors.
  Result<std::vector<SigningHandover>> SigningHandovers();

  // Follow-ups (struct FollowUp). Add and Close are transactions of their own; closing one
  // that is not open is not an error. Errors: kFailedPrecondition on a read-only ledger;
  // kCorruption if the stored list is not JSON; store errors.
  Status AddFollowUp(std::string_view key, std::string_view note);
  Status CloseFollowUp(std::string_view key);
  Result<std::vector<FollowUp>> FollowUps();

  // The check every append makes before building on the log, on its own: the frontier nodes
  // give the head's root, the last leaf matches its entry, the head's signature verifies.
  // Errors: kCorruption naming what is wrong; kFailedPrecondition without the signing key.
  Status CheckTail();

  // How many of `hashes` are already counted for `group` (kind, years from_year..to_year).
  Result<int64_t> CountKnownSubjects(const SubjectGroup& group, SubjectKind kind, int from_year,
                                     int to_year, std::span<const Digest> hashes) {
    return store_->CountKnown(group, kind, from_year, to_year, hashes);
  }

  Result<TreeHead> Head();
  // The latest signed checkpoint note. Errors: kFailedPrecondition if never initialised.
  Result<std::string> CheckpointNote();
  Result<std::string> Origin();
  Result<PublicKey> LogPublicKey();

  // Errors: kInvalidArgument unless index < size <= Head().size.
  Result<InclusionProofResult> ProveInclusion(uint64_t index, uint64_t size);
  // Errors: kInvalidArgument unless 0 < size1 <= size2 <= Head().size.
  Result<std::vector<Digest>> ProveConsistency(uint64_t size1, uint64_t size2);

  Result<std::string> Entry(uint64_t index);
  // Calls fn(index, canonical bytes) in index order for [0, Head().size).
  Status Export(const std::function<Status(uint64_t, std::string_view)>& fn);

  // Recomputes everything from the stored entries: canonical form, leaf hashes, every stored
  // complete-subtree node, the root, the head's signature (with the ledger's current key, which
  // `trusted_key` must be, or precede through recorded signing-key handovers, each checked
  // against the log at its size; without `trusted_key`, the key recorded in the ledger),
  // subject-set digests (of entries whose hashes a key rotation moved: their counts, and the
  // rotation entry's digest) and the subject counters; and, if given, checks an earlier checkpoint
  // note (signed by the key valid at its size) is a prefix of this log. Problems with the data are
  // reported in the VerifyReport (ok = false); errors are for a store that cannot be read at all.
  Result<VerifyReport> Verify(const std::optional<std::string>& checkpoint_note,
                              const std::optional<PublicKey>& trusted_key);

  // Distinct-individual counts for `exporter` in calendar `year`, exact under `key_id`.
  Result<YearToDateCounts> YearToDate(std::string_view exporter, int year, std::string_view key_id);

  Store& store() { return *store_; }

 private:
  Ledger(std::unique_ptr<Store> store, std::optional<SigningKey> signer)
      : store_(std::move(store)), signer_(std::move(signer)) {}

  struct Prepared {
    std::string canonical;
    const TransferRecord* transfer = nullptr;
    std::string subject_key_id;       // checked under the write lock when not empty
    std::vector<Digest> individuals;  // normalised
    std::vector<Digest> sensitive;
  };
  // Runs inside the append transaction, after hooks.before_write and before the batch is
  // written, with the index the batch starts at: may write and complete the batch.
  using PrepareInTransaction =
      std::function<Status(WriteTransaction& txn, uint64_t first_index, std::vector<Prepared>&)>;
  Result<AppendResult> AppendPrepared(std::vector<Prepared>& batch, const TransferHooks& hooks = {},
                                      const PrepareInTransaction& prepare = {});
  // Reads, changes and writes the follow-up list in one write transaction.
  Status EditFollowUps(const std::function<void(std::map<std::string, FollowUp>&)>& edit);
  // REQUIRES: `txn` is open. Loads the frontier for `head` into *range and checks the tail.
  Status VerifyTail(WriteTransaction& txn, const StoredHead& head, CompactRange* range);
  Status Initialise();

  std::unique_ptr<Store> store_;
  std::optional<SigningKey> signer_;
};

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_LEDGER_H_
