#include "ledger/sqlite_store.h"

#include <cstring>
#include <utility>

#include "ledger/sqlite_db.h"

namespace xb::ledger {
namespace {

constexpr SqliteTable kTables[] = {
    {"meta", "(key TEXT PRIMARY KEY, value TEXT NOT NULL)"},
    {"entry", "(idx INTEGER PRIMARY KEY, data BLOB NOT NULL)"},
    {"node", "(id INTEGER PRIMARY KEY, hash BLOB NOT NULL)"},
    {"head",
     "(id INTEGER PRIMARY KEY CHECK (id = 0), size INTEGER NOT NULL, root BLOB NOT NULL, "
     "note TEXT NOT NULL)"},
    {"entry_group",
     "(entry INTEGER PRIMARY KEY, key_id TEXT NOT NULL, exporter TEXT NOT NULL, "
     "year INTEGER NOT NULL, counted INTEGER NOT NULL)"},
    {"entry_subject",
     "(entry INTEGER NOT NULL, kind INTEGER NOT NULL, hash BLOB NOT NULL, "
     "PRIMARY KEY (entry, kind, hash)) WITHOUT ROWID"},
    {"subject",
     "(key_id TEXT NOT NULL, exporter TEXT NOT NULL, year INTEGER NOT NULL, "
     "counted INTEGER NOT NULL, kind INTEGER NOT NULL, hash BLOB NOT NULL, "
     "first_entry INTEGER NOT NULL, PRIMARY KEY (key_id, exporter, year, counted, kind, hash)) "
     "WITHOUT ROWID"},
    {"counter",
     "(key_id TEXT NOT NULL, exporter TEXT NOT NULL, year INTEGER NOT NULL, "
     "counted INTEGER NOT NULL, kind INTEGER NOT NULL, n INTEGER NOT NULL, "
     "PRIMARY KEY (key_id, exporter, year, counted, kind)) WITHOUT ROWID"},
};

int64_t NodeId(int level, uint64_t index) {
  return static_cast<int64_t>((static_cast<uint64_t>(level) << 56) | index);
}

int64_t AsInt(uint64_t v) { return static_cast<int64_t>(v); }

// Binds the four columns that name a subject group, from parameter `first` on.
void BindGroup(SqliteStatement& q, int first, const SubjectGroup& group) {
  q.BindText(first, group.key_id)
      .BindText(first + 1, group.exporter)
      .Bind(first + 2, group.year)
      .Bind(first + 3, group.counted ? 1 : 0);
}

class SqliteStore : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}

  Status Init() {
    // A large batch touches many pages; a bigger cache keeps them from spilling mid-transaction.
    XB_RETURN_IF_ERROR(db_->Exec("PRAGMA cache_size=-65536"));
    if (db_->read_only()) return db_->EnsureTables(kTables);
    return db_->Write([&]() -> Status {
      XB_RETURN_IF_ERROR(db_->EnsureTables(kTables));
      return db_->Exec("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', '1')");
    });
  }

  SqliteDb& db() { return *db_; }

  // ---- reads, shared by the store and its transactions ----

