// Storage for the service's own records: users (with their token hashes), dashboard sessions and
// the access log (DESIGN.md §12). An interface, so that a PostgreSQL implementation can stand
// beside the SQLite one (sqlite_account_store.h); OpenAccountStore picks by the --db value.
//
// Nothing here holds a secret in the clear: tokens and session ids are stored as SHA-256
// (token.h says why that is enough).
//
// Thread-safety: one AccountStore per thread, or callers serialise (the server keeps one per
// worker behind a mutex). Several processes may share one database.
#ifndef XBORDER_SERVER_ACCOUNT_STORE_H_
#define XBORDER_SERVER_ACCOUNT_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.h"
#include "core/status.h"
#include "server/role.h"

namespace xb::server {

struct User {
  int64_t id = 0;
  std::string name;
  Role role = Role::kAuditor;
  int64_t created_unix = 0;
  std::optional<int64_t> disabled_unix;  // set once disabled; a disabled user never signs in
};

// One request, as the access log keeps it: who, what (method and route template, never the
// raw path or query with its values), when, status and latency.
struct AccessRecord {
  int64_t time_unix_ms = 0;
  std::optional<int64_t> user_id;  // absent for anonymous requests
  std::string role;                // "" when anonymous
  std::string method;
  std::string route;  // the template, e.g. "/v1/ledger/entries/{index}"; "(unmatched)" if none
  int status = 0;
  int64_t latency_us = 0;
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // Errors: kInvalidArgument for a bad name (1-64 of A-Z a-z 0-9 . _ @ -);
  // kFailedPrecondition if the name is taken.
  virtual Result<User> AddUser(std::string_view name, Role role, const Digest& token_hash,
                               int64_t now_unix) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;
  // Disables the user and ends their sessions. Errors: kNotFound.
  virtual Result<User> DisableUser(std::string_view name, int64_t now_unix) = 0;
  // The enabled user holding the token with this hash, or nullopt.
  virtual Result<std::optional<User>> FindUserByToken(const Digest& token_hash) = 0;

  virtual Status PutSession(const Digest& session_hash, int64_t user_id, int64_t expires_unix) = 0;
  // The enabled user of an unexpired session, or nullopt.
  virtual Result<std::optional<User>> FindSession(const Digest& session_hash, int64_t now_unix) = 0;
  virtual Status DeleteSession(const Digest& session_hash) = 0;
  // Removes sessions that expired before `now_unix`.
  virtual Status PurgeSessions(int64_t now_unix) = 0;

  // Appends records in one transaction.
  virtual Status AppendAccess(std::span<const AccessRecord> records) = 0;
  // The newest `limit` records, newest first.
  virtual Result<std::vector<AccessRecord>> RecentAccess(int64_t limit) = 0;
};

bool IsValidUserName(std::string_view name);

// Opens the account store of an xborder database: SQLite at a path (created if missing).
// Errors: kInvalidArgument for a postgresql:// URL until that backend lands; kIo.
Result<std::unique_ptr<AccountStore>> OpenAccountStore(const std::string& db);

}  // namespace xb::server

#endif  // XBORDER_SERVER_ACCOUNT_STORE_H_
