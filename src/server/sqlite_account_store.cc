#include "server/sqlite_account_store.h"

#include <utility>

#include "ledger/sqlite_db.h"

namespace xb::server {
namespace {

using ledger::SqliteDb;
using ledger::SqliteStatement;

constexpr ledger::SqliteTable kTables[] = {
    {"server_users",
     "(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL, "
     "token_sha256 BLOB NOT NULL UNIQUE, created_unix INTEGER NOT NULL, disabled_unix INTEGER)"},
    {"server_sessions",
     "(id_sha256 BLOB PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES server_users(id), "
     "expires_unix INTEGER NOT NULL)"},
    {"server_access_log",
     "(id INTEGER PRIMARY KEY, time_unix_ms INTEGER NOT NULL, user_id INTEGER, "
     "role TEXT NOT NULL, method TEXT NOT NULL, route TEXT NOT NULL, status INTEGER NOT NULL, "
     "latency_us INTEGER NOT NULL)"},
};

// A row of SELECT id, name, role, created_unix, disabled_unix (in this order).
User ReadUser(const SqliteStatement& s) {
  User u;
  u.id = s.Int(0);
  u.name = std::string(s.Bytes(1));
  u.role = ParseRole(s.Bytes(2)).value_or(Role::kAuditor);
  u.created_unix = s.Int(3);
  if (!s.IsNull(4)) u.disabled_unix = s.Int(4);
  return u;
}

std::span<const uint8_t> Bytes(const Digest& d) { return std::span<const uint8_t>(d); }

class SqliteAccountStore final : public AccountStore {
 public:
  explicit SqliteAccountStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}

  Result<User> AddUser(std::string_view name, Role role, const Digest& token_hash,
                       int64_t now_unix) override {
    if (!IsValidUserName(name)) {
      return InvalidArgument("a user name is 1 to 64 of A-Z a-z 0-9 . _ @ -", {"", 0, "NAME"});
    }
    User u;
    Status s = db_->Write([&]() -> Status {
      XB_ASSIGN_OR_RETURN(SqliteStatement find,
                          db_->Prepare("SELECT 1 FROM server_users WHERE name = ?"));
      find.BindText(1, name);
      XB_ASSIGN_OR_RETURN(bool taken, find.Step());
      if (taken) return FailedPrecondition("a user with this name exists already", {"", 0, "NAME"});
      XB_ASSIGN_OR_RETURN(SqliteStatement insert,
                          db_->Prepare("INSERT INTO server_users(name, role, token_sha256, "
                                       "created_unix) VALUES(?,?,?,?) RETURNING id"));
      insert.BindText(1, name).BindText(2, RoleName(role)).BindBlob(3, Bytes(token_hash));
      insert.Bind(4, now_unix);
      XB_ASSIGN_OR_RETURN(bool row, insert.Step());
      if (!row) return Internal("no id for the new user");
      u.id = insert.Int(0);
      return Status::Ok();
    });
    if (!s.ok()) return std::move(s).error();
    u.name = std::string(name);
    u.role = role;
    u.created_unix = now_unix;
    return u;
  }

  Result<std::vector<User>> ListUsers() override {
    return db_->Read([&]() -> Result<std::vector<User>> {
      XB_ASSIGN_OR_RETURN(SqliteStatement s,
                          db_->Prepare("SELECT id, name, role, created_unix, disabled_unix "
                                       "FROM server_users ORDER BY id"));
      std::vector<User> out;
      for (;;) {
        XB_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) break;
        out.push_back(ReadUser(s));
      }
      return out;
    });
  }

  Result<User> DisableUser(std::string_view name, int64_t now_unix) override {
    User u;
    Status s = db_->Write([&]() -> Status {
      XB_ASSIGN_OR_RETURN(SqliteStatement find,
                          db_->Prepare("SELECT id, name, role, created_unix, disabled_unix "
                                       "FROM server_users WHERE name = ?"));
      find.BindText(1, name);
      XB_ASSIGN_OR_RETURN(bool found, find.Step());
      if (!found) return NotFound("no such user", {"", 0, "NAME"});
      u = ReadUser(find);
      if (!u.disabled_unix) {
        XB_ASSIGN_OR_RETURN(SqliteStatement update,
                            db_->Prepare("UPDATE server_users SET disabled_unix = ? WHERE id = ?"));
        update.Bind(1, now_unix).Bind(2, u.id);
        XB_RETURN_IF_ERROR(update.Run());
        u.disabled_unix = now_unix;
      }
      XB_ASSIGN_OR_RETURN(SqliteStatement end,
                          db_->Prepare("DELETE FROM server_sessions WHERE user_id = ?"));
      end.Bind(1, u.id);
      return end.Run();
    });
    if (!s.ok()) return std::move(s).error();
    return u;
  }

