#include "ledger/sqlite_db.h"

#include <sqlite3.h>

#include <cstring>
#include <thread>

namespace xb::ledger {
namespace {

// SQLite URI filename for `path` (https://sqlite.org/uri.html): every byte that could end the
// path or start an escape is percent-encoded.
std::string UriPath(const std::string& path) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "file:";
  for (unsigned char c : path) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '/' || c == '.' || c == '-' || c == '_';
    if (plain) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

// Whether the write-ahead log beside `path` holds anything a reader needs.
bool HasWriteAheadLog(const std::string& path) {
  struct stat st;
  return ::stat((path + "-wal").c_str(), &st) == 0 && st.st_size > 0;
}

bool SameState(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino && a.st_size == b.st_size &&
         a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec;
}

// The start of some SQL, for error messages (bound values are never part of it).
std::string SqlHead(const char* sql) {
  if (sql == nullptr) return "statement";
  std::string head(sql, strnlen(sql, 60));
  for (char& c : head) c = (c == '\n') ? ' ' : c;
  return head;
}

}  // namespace

// ------------------------------------------------------------------ SqliteStatement

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      slot_(std::exchange(other.slot_, nullptr)),
      bind_rc_(other.bind_rc_),
      bind_index_(other.bind_index_) {}

SqliteStatement::~SqliteStatement() {
  if (stmt_ == nullptr) return;
  if (slot_ == nullptr) {
    sqlite3_finalize(stmt_);
    return;
  }
  // The step's error, if any, was returned by Step(); reset only rewinds.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  slot_->in_use = false;
}

void SqliteStatement::Remember(int rc, int index) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) {
    bind_rc_ = rc;
    bind_index_ = index;
  }
}

SqliteStatement& SqliteStatement::Bind(int index, int64_t value) {
  Remember(sqlite3_bind_int64(stmt_, index, value), index);
  return *this;
}

SqliteStatement& SqliteStatement::BindText(int index, std::string_view text) {
  Remember(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8),
           index);
  return *this;
}

SqliteStatement& SqliteStatement::BindBlob(int index, std::span<const uint8_t> bytes) {
  // A null pointer would bind NULL, not an empty blob.
  static const uint8_t kEmpty = 0;
  Remember(sqlite3_bind_blob64(stmt_, index, bytes.empty() ? &kEmpty : bytes.data(), bytes.size(),
                               SQLITE_STATIC),
           index);
  return *this;
}

SqliteStatement& SqliteStatement::BindBlob(int index, std::string_view bytes) {
  return BindBlob(index, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()),
                                                  bytes.size()));
}

SqliteStatement& SqliteStatement::BindNull(int index) {
  Remember(sqlite3_bind_null(stmt_, index), index);
  return *this;
}

Error SqliteStatement::StepError(int rc) const {
  return db_->SqlError(rc, SqlHead(sqlite3_sql(stmt_)));
}

Result<bool> SqliteStatement::Step() {
  if (bind_rc_ != SQLITE_OK) {
    return db_->SqlError(bind_rc_, "binding parameter " + std::to_string(bind_index_) + " of " +
                                       SqlHead(sqlite3_sql(stmt_)));
  }
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return StepError(rc);
}

Status SqliteStatement::Run() {
  while (true) {
    XB_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Status::Ok();
  }
}

void SqliteStatement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_rc_ = SQLITE_OK;
  bind_index_ = 0;
}

int64_t SqliteStatement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string_view SqliteStatement::Bytes(int column) const {
  const void* p = sqlite3_column_blob(stmt_, column);
  const int n = sqlite3_column_bytes(stmt_, column);
  return p == nullptr ? std::string_view()
                      : std::string_view(static_cast<const char*>(p), static_cast<size_t>(n));
}

bool SqliteStatement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Result<Digest> SqliteStatement::Digest32(int column, std::string_view what) const {
  std::string_view bytes = Bytes(column);
  if (bytes.size() != 32) {
    return Corruption(std::string(what) + " is not a 32-byte hash", {db_->path()});
  }
  Digest d;
  std::memcpy(d.data(), bytes.data(), d.size());
  return d;
}