  Result<StoredHead> ReadHead() override {
    return db_->Read([&]() -> Result<StoredHead> {
      XB_ASSIGN_OR_RETURN(SqliteStatement q,
                          db_->Prepare("SELECT size, root, note FROM head WHERE id = 0"));
      StoredHead head;
      XB_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) {
        head.root = EmptyRoot();
        return head;
      }
      const int64_t size = q.Int(0);
      if (size < 0) return Corruption("tree head has a negative size", {db_->path()});
      head.size = static_cast<uint64_t>(size);
      XB_ASSIGN_OR_RETURN(head.root, q.Digest32(1, "tree head root"));
      head.note = std::string(q.Bytes(2));
      return head;
    });
  }

  Result<Digest> ReadNode(int level, uint64_t index) override {
    return db_->Read([&]() -> Result<Digest> {
      XB_ASSIGN_OR_RETURN(SqliteStatement q, db_->Prepare("SELECT hash FROM node WHERE id = ?"));
      q.Bind(1, NodeId(level, index));
      XB_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) {
        return NotFound("Merkle node (level " + std::to_string(level) + ", index " +
                        std::to_string(index) + ") is missing");
      }
      return q.Digest32(0, "Merkle node");
    });
  }

  Result<std::string> ReadEntry(uint64_t index) override {
    return db_->Read([&]() -> Result<std::string> {
      XB_ASSIGN_OR_RETURN(SqliteStatement q, db_->Prepare("SELECT data FROM entry WHERE idx = ?"));
      q.Bind(1, AsInt(index));
      XB_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) return NotFound("entry " + std::to_string(index) + " is missing");
      return std::string(q.Bytes(0));
    });
  }

  Result<std::string> ReadMeta(std::string_view key) override {
    return db_->Read([&]() -> Result<std::string> {
      XB_ASSIGN_OR_RETURN(SqliteStatement q, db_->Prepare("SELECT value FROM meta WHERE key = ?"));
      q.BindText(1, key);
      XB_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) return NotFound("no ledger setting '" + std::string(key) + "'");
      return std::string(q.Bytes(0));
    });
  }

  // ---- writes (inside a transaction) ----

  Status PutMeta(std::string_view key, std::string_view value) {
    XB_ASSIGN_OR_RETURN(SqliteStatement q,
                        db_->Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)"));
    q.BindText(1, key).BindText(2, value);
    return q.Run();
  }

  Status DeleteMeta(std::string_view key) {
    XB_ASSIGN_OR_RETURN(SqliteStatement q, db_->Prepare("DELETE FROM meta WHERE key = ?"));
    q.BindText(1, key);
    return q.Run();
  }

  Status PutEntry(uint64_t index, std::string_view data) {
    XB_ASSIGN_OR_RETURN(SqliteStatement q,
                        db_->Prepare("INSERT INTO entry(idx, data) VALUES (?, ?)"));
    q.Bind(1, AsInt(index)).BindBlob(2, data);
    return q.Run();
  }

  Status PutNode(int level, uint64_t index, const Digest& hash) {
    XB_ASSIGN_OR_RETURN(SqliteStatement q,
                        db_->Prepare("INSERT INTO node(id, hash) VALUES (?, ?)"));
    q.Bind(1, NodeId(level, index)).BindBlob(2, hash);
    return q.Run();
  }

  Status PutHead(const StoredHead& head) {
    XB_ASSIGN_OR_RETURN(
        SqliteStatement q,
        db_->Prepare("INSERT OR REPLACE INTO head(id, size, root, note) VALUES (0, ?, ?, ?)"));
    q.Bind(1, AsInt(head.size)).BindBlob(2, head.root).BindText(3, head.note);
    return q.Run();
  }

  Status PutSubjects(uint64_t index, const SubjectGroup& group, SubjectKind kind,
                     std::span<const Digest> hashes) {
    {
      XB_ASSIGN_OR_RETURN(SqliteStatement q,
                          db_->Prepare("INSERT OR IGNORE INTO entry_group(entry, key_id, "
                                       "exporter, year, counted) VALUES (?, ?, ?, ?, ?)"));
      q.Bind(1, AsInt(index));
      BindGroup(q, 2, group);
      XB_RETURN_IF_ERROR(q.Run());
    }
    XB_ASSIGN_OR_RETURN(
        SqliteStatement per_entry,
        db_->Prepare("INSERT INTO entry_subject(entry, kind, hash) VALUES (?, ?, ?)"));
    XB_ASSIGN_OR_RETURN(
        SqliteStatement distinct,
        db_->Prepare("INSERT OR IGNORE INTO subject(key_id, exporter, year, counted, kind, hash, "
                     "first_entry) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    int64_t added = 0;
    for (const Digest& h : hashes) {
      per_entry.Reset();
      per_entry.Bind(1, AsInt(index)).Bind(2, static_cast<int>(kind)).BindBlob(3, h);
      XB_RETURN_IF_ERROR(per_entry.Run());
      distinct.Reset();
      BindGroup(distinct, 1, group);
      distinct.Bind(5, static_cast<int>(kind)).BindBlob(6, h).Bind(7, AsInt(index));
      XB_RETURN_IF_ERROR(distinct.Run());
      added += db_->Changes();
    }
    XB_ASSIGN_OR_RETURN(
        SqliteStatement q,
        db_->Prepare("INSERT INTO counter(key_id, exporter, year, counted, kind, n) "
                     "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key_id, exporter, year, counted, "
                     "kind) DO UPDATE SET n = n + excluded.n"));
    BindGroup(q, 1, group);
    q.Bind(5, static_cast<int>(kind)).Bind(6, added);
    return q.Run();
  }

  // The map from old to new hashes lives in a temporary table, so that each table is re-keyed
  // by one UPDATE statement whatever its size.
  Result<std::vector<uint64_t>> RekeySubjects(std::string_view from, std::string_view to,
                                              const SubjectRekey& rekey) {
    XB_ASSIGN_OR_RETURN(int64_t taken,
                        CountOf("SELECT (SELECT COUNT(*) FROM entry_group WHERE key_id = ?1) + "
                                "(SELECT COUNT(*) FROM counter WHERE key_id = ?1)",
                                to));
    if (taken > 0) {
      return FailedPrecondition("subjects are already counted under key id " + std::string(to),
                                {db_->path()});
    }
    XB_ASSIGN_OR_RETURN(int64_t before,
                        CountOf("SELECT COUNT(*) FROM subject WHERE key_id = ?1", from));
    XB_RETURN_IF_ERROR(
        db_->Exec("CREATE TEMP TABLE IF NOT EXISTS rekey_map (old BLOB PRIMARY KEY, new BLOB NOT "
                  "NULL) WITHOUT ROWID"));
    XB_RETURN_IF_ERROR(db_->Exec("DELETE FROM temp.rekey_map"));
    XB_RETURN_IF_ERROR(FillRekeyMap(from, rekey));
    const char* updates[] = {
        "UPDATE entry_subject SET hash = (SELECT new FROM temp.rekey_map m WHERE m.old = "
        "entry_subject.hash) WHERE entry IN (SELECT entry FROM entry_group WHERE key_id = ?1)",
        "UPDATE subject SET key_id = ?2, hash = (SELECT new FROM temp.rekey_map m WHERE m.old = "
        "subject.hash) WHERE key_id = ?1",
        "UPDATE counter SET key_id = ?2 WHERE key_id = ?1",
    };
    for (const char* sql : updates) {
      XB_ASSIGN_OR_RETURN(SqliteStatement q, db_->Prepare(sql));
      q.BindText(1, from);
      if (sql != updates[0]) q.BindText(2, to);  // the first names the old key id only
      XB_RETURN_IF_ERROR(q.Run());
    }
    std::vector<uint64_t> entries;
    {
      XB_ASSIGN_OR_RETURN(
          SqliteStatement q,
          db_->Prepare("SELECT entry FROM entry_group WHERE key_id = ?1 ORDER BY entry"));
      q.BindText(1, from);
      while (true) {
        XB_ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) break;
        entries.push_back(static_cast<uint64_t>(q.Int(0)));
      }
    }
    XB_ASSIGN_OR_RETURN(SqliteStatement groups,
                        db_->Prepare("UPDATE entry_group SET key_id = ?2 WHERE key_id = ?1"));
    groups.BindText(1, from).BindText(2, to);
    XB_RETURN_IF_ERROR(groups.Run());
    XB_RETURN_IF_ERROR(db_->Exec("DELETE FROM temp.rekey_map"));
    XB_ASSIGN_OR_RETURN(int64_t after,
                        CountOf("SELECT COUNT(*) FROM subject WHERE key_id = ?1", to));
    if (after != before) {
      return Internal("re-keying changed the number of distinct subjects; nothing was changed");
    }
    return entries;
  }

  // ---- Store ----

  Result<std::unique_ptr<WriteTransaction>> BeginWrite() override;

  Status WithSnapshot(const std::function<Status()>& fn) override { return db_->Read(fn); }

  Status ScanEntries(const EntryVisitor& fn) override {
    return db_->Read([&]() -> Status {
      XB_ASSIGN_OR_RETURN(SqliteStatement q,
                          db_->Prepare("SELECT idx, data FROM entry ORDER BY idx"));
      while (true) {
        XB_ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) return Status::Ok();
        const int64_t idx = q.Int(0);
        if (idx < 0) return Corruption("an entry has a negative index", {db_->path()});
        XB_RETURN_IF_ERROR(fn(static_cast<uint64_t>(idx), q.Bytes(1)));
      }
    });
  }

  Result<SubjectGroup> ReadEntryGroup(uint64_t index) override {
    return db_->Read([&]() -> Result<SubjectGroup> {
      XB_ASSIGN_OR_RETURN(
          SqliteStatement q,
          db_->Prepare("SELECT key_id, exporter, year, counted FROM entry_group WHERE entry = ?"));
      q.Bind(1, AsInt(index));
      XB_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) return NotFound("entry has no subject group");
      SubjectGroup g;
      g.key_id = std::string(q.Bytes(0));
      g.exporter = std::string(q.Bytes(1));
      g.year = static_cast<int>(q.Int(2));
      g.counted = q.Int(3) != 0;
      return g;
    });
  }

  Result<std::vector<Digest>> ReadEntrySubjects(uint64_t index, SubjectKind kind) override {
    return db_->Read([&]() -> Result<std::vector<Digest>> {
      XB_ASSIGN_OR_RETURN(
          SqliteStatement q,
          db_->Prepare(
              "SELECT hash FROM entry_subject WHERE entry = ? AND kind = ? ORDER BY hash"));
      q.Bind(1, AsInt(index)).Bind(2, static_cast<int>(kind));
      std::vector<Digest> out;
      while (true) {
        XB_ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) return out;
        XB_ASSIGN_OR_RETURN(Digest d, q.Digest32(0, "subject hash"));
        out.push_back(d);
      }
    });
  }

  Result<std::vector<CounterRow>> ReadCounters(std::string_view exporter, int year) override {
    return db_->Read([&]() -> Result<std::vector<CounterRow>> {
      XB_ASSIGN_OR_RETURN(
          SqliteStatement q,
          db_->Prepare("SELECT key_id, counted, kind, n FROM counter "
                       "WHERE exporter = ? AND year = ? ORDER BY key_id, counted, kind"));
      q.BindText(1, exporter).Bind(2, year);
      std::vector<CounterRow> rows;
      while (true) {
        XB_ASSIGN_OR_RETURN(bool more, q.Step());
        if (!more) return rows;
        CounterRow row;
        row.group.key_id = std::string(q.Bytes(0));
        row.group.exporter = std::string(exporter);
        row.group.year = year;
        row.group.counted = q.Int(1) != 0;
        row.kind = q.Int(2) == 1 ? SubjectKind::kSensitive : SubjectKind::kIndividual;
        row.count = q.Int(3);
        rows.push_back(std::move(row));
      }
    });
  }

  Result<int64_t> CountDistinct(const SubjectGroup& group, SubjectKind kind, int from_year,
                                int to_year) override {
    return db_->Read([&]() -> Result<int64_t> {
      XB_ASSIGN_OR_RETURN(
          SqliteStatement q,
          db_->Prepare("SELECT COUNT(*) FROM (SELECT DISTINCT hash FROM subject WHERE "
                       "key_id = ? AND exporter = ? AND year BETWEEN ? AND ? AND counted = ? "
                       "AND kind = ?)"));
      q.BindText(1, group.key_id).BindText(2, group.exporter).Bind(3, from_year);
      q.Bind(4, to_year).Bind(5, group.counted ? 1 : 0).Bind(6, static_cast<int>(kind));
      return SingleCount(q);
    });
  }

  Result<int64_t> CountKnown(const SubjectGroup& group, SubjectKind kind, int from_year,
                             int to_year, std::span<const Digest> hashes) override {
    // One primary-key lookup per hash and year: the windows span one or two years. All of
    // them in one read transaction: outside one, every step takes and drops the WAL read
    // lock (two fcntl calls per hash, most of the time on large transfers).
    return db_->Read([&]() -> Result<int64_t> {
      XB_ASSIGN_OR_RETURN(
          SqliteStatement q,
          db_->Prepare("SELECT 1 FROM subject WHERE key_id = ? AND exporter = ? AND year = ? "
                       "AND counted = ? AND kind = ? AND hash = ?"));
      int64_t known = 0;
      for (const Digest& h : hashes) {
        for (int year = from_year; year <= to_year; ++year) {
          q.Reset();
          q.BindText(1, group.key_id).BindText(2, group.exporter).Bind(3, year);
          q.Bind(4, group.counted ? 1 : 0).Bind(5, static_cast<int>(kind)).BindBlob(6, h);
          XB_ASSIGN_OR_RETURN(bool found, q.Step());
          if (found) {
            ++known;
            break;
          }
        }
      }
      return known;
    });
  }

  Result<std::vector<std::string>> CheckSubjectIndex() override {
    return db_->Read([&]() -> Result<std::vector<std::string>> {
      std::vector<std::string> problems;
      XB_ASSIGN_OR_RETURN(
          int64_t bad_counters,
          Count("SELECT COUNT(*) FROM counter c WHERE c.n != (SELECT COUNT(*) FROM subject s "
                "WHERE s.key_id = c.key_id AND s.exporter = c.exporter AND s.year = c.year "
                "AND s.counted = c.counted AND s.kind = c.kind)"));
      if (bad_counters > 0) {
        problems.push_back(std::to_string(bad_counters) +
                           " subject counter(s) differ from the number of distinct subjects");
      }
      XB_ASSIGN_OR_RETURN(
          int64_t uncounted,
          Count("SELECT COUNT(*) FROM (SELECT DISTINCT key_id, exporter, year, counted, kind "
                "FROM subject) g WHERE NOT EXISTS (SELECT 1 FROM counter c WHERE "
                "c.key_id = g.key_id AND c.exporter = g.exporter AND c.year = g.year AND "
                "c.counted = g.counted AND c.kind = g.kind)"));
      if (uncounted > 0) {
        problems.push_back(std::to_string(uncounted) + " distinct subject set(s) have no counter");
      }
      XB_ASSIGN_OR_RETURN(
          int64_t orphans,
          Count("SELECT COUNT(*) FROM subject s WHERE NOT EXISTS (SELECT 1 FROM entry_subject "
                "e JOIN entry_group g ON g.entry = e.entry WHERE e.entry = s.first_entry AND "
                "e.kind = s.kind AND e.hash = s.hash AND g.key_id = s.key_id AND "
                "g.exporter = s.exporter AND g.year = s.year AND g.counted = s.counted)"));
      if (orphans > 0) {
        problems.push_back(std::to_string(orphans) +
                           " counted subject(s) are not recorded by any ledger entry");
      }
      XB_ASSIGN_OR_RETURN(
          int64_t missing,
          Count("SELECT COUNT(*) FROM entry_subject e LEFT JOIN entry_group g ON "
                "g.entry = e.entry WHERE g.entry IS NULL OR NOT EXISTS (SELECT 1 FROM "
                "subject s WHERE s.key_id = g.key_id AND s.exporter = g.exporter AND "
                "s.year = g.year AND s.counted = g.counted AND s.kind = e.kind AND "
                "s.hash = e.hash)"));
      if (missing > 0) {
        problems.push_back(std::to_string(missing) +
                           " recorded subject(s) are missing from the distinct sets");
      }
      return problems;
    });
  }

  Result<std::vector<std::string>> CheckStorage() override {
    return db_->Read([&]() -> Result<std::vector<std::string>> {
      XB_ASSIGN_OR_RETURN(SqliteStatement q, db_->Prepare("PRAGMA main.quick_check"));
      std::vector<std::string> problems;
      while (true) {
        XB_ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) return problems;
        std::string line(q.Bytes(0));
        if (line != "ok") problems.push_back("database file: " + line);
      }
    });
  }

 private:
  // The one value a COUNT(*) query returns.
  static Result<int64_t> SingleCount(SqliteStatement& q) {
    XB_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return Internal("a COUNT query returned no row");
    return q.Int(0);
  }

  Result<int64_t> Count(const char* sql) {
    XB_ASSIGN_OR_RETURN(SqliteStatement q, db_->Prepare(sql));
    return SingleCount(q);
  }

  // A COUNT query with one text parameter (?1).
  Result<int64_t> CountOf(const char* sql, std::string_view text) {
    XB_ASSIGN_OR_RETURN(SqliteStatement q, db_->Prepare(sql));
    q.BindText(1, text);
    return SingleCount(q);
  }

  // Every hash under key id `from`, recorded or counted, with its re-keyed value.
  Status FillRekeyMap(std::string_view from, const SubjectRekey& rekey) {
    XB_ASSIGN_OR_RETURN(SqliteStatement hashes,
                        db_->Prepare("SELECT e.hash FROM entry_subject e JOIN entry_group g ON "
                                     "g.entry = e.entry WHERE g.key_id = ?1 UNION SELECT hash "
                                     "FROM subject WHERE key_id = ?1"));
    hashes.BindText(1, from);
    XB_ASSIGN_OR_RETURN(SqliteStatement put,
                        db_->Prepare("INSERT INTO temp.rekey_map(old, new) VALUES (?, ?)"));
    while (true) {
      XB_ASSIGN_OR_RETURN(bool row, hashes.Step());
      if (!row) return Status::Ok();
      XB_ASSIGN_OR_RETURN(Digest old, hashes.Digest32(0, "subject hash"));
      const Digest fresh = rekey(old);  // bound without a copy: alive until Run
      put.Reset();
      put.BindBlob(1, old).BindBlob(2, fresh);
      XB_RETURN_IF_ERROR(put.Run());
    }
  }

  std::unique_ptr<SqliteDb> db_;
};

