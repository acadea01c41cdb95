#include "ledger/sqlite_store.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <cstring>
#include <unordered_map>
#include <utility>

namespace xb::ledger {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entry(idx INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS node(id INTEGER PRIMARY KEY, hash BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS head(id INTEGER PRIMARY KEY CHECK (id = 0), size INTEGER NOT NULL,
                                root BLOB NOT NULL, note TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entry_group(entry INTEGER PRIMARY KEY, key_id TEXT NOT NULL,
                                       exporter TEXT NOT NULL, year INTEGER NOT NULL,
                                       counted INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS entry_subject(entry INTEGER NOT NULL, kind INTEGER NOT NULL,
                                         hash BLOB NOT NULL,
                                         PRIMARY KEY (entry, kind, hash)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS subject(key_id TEXT NOT NULL, exporter TEXT NOT NULL,
                                   year INTEGER NOT NULL, counted INTEGER NOT NULL,
                                   kind INTEGER NOT NULL, hash BLOB NOT NULL,
                                   first_entry INTEGER NOT NULL,
                                   PRIMARY KEY (key_id, exporter, year, counted, kind, hash))
                                   WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counter(key_id TEXT NOT NULL, exporter TEXT NOT NULL,
                                   year INTEGER NOT NULL, counted INTEGER NOT NULL,
                                   kind INTEGER NOT NULL, n INTEGER NOT NULL,
                                   PRIMARY KEY (key_id, exporter, year, counted, kind))
                                   WITHOUT ROWID;
INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', '1');
)sql";

int64_t NodeId(int level, uint64_t index) {
  return static_cast<int64_t>((static_cast<uint64_t>(level) << 56) | index);
}

Result<Digest> DigestFromBlob(sqlite3_stmt* stmt, int column, std::string_view what) {
  const void* blob = sqlite3_column_blob(stmt, column);
  if (sqlite3_column_bytes(stmt, column) != 32 || blob == nullptr) {
    return Corruption(std::string(what) + " is not a 32-byte hash");
  }
  Digest d;
  std::memcpy(d.data(), blob, 32);
  return d;
}

std::string_view ColumnText(sqlite3_stmt* stmt, int column) {
  const void* p = sqlite3_column_blob(stmt, column);
  int n = sqlite3_column_bytes(stmt, column);
  return p == nullptr ? std::string_view() : std::string_view(static_cast<const char*>(p), n);
}

class SqliteStore;

// A prepared statement borrowed from the cache; reset on scope exit so it can be reused.
class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* s) : s_(s) {}
  ~Stmt() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  sqlite3_stmt* get() const { return s_; }
  void Bind(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void Bind(int i, std::string_view v) {
    sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  void BindText(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  void Bind(int i, const Digest& d) { sqlite3_bind_blob(s_, i, d.data(), 32, SQLITE_STATIC); }

 private:
  sqlite3_stmt* s_;
};

class SqliteStore : public Store {
 public:
  SqliteStore(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}
  ~SqliteStore() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  Error SqlError(int rc, std::string_view what) const {
    std::string detail = std::string(what) + ": " + sqlite3_errstr(rc);
    int primary = rc & 0xFF;
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
      return Corruption("database file is damaged (" + detail + ")", {path_});
    }
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
      return IoError("database is locked by another writer (" + detail + ")", {path_});
    }
    if (primary == SQLITE_FULL) {
      return MakeError(ErrorCode::kResourceExhausted, "disk full (" + detail + ")", {path_});
    }
    return IoError("database error (" + detail + ")", {path_});
  }

  Status Exec(const char* sql) {
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return SqlError(rc, sqlite3_errmsg(db_));
    return Status::Ok();
  }

  Result<sqlite3_stmt*> Prepare(const char* sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return SqlError(rc, sqlite3_errmsg(db_));
    cache_.emplace(sql, stmt);
    return stmt;
  }

  // Runs a statement that returns no rows.
  Status Done(Stmt& stmt, std::string_view what) {
    int rc = sqlite3_step(stmt.get());
    if (rc != SQLITE_DONE) return SqlError(rc, what);
    return Status::Ok();
  }

  Status Init() {
    XB_RETURN_IF_ERROR(Exec("PRAGMA journal_mode=WAL"));
    XB_RETURN_IF_ERROR(Exec("PRAGMA synchronous=FULL"));
    // A large batch touches many pages; a bigger cache keeps them from spilling mid-transaction,
    // and a larger checkpoint interval copies WAL pages into the main file less often.
    XB_RETURN_IF_ERROR(Exec("PRAGMA cache_size=-65536"));
    XB_RETURN_IF_ERROR(Exec("PRAGMA wal_autocheckpoint=16384"));
    XB_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
    Status s = Exec(kSchema);
    if (!s.ok()) {
      (void)Exec("ROLLBACK");
      return s;
    }
    return Exec("COMMIT");
  }

  // ---- reads shared by the store and its transactions ----

  Result<StoredHead> ReadHead() override {
    XB_ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                        Prepare("SELECT size, root, note FROM head WHERE id = 0"));
    Stmt stmt(raw);
    int rc = sqlite3_step(raw);
    StoredHead head;
    if (rc == SQLITE_DONE) {
      head.root = EmptyRoot();
      return head;
    }
    if (rc != SQLITE_ROW) return SqlError(rc, "reading the tree head");
    int64_t size = sqlite3_column_int64(raw, 0);
    if (size < 0) return Corruption("tree head has a negative size", {path_});
    head.size = static_cast<uint64_t>(size);
    XB_ASSIGN_OR_RETURN(head.root, DigestFromBlob(raw, 1, "tree head root"));
    head.note = std::string(ColumnText(raw, 2));
    return head;
  }

  Result<Digest> ReadNode(int level, uint64_t index) override {
    XB_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare("SELECT hash FROM node WHERE id = ?"));
    Stmt stmt(raw);
    stmt.Bind(1, NodeId(level, index));
    int rc = sqlite3_step(raw);
    if (rc == SQLITE_DONE) {
      return NotFound("Merkle node (level " + std::to_string(level) + ", index " +
                      std::to_string(index) + ") is missing");
    }
    if (rc != SQLITE_ROW) return SqlError(rc, "reading a Merkle node");
    return DigestFromBlob(raw, 0, "Merkle node");
  }

  Result<std::string> ReadEntry(uint64_t index) override {
    XB_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare("SELECT data FROM entry WHERE idx = ?"));
    Stmt stmt(raw);
    stmt.Bind(1, static_cast<int64_t>(index));
    int rc = sqlite3_step(raw);
    if (rc == SQLITE_DONE) return NotFound("entry " + std::to_string(index) + " is missing");
    if (rc != SQLITE_ROW) return SqlError(rc, "reading an entry");
    return std::string(ColumnText(raw, 0));
  }

  Result<std::string> ReadMeta(std::string_view key) override {
    XB_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare("SELECT value FROM meta WHERE key = ?"));
    Stmt stmt(raw);
    stmt.BindText(1, key);
    int rc = sqlite3_step(raw);
    if (rc == SQLITE_DONE) return NotFound("no ledger setting '" + std::string(key) + "'");
    if (rc != SQLITE_ROW) return SqlError(rc, "reading a ledger setting");
    return std::string(ColumnText(raw, 0));
  }

