#include "server/sqlite_account_store.h"

#include <sqlite3.h>

#include <cstring>
#include <utility>

namespace xb::server {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS server_users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  token_sha256 BLOB NOT NULL UNIQUE,
  created_unix INTEGER NOT NULL,
  disabled_unix INTEGER
);
CREATE TABLE IF NOT EXISTS server_sessions (
  id_sha256 BLOB PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES server_users(id),
  expires_unix INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS server_access_log (
  id INTEGER PRIMARY KEY,
  time_unix_ms INTEGER NOT NULL,
  user_id INTEGER,
  role TEXT NOT NULL,
  method TEXT NOT NULL,
  route TEXT NOT NULL,
  status INTEGER NOT NULL,
  latency_us INTEGER NOT NULL
);
)sql";

// A prepared statement that finalises itself.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() { return stmt_; }
  void Bind(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void Bind(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void Bind(int i, const Digest& d) {
    sqlite3_bind_blob(stmt_, i, d.data(), static_cast<int>(d.size()), SQLITE_TRANSIENT);
  }
  void BindNull(int i) { sqlite3_bind_null(stmt_, i); }
  int Step() { return sqlite3_step(stmt_); }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  int64_t Int(int col) { return sqlite3_column_int64(stmt_, col); }
  bool IsNull(int col) { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string Text(int col) {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t ? reinterpret_cast<const char*>(t) : "";
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_ERROR;
};

class SqliteAccountStore final : public AccountStore {
 public:
  explicit SqliteAccountStore(sqlite3* db) : db_(db) {}
  ~SqliteAccountStore() override { sqlite3_close(db_); }
  SqliteAccountStore(const SqliteAccountStore&) = delete;  // owns a connection
  SqliteAccountStore& operator=(const SqliteAccountStore&) = delete;

  Status Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown";
      sqlite3_free(err);
      return IoError("account database: " + msg);
    }
    return Status::Ok();
  }

  Result<User> AddUser(std::string_view name, Role role, const Digest& token_hash,
                       int64_t now_unix) override {
    if (!IsValidUserName(name)) {
      return InvalidArgument("a user name is 1 to 64 of A-Z a-z 0-9 . _ @ -", {"", 0, "NAME"});
    }
    Stmt s(db_, "INSERT INTO server_users(name, role, token_sha256, created_unix) VALUES(?,?,?,?)");
    if (!s.ok()) return Failed();
    s.Bind(1, name);
    s.Bind(2, RoleName(role));
    s.Bind(3, token_hash);
    s.Bind(4, now_unix);
    int rc = s.Step();
    if (rc == SQLITE_CONSTRAINT) {
      return FailedPrecondition("a user with this name exists already", {"", 0, "NAME"});
    }
    if (rc != SQLITE_DONE) return Failed();
    User u;
    u.id = sqlite3_last_insert_rowid(db_);
    u.name = std::string(name);
    u.role = role;
    u.created_unix = now_unix;
    return u;
  }

  Result<std::vector<User>> ListUsers() override {
    Stmt s(db_, "SELECT id, name, role, created_unix, disabled_unix FROM server_users ORDER BY id");
    if (!s.ok()) return Failed();
    std::vector<User> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadUser(s, 0));
    if (rc != SQLITE_DONE) return Failed();
    return out;
  }

  Result<User> DisableUser(std::string_view name, int64_t now_unix) override {
    XB_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
    auto result = DisableUserLocked(name, now_unix);
    if (!result.ok()) {
      (void)Exec("ROLLBACK");
      return result;
    }
    XB_RETURN_IF_ERROR(Exec("COMMIT"));
    return result;
  }

  Result<std::optional<User>> FindUserByToken(const Digest& token_hash) override {
    Stmt s(db_,
           "SELECT id, name, role, created_unix, disabled_unix FROM server_users "
           "WHERE token_sha256 = ? AND disabled_unix IS NULL");
    if (!s.ok()) return Failed();
    s.Bind(1, token_hash);
    int rc = s.Step();
    if (rc == SQLITE_ROW) return std::optional<User>(ReadUser(s, 0));
    if (rc != SQLITE_DONE) return Failed();
    return std::optional<User>();
  }

  Status PutSession(const Digest& session_hash, int64_t user_id, int64_t expires_unix) override {
    Stmt s(db_, "INSERT INTO server_sessions(id_sha256, user_id, expires_unix) VALUES(?,?,?)");
    if (!s.ok()) return Failed();
    s.Bind(1, session_hash);
    s.Bind(2, user_id);
    s.Bind(3, expires_unix);
    if (s.Step() != SQLITE_DONE) return Failed();
    return Status::Ok();
  }

  Result<std::optional<User>> FindSession(const Digest& session_hash, int64_t now_unix) override {
    Stmt s(db_,
           "SELECT u.id, u.name, u.role, u.created_unix, u.disabled_unix FROM server_sessions s "
           "JOIN server_users u ON u.id = s.user_id "
           "WHERE s.id_sha256 = ? AND s.expires_unix > ? AND u.disabled_unix IS NULL");
    if (!s.ok()) return Failed();
    s.Bind(1, session_hash);
    s.Bind(2, now_unix);
    int rc = s.Step();
    if (rc == SQLITE_ROW) return std::optional<User>(ReadUser(s, 0));
    if (rc != SQLITE_DONE) return Failed();
    return std::optional<User>();
  }

  Status DeleteSession(const Digest& session_hash) override {
    Stmt s(db_, "DELETE FROM server_sessions WHERE id_sha256 = ?");
    if (!s.ok()) return Failed();
    s.Bind(1, session_hash);
    if (s.Step() != SQLITE_DONE) return Failed();
    return Status::Ok();
  }

  Status PurgeSessions(int64_t now_unix) override {
    Stmt s(db_, "DELETE FROM server_sessions WHERE expires_unix <= ?");
    if (!s.ok()) return Failed();
    s.Bind(1, now_unix);
    if (s.Step() != SQLITE_DONE) return Failed();
    return Status::Ok();
  }

  Status AppendAccess(std::span<const AccessRecord> records) override {
    if (records.empty()) return Status::Ok();
    XB_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
    Status s = InsertAccess(records);
    if (!s.ok()) {
      (void)Exec("ROLLBACK");
      return s;
    }
    return Exec("COMMIT");
  }

  Result<std::vector<AccessRecord>> RecentAccess(int64_t limit) override {
    Stmt s(db_,
           "SELECT time_unix_ms, user_id, role, method, route, status, latency_us "
           "FROM server_access_log ORDER BY id DESC LIMIT ?");
    if (!s.ok()) return Failed();
    s.Bind(1, limit);
    std::vector<AccessRecord> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      AccessRecord r;
      r.time_unix_ms = s.Int(0);
      if (!s.IsNull(1)) r.user_id = s.Int(1);
      r.role = s.Text(2);
      r.method = s.Text(3);
      r.route = s.Text(4);
      r.status = static_cast<int>(s.Int(5));
      r.latency_us = s.Int(6);
      out.push_back(std::move(r));
    }
    if (rc != SQLITE_DONE) return Failed();
    return out;
  }

 private:
  Error Failed() const { return IoError(std::string("account database: ") + sqlite3_errmsg(db_)); }

  static User ReadUser(Stmt& s, int first) {
    User u;
    u.id = s.Int(first);
    u.name = s.Text(first + 1);
    u.role = ParseRole(s.Text(first + 2)).value_or(Role::kAuditor);
    u.created_unix = s.Int(first + 3);
    if (!s.IsNull(first + 4)) u.disabled_unix = s.Int(first + 4);
    return u;
  }

  Result<User> DisableUserLocked(std::string_view name, int64_t now_unix) {
    Stmt find(
        db_, "SELECT id, name, role, created_unix, disabled_unix FROM server_users WHERE name = ?");
    if (!find.ok()) return Failed();
    find.Bind(1, name);
    if (find.Step() != SQLITE_ROW) return NotFound("no such user", {"", 0, "NAME"});
    User u = ReadUser(find, 0);
    if (!u.disabled_unix) {
      Stmt upd(db_, "UPDATE server_users SET disabled_unix = ? WHERE id = ?");
      if (!upd.ok()) return Failed();
      upd.Bind(1, now_unix);
      upd.Bind(2, u.id);
      if (upd.Step() != SQLITE_DONE) return Failed();
      u.disabled_unix = now_unix;
    }
    Stmt del(db_, "DELETE FROM server_sessions WHERE user_id = ?");
    if (!del.ok()) return Failed();
    del.Bind(1, u.id);
    if (del.Step() != SQLITE_DONE) return Failed();
    return u;
  }

  Status InsertAccess(std::span<const AccessRecord> records) {
    Stmt s(db_,
           "INSERT INTO server_access_log(time_unix_ms, user_id, role, method, route, status, "
           "latency_us) VALUES(?,?,?,?,?,?,?)");
    if (!s.ok()) return Failed();
    for (const AccessRecord& r : records) {
      s.Bind(1, r.time_unix_ms);
      if (r.user_id) {
        s.Bind(2, *r.user_id);
      } else {
        s.BindNull(2);
      }
      s.Bind(3, r.role);
      s.Bind(4, r.method);
      s.Bind(5, r.route);
      s.Bind(6, static_cast<int64_t>(r.status));
      s.Bind(7, r.latency_us);
      if (s.Step() != SQLITE_DONE) return Failed();
      s.Reset();
    }
    return Status::Ok();
  }

  sqlite3* db_;
};

}  // namespace

Result<std::unique_ptr<AccountStore>> OpenSqliteAccountStore(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return IoError("cannot open database: " + msg, {path});
  }
  sqlite3_busy_timeout(db, 10000);
  auto store = std::make_unique<SqliteAccountStore>(db);
  XB_RETURN_IF_ERROR(store->Exec("PRAGMA journal_mode=WAL"));
  XB_RETURN_IF_ERROR(store->Exec("PRAGMA foreign_keys=ON"));
  // WAL with synchronous=NORMAL: a commit is atomic and survives a crash of the process; only a
  // power loss can drop the last access-log batches. Users and sessions are re-creatable.
  XB_RETURN_IF_ERROR(store->Exec("PRAGMA synchronous=NORMAL"));
  XB_RETURN_IF_ERROR(store->Exec(kSchema));
  return std::unique_ptr<AccountStore>(std::move(store));
}

}  // namespace xb::server
