// The consent registry: consent records in the xborder database, beside the ledger. Subjects are
// keyed hashes, scoped by the key id, so records made under another key are never compared with
// this key's hashes.
//
// Two implementations behind one interface, chosen by the --db value (ConsentStore::Open):
//   - SQLite (sqlite_consent_store.h): tables of its own in the database file, opened through
//     the same helper as the ledger (ledger/sqlite_db.h);
//   - PostgreSQL (postgres_consent_store.h): the same tables in the database of a
//     postgresql:// URL, component "consent" of pg/schema.h.
// Both keep the same records with the same meaning, so `xborder db migrate` moves a registry
// from one to the other (ExportAll / ImportStored).
//
// Thread-safety: one store per thread. Several processes may use one database at once; an
// import is one transaction.
#ifndef XBORDER_CONSENT_CONSENT_STORE_H_
#define XBORDER_CONSENT_CONSENT_STORE_H_

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "consent/consent_record.h"
#include "core/status.h"

namespace xb::consent {

// The registry's tables, the same names on every backend, each before the tables it refers to.
inline constexpr std::array<std::string_view, 2> kConsentTables = {"consent_terms",
                                                                   "consent_records"};

using ConsentIndex = std::unordered_map<Digest, std::vector<ConsentRecord>, DigestHash>;

struct Withdrawal {
  Digest subject{};
  CivilDate withdrawn_at;
};

// A record as the registry keeps it: under the id of the key that hashed its subject.
struct StoredConsent {
  std::string key_id;
  ConsentRecord record;
};

enum class ConsentAccess {
  kRead,   // writes nothing; a database without the registry reads as an empty one
  kWrite,  // creates the registry's tables if needed (and upgrades an older layout)
};

class ConsentStore {
 public:
  // Opens the registry of `db`: PostgreSQL for a postgresql:// (or postgres://) URL, else the
  // SQLite file at that path (created with kWrite if absent).
  // Errors: those of opening the database (kNotFound for an absent SQLite file read with kRead;
  // kIo when PostgreSQL cannot be reached); kFailedPrecondition for a registry layout that
  // cannot be read as it is (an old SQLite layout opened with kRead, a newer PostgreSQL schema).
  static Result<std::unique_ptr<ConsentStore>> Open(const std::string& db,
                                                    ConsentAccess access = ConsentAccess::kWrite);
  virtual ~ConsentStore() = default;

  // Every read and write below fails with the database's error (busy beyond the timeout, I/O,
  // a lost connection, a full disk) or kCorruption for a stored value that is not what this
  // store wrote; none stops early and calls what it has the answer. The writes fail with
  // kFailedPrecondition on a store opened with kRead.

  // Adds records, all or none.
  virtual Status Import(const std::string& key_id, std::span<const ConsentRecord> records) = 0;

  // Every record under `key_id`, grouped by subject (for checking whole datasets at once), each
  // subject's records in the order they were imported.
  virtual Result<ConsentIndex> LoadAll(const std::string& key_id) = 0;

  // Marks the subject's active records withdrawn on `on` (only those covering `recipient`
  // when given), in one transaction. Returns how many records changed.
  virtual Result<int64_t> Withdraw(const std::string& key_id, const Digest& subject, CivilDate on,
                                   const std::optional<std::string>& recipient) = 0;

  // Withdrawals dated on or after `since`, one per subject (the earliest), oldest first.
  virtual Result<std::vector<Withdrawal>> WithdrawnSince(const std::string& key_id,
                                                         CivilDate since) = 0;

  virtual Result<int64_t> CountRecords(const std::string& key_id) = 0;

  // A subject-key rotation (docs/keys.md, "Rotation"): every record under key id `from` moves
  // to `to`, its subject becoming rekey(subject), in one transaction. Idempotent by key id: a
  // second call finds nothing under `from`. Returns how many records moved.
  virtual Result<int64_t> Rekey(const std::string& from, const std::string& to,
                                const std::function<Digest(const Digest&)>& rekey) = 0;

  // For moving a registry between databases (migrate/migrate.h): every record under every key,
  // in import order, and adding such records, all or none, in that order.
  virtual Result<std::vector<StoredConsent>> ExportAll() = 0;
  virtual Status ImportStored(std::span<const StoredConsent> records) = 0;
  // The number of records under any key (0 for a database without the registry).
  virtual Result<int64_t> CountAll() = 0;

 protected:
  ConsentStore() = default;
  ConsentStore(const ConsentStore&) = delete;  // owns a database connection
  ConsentStore& operator=(const ConsentStore&) = delete;
};

}  // namespace xb::consent

#endif  // XBORDER_CONSENT_CONSENT_STORE_H_
