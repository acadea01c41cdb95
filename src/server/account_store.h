// Storage for the service's own records: users (with their token hashes), dashboard sessions and
// the access log (DESIGN.md §12). An interface with two implementations, the SQLite file
// (sqlite_account_store.h) and PostgreSQL (postgres_account_store.h); OpenAccountStore picks by
// the --db value. Both keep the same rows, so `xborder db migrate` moves them (ExportAccounts,
// ImportAccounts, ReadAccess).
//
// Nothing here holds a secret in the clear: tokens and session ids are stored as SHA-256
// (token.h says why that is enough).
//
// Thread-safety: one AccountStore per thread, or callers serialise (the server keeps one for
// sign-ins behind a mutex and one for the access log's writer thread). Several processes and
// servers may share one database.
#ifndef XBORDER_SERVER_ACCOUNT_STORE_H_
#define XBORDER_SERVER_ACCOUNT_STORE_H_

#include <array>
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

// The store's tables, the same names on every backend, each before the tables it refers to.
inline constexpr std::array<std::string_view, 3> kAccountTables = {
    "server_users", "server_sessions", "server_access_log"};

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
  int64_t id = 0;  // its place in the log once stored (ascending); 0 for a record not stored yet
  int64_t time_unix_ms = 0;
  std::optional<int64_t> user_id;  // absent for anonymous requests
  std::string role;                // "" when anonymous
  std::string method;
  std::string route;  // the template, e.g. "/v1/ledger/entries/{index}"; "(unmatched)" if none
  int status = 0;
  int64_t latency_us = 0;
};

// A user as stored, with the hash of their token (for moving accounts between databases).
struct StoredUser {
  User user;
  Digest token_hash{};
};

struct StoredSession {
  Digest id_hash{};
  int64_t user_id = 0;
  int64_t expires_unix = 0;
};

struct AccountsExport {
  std::vector<StoredUser> users;  // by id
  std::vector<StoredSession> sessions;
};

enum class AccountAccess {
  kRead,   // writes nothing; a database without the service's tables reads as empty
  kWrite,  // creates the tables if needed
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

  // Appends records in one transaction (their ids are ignored; the store numbers them).
  virtual Status AppendAccess(std::span<const AccessRecord> records) = 0;
  // The newest `limit` records, newest first.
  virtual Result<std::vector<AccessRecord>> RecentAccess(int64_t limit) = 0;
  // Up to `limit` records with an id above `after_id`, oldest first (to read the whole log in
  // pages).
  virtual Result<std::vector<AccessRecord>> ReadAccess(int64_t after_id, int64_t limit) = 0;

  // Every user (with token hash) and session, for moving them to another database.
  virtual Result<AccountsExport> ExportAccounts() = 0;
  // Adds the users with their ids, then the sessions, all or none (later users get ids above
  // these). Errors: kFailedPrecondition if a name or id is taken; storage errors.
  virtual Status ImportAccounts(const AccountsExport& accounts) = 0;
};

bool IsValidUserName(std::string_view name);

// Opens the account store of an xborder database: PostgreSQL for a postgresql:// (or
// postgres://) URL, else the SQLite file at that path (created with kWrite if missing).
// Errors: those of opening the database (kNotFound for an absent SQLite file read with kRead,
// kIo when PostgreSQL cannot be reached); kFailedPrecondition for a newer PostgreSQL schema.
Result<std::unique_ptr<AccountStore>> OpenAccountStore(
    const std::string& db, AccountAccess access = AccountAccess::kWrite);

}  // namespace xb::server

#endif  // XBORDER_SERVER_ACCOUNT_STORE_H_
