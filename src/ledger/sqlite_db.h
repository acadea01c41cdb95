// The SQLite connection behind every store kept in the xborder database file (the ledger's
// SqliteStore, the consent registry): one way to open it, one busy timeout, statements whose
// every bind and step is checked, and read-only access that writes nothing, not even beside the
// file.
//
// Read-only access (SqliteAccess::kReadOnly) must work for a user who may only read the file
// and its folder (an auditor running `ledger verify`). The file is in WAL mode, and SQLite reads
// a WAL database through two companion files, "-wal" and "-shm", which a plain read-only
// connection creates when they are absent (SQLite >= 3.22; fails when the folder is not
// writable, and when it is, leaves files owned by the reader that the owner's next writer
// cannot open). So:
//   - with a non-empty "-wal" (a writer is active, or crashed), the connection is an ordinary
//     read-only one ("mode=ro"): SQLite reads the log, and uses private memory for the index
//     when "-shm" is not writable;
//   - without one (every commit is in the main file: the last writer checkpointed and removed
//     the log on close), it opens the file "immutable": no companion files, no locks. To keep
//     that safe while other processes write, it holds, for the connection's life, a shared
//     lock on the bytes SQLite readers lock (SQLite's SHARED lock, through a descriptor the
//     process never closes: sqlite_reader_lock.h), so no writer can checkpoint-on-close and remove
//     the log under it, and after every read it checks that the main file's size and modification
//     time are unchanged (a writer's log reaching its auto-checkpoint would change them); if they
//     changed, the read fails with kIo and can simply be run again.
// A store's tables that the file does not have (no ledger entry or consent record was ever
// written) read as empty: they are stood in for by empty temporary tables in the connection's
// own memory (EnsureTables).
//
// Thread-safety: a SqliteDb and its statements are used by one thread at a time. Several
// processes may open one file at once: writers wait for each other up to kSqliteBusyTimeout.
#ifndef XBORDER_LEDGER_SQLITE_DB_H_
#define XBORDER_LEDGER_SQLITE_DB_H_

#include <sys/stat.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/crypto.h"
#include "core/status.h"
#include "ledger/sqlite_reader_lock.h"

struct sqlite3;
struct sqlite3_stmt;

namespace xb::ledger {

// How long a connection waits for another process's lock before failing with "database is
// locked". One value for every store in the file: an append holds the write lock for its whole
// transaction (seconds for a transfer naming millions of people), and whoever comes next must
// outwait it rather than fail.
inline constexpr std::chrono::milliseconds kSqliteBusyTimeout{60000};

enum class SqliteAccess {
  kReadOnly,   // never writes nor creates anything; kNotFound if the file is absent
  kReadWrite,  // kNotFound if the file is absent
  kCreate,     // creates the file (and nothing above it) if absent
};

// One table of a store's schema.
struct SqliteTable {
  const char* name;
  const char* definition;  // what follows the name in CREATE TABLE: "(...) [WITHOUT ROWID]"
};

class SqliteDb;

// A prepared statement. Binds that fail are remembered and returned by the next Step() or Run(),
// so call sites bind without checking each call and still lose no error. Movable, not copyable;
// must not outlive its SqliteDb.
class SqliteStatement {
 public:
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&&) = delete;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();  // resets a cached statement for reuse, finalizes another

  // Parameters are numbered from 1. Text and blob bytes are not copied: they must stay valid
  // until the statement is reset or destroyed.
  SqliteStatement& Bind(int index, int64_t value);
  SqliteStatement& BindText(int index, std::string_view text);
  SqliteStatement& BindBlob(int index, std::span<const uint8_t> bytes);
  SqliteStatement& BindBlob(int index, std::string_view bytes);
  SqliteStatement& BindNull(int index);

  // Steps once: true when a row is ready, false when the statement is done. Errors: a failed
  // bind; SQLite's (busy, locked, corruption, I/O, constraint ...), as SqliteDb::SqlError.
  Result<bool> Step();
  // Steps a statement that returns no rows to its end.
  Status Run();
  // Rewinds for another run; bindings are cleared.
  void Reset();

  int64_t Int(int column) const;
  std::string_view Bytes(int column) const;  // TEXT or BLOB content; empty for NULL
  bool IsNull(int column) const;
  // Errors: kCorruption naming `what` unless the column holds exactly 32 bytes.
  Result<Digest> Digest32(int column, std::string_view what) const;

 private:
  friend class SqliteDb;
  struct CacheSlot {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  SqliteStatement(SqliteDb* db, sqlite3_stmt* stmt, CacheSlot* slot)
      : db_(db), stmt_(stmt), slot_(slot) {}
  void Remember(int rc, int index);
  Error StepError(int rc) const;