  // ---- writes (inside a transaction) ----

  Status PutMeta(std::string_view key, std::string_view value) {
    XB_ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                        Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)"));
    Stmt stmt(raw);
    stmt.BindText(1, key);
    stmt.BindText(2, value);
    return Done(stmt, "writing a ledger setting");
  }

  Status PutEntry(uint64_t index, std::string_view data) {
    XB_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare("INSERT INTO entry(idx, data) VALUES (?, ?)"));
    Stmt stmt(raw);
    stmt.Bind(1, static_cast<int64_t>(index));
    stmt.Bind(2, data);
    return Done(stmt, "writing an entry");
  }

  Status PutNode(int level, uint64_t index, const Digest& hash) {
    XB_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare("INSERT INTO node(id, hash) VALUES (?, ?)"));
    Stmt stmt(raw);
    stmt.Bind(1, NodeId(level, index));
    stmt.Bind(2, hash);
    return Done(stmt, "writing a Merkle node");
  }

  Status PutHead(const StoredHead& head) {
    XB_ASSIGN_OR_RETURN(
        sqlite3_stmt * raw,
        Prepare("INSERT OR REPLACE INTO head(id, size, root, note) VALUES (0, ?, ?, ?)"));
    Stmt stmt(raw);
    stmt.Bind(1, static_cast<int64_t>(head.size));
    stmt.Bind(2, head.root);
    stmt.BindText(3, head.note);
    return Done(stmt, "writing the tree head");
  }

  Status PutSubjects(uint64_t index, const SubjectGroup& group, SubjectKind kind,
                     std::span<const Digest> hashes) {
    {
      XB_ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                          Prepare("INSERT OR IGNORE INTO entry_group(entry, key_id, exporter, "
                                  "year, counted) VALUES (?, ?, ?, ?, ?)"));
      Stmt stmt(raw);
      stmt.Bind(1, static_cast<int64_t>(index));
      stmt.BindText(2, group.key_id);
      stmt.BindText(3, group.exporter);
      stmt.Bind(4, group.year);
      stmt.Bind(5, group.counted ? 1 : 0);
      XB_RETURN_IF_ERROR(Done(stmt, "writing a subject group"));
    }
    XB_ASSIGN_OR_RETURN(sqlite3_stmt * per_entry,
                        Prepare("INSERT INTO entry_subject(entry, kind, hash) VALUES (?, ?, ?)"));
    XB_ASSIGN_OR_RETURN(
        sqlite3_stmt * distinct,
        Prepare("INSERT OR IGNORE INTO subject(key_id, exporter, year, counted, kind, hash, "
                "first_entry) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    int64_t added = 0;
    for (const Digest& h : hashes) {
      {
        Stmt stmt(per_entry);
        stmt.Bind(1, static_cast<int64_t>(index));
        stmt.Bind(2, static_cast<int>(kind));
        stmt.Bind(3, h);
        XB_RETURN_IF_ERROR(Done(stmt, "writing a subject hash"));
      }
      Stmt stmt(distinct);
      stmt.BindText(1, group.key_id);
      stmt.BindText(2, group.exporter);
      stmt.Bind(3, group.year);
      stmt.Bind(4, group.counted ? 1 : 0);
      stmt.Bind(5, static_cast<int>(kind));
      stmt.Bind(6, h);
      stmt.Bind(7, static_cast<int64_t>(index));
      XB_RETURN_IF_ERROR(Done(stmt, "writing a distinct subject"));
      added += sqlite3_changes(db_);
    }
    XB_ASSIGN_OR_RETURN(
        sqlite3_stmt * raw,
        Prepare("INSERT INTO counter(key_id, exporter, year, counted, kind, n) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key_id, exporter, year, counted, kind) "
                "DO UPDATE SET n = n + excluded.n"));
    Stmt stmt(raw);
    stmt.BindText(1, group.key_id);
    stmt.BindText(2, group.exporter);
    stmt.Bind(3, group.year);
    stmt.Bind(4, group.counted ? 1 : 0);
    stmt.Bind(5, static_cast<int>(kind));
    stmt.Bind(6, added);
    return Done(stmt, "writing a subject counter");
  }

  // ---- Store ----

  Result<std::unique_ptr<WriteTransaction>> BeginWrite() override;

  Status WithSnapshot(const std::function<Status()>& fn) override {
    if (sqlite3_get_autocommit(db_) == 0) return fn();  // already inside a transaction
    XB_RETURN_IF_ERROR(Exec("BEGIN DEFERRED"));
    Status s = fn();
    Status end = Exec(s.ok() ? "COMMIT" : "ROLLBACK");
    if (!s.ok()) return s;
    return end;
  }

  Status ScanEntries(const EntryVisitor& fn) override {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db_, "SELECT idx, data FROM entry ORDER BY idx", -1, &raw, nullptr);
    if (rc != SQLITE_OK) return SqlError(rc, "scanning entries");
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> owned(raw, sqlite3_finalize);
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
      int64_t idx = sqlite3_column_int64(raw, 0);
      if (idx < 0) return Corruption("an entry has a negative index", {path_});
      XB_RETURN_IF_ERROR(fn(static_cast<uint64_t>(idx), ColumnText(raw, 1)));
    }
    if (rc != SQLITE_DONE) return SqlError(rc, "scanning entries");
    return Status::Ok();
  }

  Result<SubjectGroup> ReadEntryGroup(uint64_t index) override {
    XB_ASSIGN_OR_RETURN(
        sqlite3_stmt * raw,
        Prepare("SELECT key_id, exporter, year, counted FROM entry_group WHERE entry = ?"));
    Stmt stmt(raw);
    stmt.Bind(1, static_cast<int64_t>(index));
    int rc = sqlite3_step(raw);
    if (rc == SQLITE_DONE) return NotFound("entry has no subject group");
    if (rc != SQLITE_ROW) return SqlError(rc, "reading a subject group");
    SubjectGroup g;
    g.key_id = std::string(ColumnText(raw, 0));
    g.exporter = std::string(ColumnText(raw, 1));
    g.year = sqlite3_column_int(raw, 2);
    g.counted = sqlite3_column_int(raw, 3) != 0;
    return g;
  }

  Result<std::vector<Digest>> ReadEntrySubjects(uint64_t index, SubjectKind kind) override {
    XB_ASSIGN_OR_RETURN(
        sqlite3_stmt * raw,
        Prepare("SELECT hash FROM entry_subject WHERE entry = ? AND kind = ? ORDER BY hash"));
    Stmt stmt(raw);
    stmt.Bind(1, static_cast<int64_t>(index));
    stmt.Bind(2, static_cast<int>(kind));
    std::vector<Digest> out;
    int rc;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
      XB_ASSIGN_OR_RETURN(Digest d, DigestFromBlob(raw, 0, "subject hash"));
      out.push_back(d);
    }
    if (rc != SQLITE_DONE) return SqlError(rc, "reading subject hashes");
    return out;
  }

  Result<std::vector<CounterRow>> ReadCounters(std::string_view exporter, int year) override {
    XB_ASSIGN_OR_RETURN(sqlite3_stmt * raw,
                        Prepare("SELECT key_id, counted, kind, n FROM counter "
                                "WHERE exporter = ? AND year = ? ORDER BY key_id, counted, kind"));
    Stmt stmt(raw);
    stmt.BindText(1, exporter);
    stmt.Bind(2, year);
    std::vector<CounterRow> rows;
    int rc;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
      CounterRow row;
      row.group.key_id = std::string(ColumnText(raw, 0));
      row.group.exporter = std::string(exporter);
      row.group.year = year;
      row.group.counted = sqlite3_column_int(raw, 1) != 0;
      row.kind =
          sqlite3_column_int(raw, 2) == 1 ? SubjectKind::kSensitive : SubjectKind::kIndividual;
      row.count = sqlite3_column_int64(raw, 3);
      rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) return SqlError(rc, "reading counters");
    return rows;
  }

  Result<int64_t> CountDistinct(const SubjectGroup& group, SubjectKind kind, int from_year,
                                int to_year) override {
    XB_ASSIGN_OR_RETURN(
        sqlite3_stmt * raw,
        Prepare("SELECT COUNT(*) FROM (SELECT DISTINCT hash FROM subject WHERE key_id = ? AND "
                "exporter = ? AND year BETWEEN ? AND ? AND counted = ? AND kind = ?)"));
    Stmt stmt(raw);
    stmt.BindText(1, group.key_id);
    stmt.BindText(2, group.exporter);
    stmt.Bind(3, from_year);
    stmt.Bind(4, to_year);
    stmt.Bind(5, group.counted ? 1 : 0);
    stmt.Bind(6, static_cast<int>(kind));
    int rc = sqlite3_step(raw);
    if (rc != SQLITE_ROW) return SqlError(rc, "counting distinct subjects");
    return sqlite3_column_int64(raw, 0);
  }

  Result<int64_t> CountKnown(const SubjectGroup& group, SubjectKind kind, int from_year,
                             int to_year, std::span<const Digest> hashes) override {
    // One primary-key lookup per hash and year: the windows span one or two years. All of
    // them in one read transaction: outside one, every step takes and drops the WAL read
    // lock (two fcntl calls per hash, most of the time on large transfers).
    XB_ASSIGN_OR_RETURN(
        sqlite3_stmt * raw,
        Prepare("SELECT 1 FROM subject WHERE key_id = ? AND exporter = ? AND year = ? AND "
                "counted = ? AND kind = ? AND hash = ?"));
    Stmt stmt(raw);
    int64_t known = 0;
    XB_RETURN_IF_ERROR(WithSnapshot([&]() -> Status {
      for (const Digest& h : hashes) {
        for (int year = from_year; year <= to_year; ++year) {
          sqlite3_reset(raw);
          stmt.BindText(1, group.key_id);
          stmt.BindText(2, group.exporter);
          stmt.Bind(3, year);
          stmt.Bind(4, group.counted ? 1 : 0);
          stmt.Bind(5, static_cast<int>(kind));
          stmt.Bind(6, h);
          int rc = sqlite3_step(raw);
          if (rc == SQLITE_ROW) {
            ++known;
            break;
          }
          if (rc != SQLITE_DONE) return SqlError(rc, "looking up a subject");
        }
      }
      return Status::Ok();
    }));
    return known;
  }

  Result<int64_t> CountQuery(const char* sql) {
    XB_ASSIGN_OR_RETURN(sqlite3_stmt * raw, Prepare(sql));
    Stmt stmt(raw);
    int rc = sqlite3_step(raw);
    if (rc != SQLITE_ROW) return SqlError(rc, "checking the subject index");
    return sqlite3_column_int64(raw, 0);
  }

  Result<std::vector<std::string>> CheckSubjectIndex() override {
    std::vector<std::string> problems;
    XB_ASSIGN_OR_RETURN(
        int64_t bad_counters,
        CountQuery("SELECT COUNT(*) FROM counter c WHERE c.n != (SELECT COUNT(*) FROM subject s "
                   "WHERE s.key_id = c.key_id AND s.exporter = c.exporter AND s.year = c.year "
                   "AND s.counted = c.counted AND s.kind = c.kind)"));
    if (bad_counters > 0) {
      problems.push_back(std::to_string(bad_counters) +
                         " subject counter(s) differ from the number of distinct subjects");
    }
    XB_ASSIGN_OR_RETURN(
        int64_t uncounted,
        CountQuery("SELECT COUNT(*) FROM (SELECT DISTINCT key_id, exporter, year, counted, kind "
                   "FROM subject) g WHERE NOT EXISTS (SELECT 1 FROM counter c WHERE "
                   "c.key_id = g.key_id AND c.exporter = g.exporter AND c.year = g.year AND "
                   "c.counted = g.counted AND c.kind = g.kind)"));
    if (uncounted > 0) {
      problems.push_back(std::to_string(uncounted) + " distinct subject set(s) have no counter");
    }
    XB_ASSIGN_OR_RETURN(
        int64_t orphans,
        CountQuery("SELECT COUNT(*) FROM subject s WHERE NOT EXISTS (SELECT 1 FROM entry_subject "
                   "e JOIN entry_group g ON g.entry = e.entry WHERE e.entry = s.first_entry AND "
                   "e.kind = s.kind AND e.hash = s.hash AND g.key_id = s.key_id AND "
                   "g.exporter = s.exporter AND g.year = s.year AND g.counted = s.counted)"));
    if (orphans > 0) {
      problems.push_back(std::to_string(orphans) +
                         " counted subject(s) are not recorded by any ledger entry");
    }
    XB_ASSIGN_OR_RETURN(
        int64_t missing,
        CountQuery("SELECT COUNT(*) FROM entry_subject e LEFT JOIN entry_group g ON "
                   "g.entry = e.entry WHERE g.entry IS NULL OR NOT EXISTS (SELECT 1 FROM "
                   "subject s WHERE s.key_id = g.key_id AND s.exporter = g.exporter AND "
                   "s.year = g.year AND s.counted = g.counted AND s.kind = e.kind AND "
                   "s.hash = e.hash)"));
    if (missing > 0) {
      problems.push_back(std::to_string(missing) +
                         " recorded subject(s) are missing from the distinct sets");
    }
    return problems;
  }

  Result<std::vector<std::string>> CheckStorage() override {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db_, "PRAGMA quick_check", -1, &raw, nullptr);
    if (rc != SQLITE_OK) return SqlError(rc, "checking the database file");
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> owned(raw, sqlite3_finalize);
    std::vector<std::string> problems;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
      std::string line(ColumnText(raw, 0));
      if (line != "ok") problems.push_back("database file: " + line);
    }
    if (rc != SQLITE_DONE) return SqlError(rc, "checking the database file");
    return problems;
  }

  sqlite3* db() const { return db_; }

 private:
  std::string path_;
  sqlite3* db_;
  std::unordered_map<const char*, sqlite3_stmt*> cache_;  // keyed by the SQL literal's address
};