class SqliteTransaction : public WriteTransaction {
 public:
  explicit SqliteTransaction(SqliteStore* store) : store_(store) {}
  ~SqliteTransaction() override {
    if (!done_) store_->db().Rollback();
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
  Status DeleteMeta(std::string_view key) override { return store_->DeleteMeta(key); }
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
  Result<std::vector<Digest>> ReadEntrySubjects(uint64_t index, SubjectKind kind) override {
    return store_->ReadEntrySubjects(index, kind);
  }
  Result<std::vector<uint64_t>> RekeySubjects(std::string_view from, std::string_view to,
                                              const SubjectRekey& rekey) override {
    return store_->RekeySubjects(from, to, rekey);
  }
  Status Commit() override {
    if (done_) return FailedPrecondition("transaction already finished");
    Status s = store_->db().Commit();
    if (!s.ok()) return s;  // the destructor rolls back what is left
    done_ = true;
    return s;
  }

 private:
  SqliteStore* store_;
  bool done_ = false;
};

Result<std::unique_ptr<WriteTransaction>> SqliteStore::BeginWrite() {
  // The write lock is taken now, so the head read inside the transaction is the one the
  // append builds on; another appender waits for it rather than failing at COMMIT.
  XB_RETURN_IF_ERROR(db_->BeginWrite());
  return std::unique_ptr<WriteTransaction>(std::make_unique<SqliteTransaction>(this));
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteStoreOptions& options) {
  XB_ASSIGN_OR_RETURN(std::unique_ptr<SqliteDb> db, SqliteDb::Open(path, options.access));
  auto store = std::make_unique<SqliteStore>(std::move(db));
  XB_RETURN_IF_ERROR(store->Init());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace xb::ledger