  SqliteDb* db_;
  sqlite3_stmt* stmt_;
  CacheSlot* slot_;  // null: not cached, finalized on destruction
  int bind_rc_ = 0;  // SQLITE_OK, or the first failed bind's code
  int bind_index_ = 0;
};

class SqliteDb {
 public:
  // Opens the database at `path` as `access` allows; when writable, in WAL mode with
  // synchronous=FULL (an acknowledged commit survives a crash or power loss) and a 64 MB
  // checkpoint interval.
  // Errors: kNotFound if absent and not kCreate; kInvalidArgument if `path` is not a regular
  // file; kCorruption if it is not a sound SQLite database; kIo otherwise.
  static Result<std::unique_ptr<SqliteDb>> Open(const std::string& path, SqliteAccess access);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;  // owns a connection
  SqliteDb& operator=(const SqliteDb&) = delete;

  const std::string& path() const { return path_; }
  bool read_only() const { return read_only_; }

  // Runs SQL without results (several statements allowed). Errors as SqlError.
  Status Exec(const char* sql);

  // A statement for `sql`. Statements are prepared once and kept for the connection's life,
  // keyed by the address of `sql` (pass string literals); if the cached one is in use (a nested
  // call), a fresh one is prepared for the nested use.
  Result<SqliteStatement> Prepare(const char* sql);
  // A statement for SQL built at run time (a quoted table name): prepared for this one use and
  // finalized when destroyed, never cached (the cache is keyed by address). Errors as SqlError.
  Result<SqliteStatement> PrepareUncached(const std::string& sql);

  // True when `name` is a table of the file's main schema.
  Result<bool> HasTable(std::string_view name);

  // Creates the tables the file lacks. Read-only: creates them as empty temporary tables in
  // the connection's memory, so the store reads as empty.
  Status EnsureTables(std::span<const SqliteTable> tables);

  // Transactions. BeginWrite takes the write lock now (BEGIN IMMEDIATE), waiting for other
  // writers up to the busy timeout, so what is read inside is what the writes build on.
  // Errors: kFailedPrecondition on a read-only connection; as SqlError.
  Status BeginWrite();
  Status Commit();
  void Rollback();  // never fails in a way the caller could act on
  bool InTransaction() const;

  // Runs fn() inside a write transaction: committed if fn succeeds, rolled back if not.
  Status Write(const std::function<Status()>& fn);

  // Runs `fn` (returning Status or Result<T>) so that all its reads see one state of the
  // database: in a read transaction, or in the caller's transaction if one is open. Errors:
  // fn's; ending the transaction's; on an immutable read-only connection, kIo if the file
  // changed while fn read it.
  template <typename Fn>
  auto Read(Fn&& fn) -> decltype(fn()) {
    const bool outermost = !InTransaction();
    if (outermost) XB_RETURN_IF_ERROR(RunCached("BEGIN"));
    auto result = fn();
    if (!outermost) return result;
    Status end = EndRead(result.ok());
    if (!result.ok()) return result;
    if (!end.ok()) return std::move(end).error();
    return result;
  }

  // Rows changed by the last INSERT, UPDATE or DELETE.
  int64_t Changes() const;

  // SQLite result code `rc` as an Error naming the file: kCorruption for a damaged file,
  // kResourceExhausted for a full disk or no memory, kIo otherwise (with "locked by another
  // process" for busy). `what` says what was being done.
  Error SqlError(int rc, std::string_view what) const;

 private:
  friend class SqliteStatement;
  SqliteDb(std::string path, sqlite3* db, bool read_only)
      : path_(std::move(path)), db_(db), read_only_(read_only) {}
  // Runs a cached statement that returns no rows (transaction control: reads begin and end a
  // transaction each, so parsing them every time would show).
  Status RunCached(const char* sql);
  // Takes the reader lock and decides how to open read-only: true for immutable.
  Result<bool> PrepareReadOnly();
  Status EndRead(bool fn_ok);
  Status CheckUnchanged() const;

  std::string path_;
  sqlite3* db_;
  bool read_only_;
  // Immutable read-only connections only: the share of the reader lock, and the file's state
  // when opened.
  SqliteReaderLock reader_lock_;
  struct stat opened_ {};
  // Node-based, so a statement's slot pointer stays valid as the cache grows.
  std::unordered_map<const char*, SqliteStatement::CacheSlot> cache_;
};

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_SQLITE_DB_H_