class SqliteTransaction : public WriteTransaction {
 public:
  explicit SqliteTransaction(SqliteStore* store) : store_(store) {}
  ~SqliteTransaction() override {
    if (!done_) (void)store_->Exec("ROLLBACK");
  }

  Result<StoredHead> ReadHead() override { return store_->ReadHead(); }
  Result<Digest> ReadNode(int level, uint64_t index) override {
    return store_->ReadNode(level, index);
  }
  Result<std::string> ReadEntry(uint64_t index) override { return store_->ReadEntry(index); }
  Result<std::string> ReadMeta(std::string_view key) override { return store_->ReadMeta(key); }
  Status PutMeta(std::string_view key, std::string_view value) override {
    return store_->PutMeta(key, value);
  }
  Status PutEntry(uint64_t index, std::string_view entry) override {
    return store_->PutEntry(index, entry);
  }
  Status PutNode(int level, uint64_t index, const Digest& hash) override {
    return store_->PutNode(level, index, hash);
  }
  Status PutHead(const StoredHead& head) override { return store_->PutHead(head); }
  Status PutSubjects(uint64_t index, const SubjectGroup& group, SubjectKind kind,
                     std::span<const Digest> hashes) override {
    return store_->PutSubjects(index, group, kind, hashes);
  }
  Status Commit() override {
    if (done_) return FailedPrecondition("transaction already finished");
    Status s = store_->Exec("COMMIT");
    if (!s.ok()) return s;  // the destructor rolls back what is left
    done_ = true;
    return s;
  }

 private:
  SqliteStore* store_;
  bool done_ = false;
};

Result<std::unique_ptr<WriteTransaction>> SqliteStore::BeginWrite() {
  // IMMEDIATE takes the write lock now, so the head read inside the transaction is the one the
  // append builds on; another appender waits in busy_timeout rather than failing at COMMIT.
  XB_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  return std::unique_ptr<WriteTransaction>(std::make_unique<SqliteTransaction>(this));
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteStoreOptions& options) {
  struct stat st;
  bool exists = ::stat(path.c_str(), &st) == 0;
  if (!exists && !options.create_if_missing) return NotFound("no ledger database", {path});
  if (exists && !S_ISREG(st.st_mode)) return InvalidArgument("not a regular file", {path});
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
              (options.create_if_missing ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  auto store = std::make_unique<SqliteStore>(path, db);  // owns db even on failure
  if (rc != SQLITE_OK) return store->SqlError(rc, "opening the database");
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, static_cast<int>(options.busy_timeout.count()));
  XB_RETURN_IF_ERROR(store->Init());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace xb::ledger
