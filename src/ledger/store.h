// Storage behind the ledger (DESIGN.md §2: storage is an interface with an embedded default).
// The ledger logic (ledger.h) computes hashes and proofs; a Store only keeps bytes, and promises
// that everything written inside one WriteTransaction becomes visible together or not at all.
// Tests wrap a Store to inject faults (ledger_test.cc); sqlite_store.h is the embedded default.
#ifndef XBORDER_LEDGER_STORE_H_
#define XBORDER_LEDGER_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.h"
#include "core/status.h"
#include "ledger/merkle.h"

namespace xb::ledger {

// The latest tree head: size, root and the signed checkpoint note for them.
struct StoredHead {
  uint64_t size = 0;
  Digest root{};
  std::string note;  // empty only for a ledger that was never initialised
};

enum class SubjectKind : int {
  kIndividual = 0,  // individuals whose (non-sensitive) personal information was sent
  kSensitive = 1,   // individuals whose sensitive personal information was sent
};

// The namespace a subject hash is counted in: one exporter, one calendar year, one path (counted
// or exempt), and the id of the HMAC key the hashes were made with (hashes under different keys
// are never compared).
struct SubjectGroup {
  std::string key_id;
  std::string exporter;
  int year = 0;
  bool counted = true;  // false: the transfer went through an exempt path
};

// How a subject-key rotation maps a stored hash into the new namespace (injective in practice:
// an HMAC under a fresh random key; see core/key_file.h, "subject-layer").
using SubjectRekey = std::function<Digest(const Digest&)>;

// One distinct-subject counter.
struct CounterRow {
  SubjectGroup group;
  SubjectKind kind = SubjectKind::kIndividual;
  int64_t count = 0;
};

// Writes that commit together. Only one write transaction is open per database at a time, across
// processes: BeginWrite() waits for (or fails on) the others. Destroying an uncommitted
// transaction rolls it back. Not thread-safe.
class WriteTransaction {
 public:
  virtual ~WriteTransaction() = default;

  virtual Result<StoredHead> ReadHead() = 0;
  virtual Result<Digest> ReadNode(int level, uint64_t index) = 0;
  virtual Result<std::string> ReadEntry(uint64_t index) = 0;
  // Errors: kNotFound if the key is absent.
  virtual Result<std::string> ReadMeta(std::string_view key) = 0;

  virtual Status PutMeta(std::string_view key, std::string_view value) = 0;
  // Removes the setting; an absent key is not an error.
  virtual Status DeleteMeta(std::string_view key) = 0;
  virtual Status PutEntry(uint64_t index, std::string_view canonical_entry) = 0;
  virtual Status PutNode(int level, uint64_t index, const Digest& hash) = 0;
  virtual Status PutHead(const StoredHead& head) = 0;
  // Records the subject hashes of entry `index` (REQUIRES: sorted, no duplicates), adds the ones
  // not seen before in `group` to its distinct set, and raises the group's counter by as many.
  virtual Status PutSubjects(uint64_t index, const SubjectGroup& group, SubjectKind kind,
                             std::span<const Digest> sorted_hashes) = 0;

  // The sorted subject hashes recorded with entry `index`, as this transaction sees them.
  virtual Result<std::vector<Digest>> ReadEntrySubjects(uint64_t index, SubjectKind kind) = 0;

  // Moves everything counted under key id `from` into key id `to`, each hash h becoming
  // rekey(h): the hashes recorded with entries (whose groups take `to`), the distinct sets
  // (first entries kept) and the counters (values kept). Returns the entries whose groups
  // moved, in index order (empty when nothing was under `from`).
  // Errors: kFailedPrecondition if anything is already counted under `to`; kInternal if the
  // re-keyed distinct sets lost a member (two hashes mapped to one); store errors.
  virtual Result<std::vector<uint64_t>> RekeySubjects(std::string_view from, std::string_view to,
                                                      const SubjectRekey& rekey) = 0;

