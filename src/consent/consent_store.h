// The consent registry: consent records in the xborder database (the same SQLite file as the
// ledger, tables of its own). Subjects are keyed hashes, scoped by the key id, so records made
// under another key are never compared with this key's hashes.
//
// Thread-safety: one store per thread. Several processes may use one file at once (SQLite WAL,
// busy timeout); an import is one transaction.
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

struct sqlite3;

namespace xb::consent {

using ConsentIndex = std::unordered_map<Digest, std::vector<ConsentRecord>, DigestHash>;

struct Withdrawal {
  Digest subject{};
  CivilDate withdrawn_at;
};

class ConsentStore {
 public:
  // Opens (creating if needed) the database at `path`. Errors: kIo with the path.
  static Result<std::unique_ptr<ConsentStore>> Open(const std::string& path);
  ~ConsentStore();
  ConsentStore(const ConsentStore&) = delete;  // owns a database connection
  ConsentStore& operator=(const ConsentStore&) = delete;

  // Adds records, all or none.
  Status Import(const std::string& key_id, std::span<const ConsentRecord> records);

  // Every record under `key_id`, grouped by subject (for checking whole datasets at once).
  Result<ConsentIndex> LoadAll(const std::string& key_id);

  // Marks the subject's active records withdrawn on `on` (only those covering `recipient`
  // when given). Returns how many records changed.
  Result<int64_t> Withdraw(const std::string& key_id, const Digest& subject, CivilDate on,
                           const std::optional<std::string>& recipient);

  // Withdrawals dated on or after `since`, one per subject (the earliest), oldest first.
  Result<std::vector<Withdrawal>> WithdrawnSince(const std::string& key_id, CivilDate since);

  Result<int64_t> CountRecords(const std::string& key_id);

 private:
  explicit ConsentStore(sqlite3* db) : db_(db) {}
  Status Exec(const char* sql);
  Status CreateOrMigrateSchema();
  Status InsertRecords(const std::string& key_id, std::span<const ConsentRecord> records);
  // The id of these terms in consent_terms, added if new.
  Result<int64_t> TermsId(const std::string& recipients, const std::string& purposes,
                          const std::string& categories, const std::string& notice);
  sqlite3* db_;
};

}  // namespace xb::consent

#endif  // XBORDER_CONSENT_CONSENT_STORE_H_