// ------------------------------------------------------------------ SqliteDb

Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::string& path, SqliteAccess access) {
  struct stat st;
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (!exists && access != SqliteAccess::kCreate) return NotFound("no such database", {path});
  if (exists && !S_ISREG(st.st_mode)) return InvalidArgument("not a regular file", {path});

  const bool read_only = access == SqliteAccess::kReadOnly;
  std::unique_ptr<SqliteDb> db(new SqliteDb(path, nullptr, read_only));
  std::string name = path;
  int flags = SQLITE_OPEN_NOMUTEX;
  if (read_only) {
    XB_ASSIGN_OR_RETURN(bool immutable, db->PrepareReadOnly());
    name = UriPath(path) + (immutable ? "?mode=ro&immutable=1" : "?mode=ro");
    flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
  } else {
    flags |= SQLITE_OPEN_READWRITE | (access == SqliteAccess::kCreate ? SQLITE_OPEN_CREATE : 0);
  }
  sqlite3* handle = nullptr;
  const int rc = sqlite3_open_v2(name.c_str(), &handle, flags, nullptr);
  db->db_ = handle;  // owned even when the open failed
  if (rc != SQLITE_OK) return db->SqlError(rc, "opening the database");
  sqlite3_extended_result_codes(handle, 1);
  sqlite3_busy_timeout(handle, static_cast<int>(kSqliteBusyTimeout.count()));
  if (read_only) {
    // Stand-in tables live in memory, never in a temporary file.
    XB_RETURN_IF_ERROR(db->Exec("PRAGMA temp_store=MEMORY"));
    // Reads the header now, so a file that is no database fails here, as it does when writable.
    XB_RETURN_IF_ERROR(db->Read([&]() -> Status {
      XB_ASSIGN_OR_RETURN(SqliteStatement probe,
                          db->Prepare("SELECT COUNT(*) FROM main.sqlite_master"));
      return probe.Run();
    }));
  } else {
    // Switching a new database to WAL takes an exclusive lock that SQLite does not wait for
    // through the busy handler: of two processes creating the file at once (two transfers
    // started together), one would fail. Retry for as long as a writer would wait.
    const auto deadline = std::chrono::steady_clock::now() + kSqliteBusyTimeout;
    for (Status wal = db->Exec("PRAGMA journal_mode=WAL"); !wal.ok();
         wal = db->Exec("PRAGMA journal_mode=WAL")) {
      if ((sqlite3_extended_errcode(handle) & 0xFF) != SQLITE_BUSY ||
          std::chrono::steady_clock::now() > deadline) {
        return std::move(wal).error();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    XB_RETURN_IF_ERROR(db->Exec("PRAGMA synchronous=FULL"));
    // Checkpoint when the log reaches 64 MB rather than SQLite's 4 MB: a large append copies its
    // pages into the main file less often (and a reader without a log is disturbed less).
    XB_RETURN_IF_ERROR(db->Exec("PRAGMA wal_autocheckpoint=16384"));
  }
  return db;
}

SqliteDb::~SqliteDb() {
  for (auto& [sql, slot] : cache_) sqlite3_finalize(slot.stmt);
  sqlite3_close(db_);
  // reader_lock_ gives its share back; its descriptor stays open (sqlite_reader_lock.h).
}

Result<bool> SqliteDb::PrepareReadOnly() {
  // The lock is taken before the log is looked for: a writer that removed its log on close had
  // finished checkpointing it into the main file by the time the lock is ours.
  XB_ASSIGN_OR_RETURN(reader_lock_, SqliteReaderLock::Acquire(
                                        path_, static_cast<long>(kSqliteBusyTimeout.count())));
  if (HasWriteAheadLog(path_)) {
    reader_lock_.Release();  // an ordinary connection: SQLite's own locks protect it
    return false;
  }
  XB_ASSIGN_OR_RETURN(opened_, reader_lock_.Stat(path_));
  return true;
}

Status SqliteDb::CheckUnchanged() const {
  if (!reader_lock_.held()) return Status::Ok();
  XB_ASSIGN_OR_RETURN(struct stat now, reader_lock_.Stat(path_));
  if (!SameState(opened_, now)) {
    return IoError(
        "the database changed while it was read (another process wrote to it); "
        "run the command again",
        {path_});
  }
  return Status::Ok();
}

Status SqliteDb::Exec(const char* sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  sqlite3_free(message);  // SqlError reads the connection's message
  if (rc != SQLITE_OK) return SqlError(rc, SqlHead(sql));
  return Status::Ok();
}

Result<SqliteStatement> SqliteDb::Prepare(const char* sql) {
  SqliteStatement::CacheSlot* slot = &cache_[sql];
  if (slot->stmt != nullptr && !slot->in_use) {
    slot->in_use = true;
    return SqliteStatement(this, slot->stmt, slot);
  }
  const bool nested = slot->stmt != nullptr;
  sqlite3_stmt* stmt = nullptr;
  const int rc =
      sqlite3_prepare_v3(db_, sql, -1, nested ? 0 : SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    if (!nested) cache_.erase(sql);
    return SqlError(rc, SqlHead(sql));
  }
  if (nested) return SqliteStatement(this, stmt, nullptr);
  slot->stmt = stmt;
  slot->in_use = true;
  return SqliteStatement(this, stmt, slot);
}

Result<SqliteStatement> SqliteDb::PrepareUncached(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.c_str(), -1, 0, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return SqlError(rc, SqlHead(sql.c_str()));
  }
  return SqliteStatement(this, stmt, nullptr);
}

Result<bool> SqliteDb::HasTable(std::string_view name) {
  XB_ASSIGN_OR_RETURN(
      SqliteStatement q,
      Prepare("SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = ?"));
  q.BindText(1, name);
  return q.Step();
}

Status SqliteDb::EnsureTables(std::span<const SqliteTable> tables) {
  for (const SqliteTable& table : tables) {
    std::string sql;
    if (read_only_) {
      XB_ASSIGN_OR_RETURN(bool present, Read([&] { return HasTable(table.name); }));
      if (present) continue;
      sql = std::string("CREATE TEMP TABLE ") + table.name + table.definition;
    } else {
      sql = std::string("CREATE TABLE IF NOT EXISTS ") + table.name + table.definition;
    }
    XB_RETURN_IF_ERROR(Exec(sql.c_str()));
  }
  return Status::Ok();
}

Status SqliteDb::BeginWrite() {
  if (read_only_) return FailedPrecondition("the database was opened read-only", {path_});
  return RunCached("BEGIN IMMEDIATE");
}

Status SqliteDb::RunCached(const char* sql) {
  XB_ASSIGN_OR_RETURN(SqliteStatement q, Prepare(sql));
  return q.Run();
}

Status SqliteDb::Commit() { return RunCached("COMMIT"); }

void SqliteDb::Rollback() {
  // Fails only when no transaction is open (SQLite already rolled back after an error).
  if (InTransaction()) (void)RunCached("ROLLBACK");
}

bool SqliteDb::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

Status SqliteDb::Write(const std::function<Status()>& fn) {
  XB_RETURN_IF_ERROR(BeginWrite());
  Status s = fn();
  if (!s.ok()) {
    Rollback();
    return s;
  }
  s = Commit();
  if (!s.ok()) Rollback();
  return s;
}

Status SqliteDb::EndRead(bool fn_ok) {
  Status end = fn_ok ? Commit() : Status::Ok();
  if (!fn_ok || !end.ok()) Rollback();
  if (!end.ok()) return end;
  return CheckUnchanged();
}

int64_t SqliteDb::Changes() const { return sqlite3_changes64(db_); }

Error SqliteDb::SqlError(int rc, std::string_view what) const {
  // The connection's message is more precise ("no such table: x") when it is about this code.
  const char* message = db_ != nullptr && sqlite3_extended_errcode(db_) == rc ? sqlite3_errmsg(db_)
                                                                              : sqlite3_errstr(rc);
  const std::string detail = std::string(what) + ": " + message;
  switch (rc & 0xFF) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Corruption("database file is damaged (" + detail + ")", {path_});
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return IoError("database is locked by another process (" + detail + ")", {path_});
    case SQLITE_FULL:
      return MakeError(ErrorCode::kResourceExhausted, "disk full (" + detail + ")", {path_});
    case SQLITE_NOMEM:  // as std::bad_alloc is elsewhere (core/out_of_memory.h)
      return MakeError(ErrorCode::kResourceExhausted, "out of memory (" + detail + ")", {path_});
    case SQLITE_READONLY:
      return IoError("database is read-only (" + detail + ")", {path_});
    default:
      return IoError("database error (" + detail + ")", {path_});
  }
}

}  // namespace xb::ledger