  // Makes every write durable and visible. After Commit (successful or not) the transaction
  // is spent.
  virtual Status Commit() = 0;
};

// A Merkle node's position: the complete subtree at `level` covering leaves
// [index << level, (index + 1) << level).
struct NodeKey {
  int level = 0;
  uint64_t index = 0;
};

// Thread-safety: a Store is used by one thread at a time. Every read sees committed data only.
class Store {
 public:
  virtual ~Store() = default;

  // Errors: kFailedPrecondition for a store opened read-only; storage errors; kCorruption when
  // the store's own structure is damaged.
  virtual Result<std::unique_ptr<WriteTransaction>> BeginWrite() = 0;

  // Runs `fn` with every read inside it seeing one snapshot (no concurrent append is seen).
  virtual Status WithSnapshot(const std::function<Status()>& fn) = 0;

  virtual Result<StoredHead> ReadHead() = 0;
  // Errors: kNotFound if the node or entry was never stored.
  virtual Result<Digest> ReadNode(int level, uint64_t index) = 0;
  virtual Result<std::string> ReadEntry(uint64_t index) = 0;
  virtual Result<std::string> ReadMeta(std::string_view key) = 0;

  // The nodes at `keys`, in their order; kNotFound for the first never stored. A backend that
  // can fetch many at once overrides this (one round trip on PostgreSQL, for a whole proof).
  virtual Result<std::vector<Digest>> ReadNodes(std::span<const NodeKey> keys) {
    std::vector<Digest> out;
    out.reserve(keys.size());
    for (const NodeKey& k : keys) {
      XB_ASSIGN_OR_RETURN(Digest d, ReadNode(k.level, k.index));
      out.push_back(d);
    }
    return out;
  }

  // Calls fn(index, bytes) for every stored entry in index order, including any stored beyond
  // the head's size (verify reports those), stopping at fn's first error.
  using EntryVisitor = std::function<Status(uint64_t index, std::string_view entry)>;
  virtual Status ScanEntries(const EntryVisitor& fn) = 0;

  // The subject group recorded with entry `index`; kNotFound if it has none.
  virtual Result<SubjectGroup> ReadEntryGroup(uint64_t index) = 0;
  // The sorted subject hashes recorded with entry `index` (empty if none).
  virtual Result<std::vector<Digest>> ReadEntrySubjects(uint64_t index, SubjectKind kind) = 0;

  // All counters of `exporter` in `year`, every key id and path.
  virtual Result<std::vector<CounterRow>> ReadCounters(std::string_view exporter, int year) = 0;
  // Distinct subjects of one key id, exporter, path and kind over years [from_year, to_year].
  virtual Result<int64_t> CountDistinct(const SubjectGroup& group, SubjectKind kind, int from_year,
                                        int to_year) = 0;
  // How many of `hashes` (any order) are already in the distinct sets of `group` (its key id,
  // exporter, path and kind) in some year of [from_year, to_year]. Lets a transfer count
  // |earlier ∪ this| exactly before it is appended.
  virtual Result<int64_t> CountKnown(const SubjectGroup& group, SubjectKind kind, int from_year,
                                     int to_year, std::span<const Digest> hashes) = 0;

  // Cross-checks the subject index against itself: every counter equals its distinct set's
  // size, every distinct subject was recorded by its first entry, every recorded subject is in
  // its group's distinct set. Returns the problems found (empty when consistent).
  virtual Result<std::vector<std::string>> CheckSubjectIndex() = 0;

  // Checks the storage's own structure (for SQLite, PRAGMA quick_check). Returns the problems
  // found (empty when sound).
  virtual Result<std::vector<std::string>> CheckStorage() = 0;
};

// Adapts a Store (outside a write transaction) or a WriteTransaction to NodeSource.
class StoreNodeSource : public NodeSource {
 public:
  explicit StoreNodeSource(Store& store) : store_(&store) {}
  explicit StoreNodeSource(WriteTransaction& txn) : txn_(&txn) {}
  Result<Digest> Node(int level, uint64_t index) override {
    return store_ != nullptr ? store_->ReadNode(level, index) : txn_->ReadNode(level, index);
  }

 private:
  Store* store_ = nullptr;
  WriteTransaction* txn_ = nullptr;
};

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_STORE_H_