  Result<std::optional<User>> FindUserByToken(const Digest& token_hash) override {
    XB_ASSIGN_OR_RETURN(SqliteStatement s,
                        db_->Prepare("SELECT id, name, role, created_unix, disabled_unix "
                                     "FROM server_users "
                                     "WHERE token_sha256 = ? AND disabled_unix IS NULL"));
    s.BindBlob(1, Bytes(token_hash));
    XB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<User>();
    return std::optional<User>(ReadUser(s));
  }

  Status PutSession(const Digest& session_hash, int64_t user_id, int64_t expires_unix) override {
    XB_ASSIGN_OR_RETURN(SqliteStatement s,
                        db_->Prepare("INSERT INTO server_sessions(id_sha256, user_id, "
                                     "expires_unix) VALUES(?,?,?)"));
    s.BindBlob(1, Bytes(session_hash)).Bind(2, user_id).Bind(3, expires_unix);
    return s.Run();
  }

  Result<std::optional<User>> FindSession(const Digest& session_hash, int64_t now_unix) override {
    XB_ASSIGN_OR_RETURN(
        SqliteStatement s,
        db_->Prepare("SELECT u.id, u.name, u.role, u.created_unix, u.disabled_unix "
                     "FROM server_sessions s JOIN server_users u ON u.id = s.user_id "
                     "WHERE s.id_sha256 = ? AND s.expires_unix > ? AND u.disabled_unix IS NULL"));
    s.BindBlob(1, Bytes(session_hash)).Bind(2, now_unix);
    XB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<User>();
    return std::optional<User>(ReadUser(s));
  }

  Status DeleteSession(const Digest& session_hash) override {
    XB_ASSIGN_OR_RETURN(SqliteStatement s,
                        db_->Prepare("DELETE FROM server_sessions WHERE id_sha256 = ?"));
    s.BindBlob(1, Bytes(session_hash));
    return s.Run();
  }

  Status PurgeSessions(int64_t now_unix) override {
    XB_ASSIGN_OR_RETURN(SqliteStatement s,
                        db_->Prepare("DELETE FROM server_sessions WHERE expires_unix <= ?"));
    s.Bind(1, now_unix);
    return s.Run();
  }

  Status AppendAccess(std::span<const AccessRecord> records) override {
    if (records.empty()) return Status::Ok();
    return db_->Write([&]() -> Status {
      XB_ASSIGN_OR_RETURN(SqliteStatement s,
                          db_->Prepare("INSERT INTO server_access_log(time_unix_ms, user_id, "
                                       "role, method, route, status, latency_us) "
                                       "VALUES(?,?,?,?,?,?,?)"));
      for (const AccessRecord& r : records) {
        s.Bind(1, r.time_unix_ms);
        if (r.user_id) {
          s.Bind(2, *r.user_id);
        } else {
          s.BindNull(2);
        }
        s.BindText(3, r.role).BindText(4, r.method).BindText(5, r.route);
        s.Bind(6, r.status).Bind(7, r.latency_us);
        XB_RETURN_IF_ERROR(s.Run());
        s.Reset();
      }
      return Status::Ok();
    });
  }

  Result<std::vector<AccessRecord>> RecentAccess(int64_t limit) override {
    XB_ASSIGN_OR_RETURN(SqliteStatement s,
                        db_->Prepare("SELECT id, time_unix_ms, user_id, role, method, route, "
                                     "status, latency_us FROM server_access_log "
                                     "ORDER BY id DESC LIMIT ?"));
    s.Bind(1, limit);
    return ReadAccessRows(s);
  }

  Result<std::vector<AccessRecord>> ReadAccess(int64_t after_id, int64_t limit) override {
    XB_ASSIGN_OR_RETURN(SqliteStatement s,
                        db_->Prepare("SELECT id, time_unix_ms, user_id, role, method, route, "
                                     "status, latency_us FROM server_access_log WHERE id > ? "
                                     "ORDER BY id LIMIT ?"));
    s.Bind(1, after_id).Bind(2, limit);
    return ReadAccessRows(s);
  }

