// The consent registry: consent records in the xborder database (the same SQLite file as the
// ledger, tables of its own, opened through the same helper: ledger/sqlite_db.h). Subjects are
// keyed hashes, scoped by the key id, so records made under another key are never compared with
// this key's hashes.
//
// Thread-safety: one store per thread. Several processes may use one file at once (SQLite WAL,
// kSqliteBusyTimeout); an import is one transaction.
#ifndef XBORDER_CONSENT_CONSENT_STORE_H_
#define XBORDER_CONSENT_CONSENT_STORE_H_

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "consent/consent_record.h"
#include "core/status.h"
#include "ledger/sqlite_db.h"

namespace xb::consent {

using ConsentIndex = std::unordered_map<Digest, std::vector<ConsentRecord>, DigestHash>;

struct Withdrawal {
  Digest subject{};
  CivilDate withdrawn_at;
};

class ConsentStore {
 public:
  // Opens the registry in the database at `path`. Writable access creates the registry's tables
  // and moves a version-1 registry to the current layout. Read-only access writes nothing; a
  // database without the registry reads as an empty one.
  // Errors: those of SqliteDb::Open; kFailedPrecondition for a version-1 registry opened
  // read-only (it must be opened once with write access to be upgraded).
  static Result<std::unique_ptr<ConsentStore>> Open(
      const std::string& path, ledger::SqliteAccess access = ledger::SqliteAccess::kCreate);
  ConsentStore(const ConsentStore&) = delete;  // owns a database connection
  ConsentStore& operator=(const ConsentStore&) = delete;

  // Every read and write below fails with the database's error (busy beyond the timeout, I/O,
  // a full disk) or kCorruption for a stored value that is not what this store wrote; none
  // stops early and calls what it has the answer. The writes fail with kFailedPrecondition on
  // a store opened read-only.

  // Adds records, all or none.
  Status Import(const std::string& key_id, std::span<const ConsentRecord> records);

  // Every record under `key_id`, grouped by subject (for checking whole datasets at once).
  Result<ConsentIndex> LoadAll(const std::string& key_id);

  // Marks the subject's active records withdrawn on `on` (only those covering `recipient`
  // when given), in one transaction. Returns how many records changed.
  Result<int64_t> Withdraw(const std::string& key_id, const Digest& subject, CivilDate on,
                           const std::optional<std::string>& recipient);

  // Withdrawals dated on or after `since`, one per subject (the earliest), oldest first.
  Result<std::vector<Withdrawal>> WithdrawnSince(const std::string& key_id, CivilDate since);

  Result<int64_t> CountRecords(const std::string& key_id);

 private:
  explicit ConsentStore(std::unique_ptr<ledger::SqliteDb> db) : db_(std::move(db)) {}
  Result<bool> IsVersion1();
  Status CreateOrMigrateSchema();
  Status InsertRecords(const std::string& key_id, std::span<const ConsentRecord> records);
  // The id of these terms in consent_terms, added if new.
  Result<int64_t> TermsId(const std::string& recipients, const std::string& purposes,
                          const std::string& categories, const std::string& notice);
  std::unique_ptr<ledger::SqliteDb> db_;
};

}  // namespace xb::consent

#endif  // XBORDER_CONSENT_CONSENT_STORE_H_