  Result<AccountsExport> ExportAccounts() override {
    return db_->Read([&]() -> Result<AccountsExport> {
      AccountsExport out;
      {
        XB_ASSIGN_OR_RETURN(SqliteStatement s,
                            db_->Prepare("SELECT id, name, role, created_unix, disabled_unix, "
                                         "token_sha256 FROM server_users ORDER BY id"));
        for (;;) {
          XB_ASSIGN_OR_RETURN(bool row, s.Step());
          if (!row) break;
          StoredUser u;
          u.user = ReadUser(s);
          XB_ASSIGN_OR_RETURN(u.token_hash, s.Digest32(5, "a user's token hash"));
          out.users.push_back(std::move(u));
        }
      }
      XB_ASSIGN_OR_RETURN(SqliteStatement s,
                          db_->Prepare("SELECT id_sha256, user_id, expires_unix FROM "
                                       "server_sessions ORDER BY user_id, id_sha256"));
      for (;;) {
        XB_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) break;
        StoredSession session;
        XB_ASSIGN_OR_RETURN(session.id_hash, s.Digest32(0, "a session id hash"));
        session.user_id = s.Int(1);
        session.expires_unix = s.Int(2);
        out.sessions.push_back(session);
      }
      return out;
    });
  }

  Status ImportAccounts(const AccountsExport& accounts) override {
    return db_->Write([&]() -> Status {
      XB_ASSIGN_OR_RETURN(SqliteStatement taken,
                          db_->Prepare("SELECT 1 FROM server_users WHERE id = ? OR name = ?"));
      XB_ASSIGN_OR_RETURN(SqliteStatement user,
                          db_->Prepare("INSERT INTO server_users(id, name, role, token_sha256, "
                                       "created_unix, disabled_unix) VALUES(?,?,?,?,?,?)"));
      for (const StoredUser& u : accounts.users) {
        taken.Reset();
        taken.Bind(1, u.user.id).BindText(2, u.user.name);
        XB_ASSIGN_OR_RETURN(bool exists, taken.Step());
        if (exists) return FailedPrecondition("a user with this id or name exists already");
        user.Reset();
        user.Bind(1, u.user.id).BindText(2, u.user.name).BindText(3, RoleName(u.user.role));
        user.BindBlob(4, Bytes(u.token_hash)).Bind(5, u.user.created_unix);
        if (u.user.disabled_unix) {
          user.Bind(6, *u.user.disabled_unix);
        } else {
          user.BindNull(6);
        }
        XB_RETURN_IF_ERROR(user.Run());
      }
      XB_ASSIGN_OR_RETURN(SqliteStatement session,
                          db_->Prepare("INSERT INTO server_sessions(id_sha256, user_id, "
                                       "expires_unix) VALUES(?,?,?)"));
      for (const StoredSession& s : accounts.sessions) {
        session.Reset();
        session.BindBlob(1, Bytes(s.id_hash)).Bind(2, s.user_id).Bind(3, s.expires_unix);
        XB_RETURN_IF_ERROR(session.Run());
      }
      return Status::Ok();
    });
  }

 private:
  // Rows of (id, time_unix_ms, user_id, role, method, route, status, latency_us).
  static Result<std::vector<AccessRecord>> ReadAccessRows(SqliteStatement& s) {
    std::vector<AccessRecord> out;
    for (;;) {
      XB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return out;
      AccessRecord r;
      r.id = s.Int(0);
      r.time_unix_ms = s.Int(1);
      if (!s.IsNull(2)) r.user_id = s.Int(2);
      r.role = std::string(s.Bytes(3));
      r.method = std::string(s.Bytes(4));
      r.route = std::string(s.Bytes(5));
      r.status = static_cast<int>(s.Int(6));
      r.latency_us = s.Int(7);
      out.push_back(std::move(r));
    }
  }

  std::unique_ptr<SqliteDb> db_;
};

}  // namespace

Result<std::unique_ptr<AccountStore>> OpenSqliteAccountStore(const std::string& path,
                                                             AccountAccess access) {
  if (access == AccountAccess::kRead) {
    XB_ASSIGN_OR_RETURN(auto db, SqliteDb::Open(path, ledger::SqliteAccess::kReadOnly));
    XB_RETURN_IF_ERROR(db->EnsureTables(kTables));
    return std::unique_ptr<AccountStore>(std::make_unique<SqliteAccountStore>(std::move(db)));
  }
  XB_ASSIGN_OR_RETURN(auto db, SqliteDb::Open(path, ledger::SqliteAccess::kCreate));
  XB_RETURN_IF_ERROR(db->Exec("PRAGMA foreign_keys=ON"));
  // synchronous=NORMAL on this connection: with WAL a commit is still atomic and survives a
  // crash of the process; only a power loss can drop the last access-log batches. Users and
  // sessions can be made again; the ledger's own connections keep FULL.
  XB_RETURN_IF_ERROR(db->Exec("PRAGMA synchronous=NORMAL"));
  XB_RETURN_IF_ERROR(db->EnsureTables(kTables));
  return std::unique_ptr<AccountStore>(std::make_unique<SqliteAccountStore>(std::move(db)));
}

}  // namespace xb::server
