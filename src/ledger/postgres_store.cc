#include "ledger/postgres_store.h"

#include <array>
#include <cstring>
#include <limits>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ledger/copy_ledger.h"
#include "pg/connection.h"
#include "pg/schema.h"

namespace xb::ledger {
namespace {

using pg::Params;
using pg::Rows;

constexpr std::string_view kComponent = "ledger";

// Version 1. The distinct-subject key puts the year last, so "is this hash known in years
// [a, b]" is one index range probe per hash (a B-tree cannot skip over a leading range column).
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE meta(key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE entry(idx bigint PRIMARY KEY, data bytea NOT NULL);
CREATE TABLE node(id bigint PRIMARY KEY, hash bytea NOT NULL);
CREATE TABLE head(id integer PRIMARY KEY CHECK (id = 0), size bigint NOT NULL,
                  root bytea NOT NULL, note text NOT NULL);
CREATE TABLE entry_group(entry bigint PRIMARY KEY, key_id text NOT NULL, exporter text NOT NULL,
                         year integer NOT NULL, counted boolean NOT NULL);
CREATE TABLE entry_subject(entry bigint NOT NULL, kind smallint NOT NULL, hash bytea NOT NULL,
                           PRIMARY KEY (entry, kind, hash));
CREATE TABLE subject(key_id text NOT NULL, exporter text NOT NULL, year integer NOT NULL,
                     counted boolean NOT NULL, kind smallint NOT NULL, hash bytea NOT NULL,
                     first_entry bigint NOT NULL,
                     PRIMARY KEY (key_id, exporter, counted, kind, hash, year));
CREATE TABLE counter(key_id text NOT NULL, exporter text NOT NULL, year integer NOT NULL,
                     counted boolean NOT NULL, kind smallint NOT NULL, n bigint NOT NULL,
                     PRIMARY KEY (key_id, exporter, year, counted, kind));
)sql";
constexpr pg::SchemaStep kSchema[] = {{1, kSchemaV1}};

// Queued writes are sent once they hold this many bytes, to bound memory on huge batches.
constexpr size_t kFlushBytes = 8 << 20;
constexpr int kScanPage = 1000;
constexpr uint64_t kNodeWindow = 4096;

int64_t NodeId(int level, uint64_t index) {
  return static_cast<int64_t>((static_cast<uint64_t>(level) << 56) | index);
}

// The subject statements: the entry's group, its hashes, the ones new to the group's distinct
// set (ON CONFLICT DO NOTHING skips the known ones; RETURNING counts the rest), and the counter
// raised by that count. One statement, one round trip, whatever the number of hashes.
constexpr const char* kPutGroup =
    "INSERT INTO entry_group(entry, key_id, exporter, year, counted) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (entry) DO NOTHING";
constexpr const char* kPutSubjects = R"sql(
WITH hs AS (SELECT unnest($7::bytea[]) AS hash),
     per_entry AS (INSERT INTO entry_subject(entry, kind, hash) SELECT $1, $6, hash FROM hs),
     added AS (INSERT INTO subject(key_id, exporter, year, counted, kind, hash, first_entry)
               SELECT $2, $3, $4, $5, $6, hash, $1 FROM hs ON CONFLICT DO NOTHING RETURNING 1)
INSERT INTO counter(key_id, exporter, year, counted, kind, n)
VALUES ($2, $3, $4, $5, $6, (SELECT count(*) FROM added))
ON CONFLICT (key_id, exporter, year, counted, kind) DO UPDATE SET n = counter.n + excluded.n
)sql";

constexpr const char* kReadHead = "SELECT size, root, note FROM head WHERE id = 0";

// What an append reads right after taking the lock (ledger.cc, VerifyTail), fetched in the same
// round trip as the lock: the ledger's settings, the frontier nodes of the head's tree (one per
// set bit b of its size, index (size >> b) - 1, as CompactRange::Load reads them), the last leaf
// and the last entry.
constexpr const char* kPrefetchMeta = "SELECT key, value FROM meta";
constexpr const char* kPrefetchNodes = R"sql(
SELECT n.id, n.hash FROM node n WHERE n.id IN (
  SELECT (b::bigint << 56) | ((h.size >> b) - 1) FROM head h, generate_series(0, 62) b
   WHERE h.id = 0 AND ((h.size >> b) & 1) = 1
  UNION ALL SELECT h.size - 1 FROM head h WHERE h.id = 0 AND h.size > 0)
)sql";
constexpr const char* kPrefetchLastEntry =
    "SELECT e.idx, e.data FROM entry e, head h WHERE h.id = 0 AND e.idx = h.size - 1";

Params GroupParams(int64_t index, const SubjectGroup& g) {
  Params p;
  p.Int8(index).Text(g.key_id).Text(g.exporter).Int4(g.year).Bool(g.counted);
  return p;
}

class PostgresStore : public Store {
 public:
  PostgresStore(std::unique_ptr<pg::Connection> conn, std::string lock_timeout, int32_t lock_key,
                bool read_only)
      : conn_(std::move(conn)),
        lock_timeout_(std::move(lock_timeout)),
        lock_key_(lock_key),
        read_only_(read_only) {}

  pg::Connection& conn() { return *conn_; }

  // ---- reads ----

  Result<StoredHead> ReadHead() override {
    XB_ASSIGN_OR_RETURN(Rows rows, conn_->Query(kReadHead));
    return HeadFromRows(rows);
  }

  // The head in `rows` (kReadHead's result): the empty head when there is none.
  Result<StoredHead> HeadFromRows(const Rows& rows) const {
    StoredHead head;
    if (rows.size() == 0) {
      head.root = EmptyRoot();
      return head;
    }
    int64_t size = rows.Int(0, 0);
    if (size < 0) return Corruption("tree head has a negative size", {conn_->display()});
    head.size = static_cast<uint64_t>(size);
    XB_ASSIGN_OR_RETURN(head.root, rows.Hash(0, 1, "tree head root"));
    head.note = std::string(rows.Bytes(0, 2));
    return head;
  }

  Result<Digest> ReadNode(int level, uint64_t index) override {
    if (in_snapshot_ && level >= 0 && level < 64) return ReadNodeWindowed(level, index);
    XB_ASSIGN_OR_RETURN(Rows rows, conn_->Query("SELECT hash FROM node WHERE id = $1",
                                                Params().Int8(NodeId(level, index))));
    if (rows.size() == 0) return MissingNode(level, index);
    return rows.Hash(0, 0, "Merkle node");
  }

  Result<std::vector<Digest>> ReadNodes(std::span<const NodeKey> keys) override {
    std::vector<int64_t> ids;
    ids.reserve(keys.size());
    for (const NodeKey& k : keys) ids.push_back(NodeId(k.level, k.index));
    XB_ASSIGN_OR_RETURN(Rows rows, conn_->Query("SELECT id, hash FROM node WHERE id = ANY($1)",
                                                Params().Int8Array(ids)));
    std::unordered_map<int64_t, Digest> found;
    for (int r = 0; r < rows.size(); ++r) {
      XB_ASSIGN_OR_RETURN(Digest d, rows.Hash(r, 1, "Merkle node"));
      found.emplace(rows.Int(r, 0), d);
    }
    std::vector<Digest> out;
    out.reserve(keys.size());
    for (size_t i = 0; i < keys.size(); ++i) {
      auto it = found.find(ids[i]);
      if (it == found.end()) return MissingNode(keys[i].level, keys[i].index);
      out.push_back(it->second);
    }
    return out;
  }

  static Error MissingNode(int level, uint64_t index) {
    return NotFound("Merkle node (level " + std::to_string(level) + ", index " +
                    std::to_string(index) + ") is missing");
  }

  // Inside a snapshot nothing changes, and whole-log readers (verify, copy) walk each level in
  // order: a miss fetches the next kNodeWindow nodes of its level in one query.
  Result<Digest> ReadNodeWindowed(int level, uint64_t index) {
    NodeWindow& w = windows_[static_cast<size_t>(level)];
    if (index < w.begin || index >= w.begin + w.nodes.size()) {
      XB_ASSIGN_OR_RETURN(
          Rows rows,
          conn_->Query(
              "SELECT id, hash FROM node WHERE id >= $1 AND id < $2",
              Params().Int8(NodeId(level, index)).Int8(NodeId(level, index + kNodeWindow))));
      w.begin = index;
      w.nodes.assign(kNodeWindow, std::nullopt);
      for (int r = 0; r < rows.size(); ++r) {
        auto offset = static_cast<uint64_t>(rows.Int(r, 0) - NodeId(level, index));
        w.nodes[offset] = std::string(rows.Bytes(r, 1));
      }
    }
    const std::optional<std::string>& bytes = w.nodes[index - w.begin];
    if (!bytes.has_value()) return MissingNode(level, index);
    if (bytes->size() != 32) return Corruption("Merkle node is not a 32-byte hash");
    Digest d;
    std::memcpy(d.data(), bytes->data(), 32);
    return d;
  }

  Result<std::string> ReadEntry(uint64_t index) override {
    XB_ASSIGN_OR_RETURN(Rows rows, conn_->Query("SELECT data FROM entry WHERE idx = $1",
                                                Params().Int8(static_cast<int64_t>(index))));
    if (rows.size() == 0) return NotFound("entry " + std::to_string(index) + " is missing");
    return std::string(rows.Bytes(0, 0));
  }

  Result<std::string> ReadMeta(std::string_view key) override {
    XB_ASSIGN_OR_RETURN(Rows rows,
                        conn_->Query("SELECT value FROM meta WHERE key = $1", Params().Text(key)));
    if (rows.size() == 0) return NotFound("no ledger setting '" + std::string(key) + "'");
    return std::string(rows.Bytes(0, 0));
  }

  // ---- Store ----

  Result<std::unique_ptr<WriteTransaction>> BeginWrite() override;

  Status WithSnapshot(const std::function<Status()>& fn) override {
    if (conn_->InTransaction()) return fn();  // already inside one (a write, or nested)
    XB_RETURN_IF_ERROR(conn_->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
    in_snapshot_ = true;
    Status s = fn();
    in_snapshot_ = false;
    for (NodeWindow& w : windows_) w = NodeWindow{};
    Status end = conn_->Exec(s.ok() ? "COMMIT" : "ROLLBACK");
    if (!s.ok()) return s;
    return end;
  }

  Status ScanEntries(const EntryVisitor& fn) override {
    // Page by key: each page is read whole, so `fn` may query the store between rows.
    int64_t after = std::numeric_limits<int64_t>::min();
    while (true) {
      XB_ASSIGN_OR_RETURN(Rows rows, conn_->Query("SELECT idx, data FROM entry WHERE idx > $1 "
                                                  "ORDER BY idx LIMIT $2",
                                                  Params().Int8(after).Int8(kScanPage)));
      for (int r = 0; r < rows.size(); ++r) {
        int64_t idx = rows.Int(r, 0);
        if (idx < 0) return Corruption("an entry has a negative index", {conn_->display()});
        XB_RETURN_IF_ERROR(fn(static_cast<uint64_t>(idx), rows.Bytes(r, 1)));
        after = idx;
      }
      if (rows.size() < kScanPage) return Status::Ok();
    }
  }

  Result<SubjectGroup> ReadEntryGroup(uint64_t index) override {
    XB_ASSIGN_OR_RETURN(
        Rows rows,
        conn_->Query("SELECT key_id, exporter, year, counted FROM entry_group WHERE entry = $1",
                     Params().Int8(static_cast<int64_t>(index))));
    if (rows.size() == 0) return NotFound("entry has no subject group");
    SubjectGroup g;
    g.key_id = std::string(rows.Bytes(0, 0));
    g.exporter = std::string(rows.Bytes(0, 1));
    g.year = static_cast<int>(rows.Int(0, 2));
    g.counted = rows.Int(0, 3) != 0;
    return g;
  }

  Result<std::vector<Digest>> ReadEntrySubjects(uint64_t index, SubjectKind kind) override {
    XB_ASSIGN_OR_RETURN(
        Rows rows,
        conn_->Query("SELECT hash FROM entry_subject WHERE entry = $1 "
                     "AND kind = $2 ORDER BY hash",
                     Params().Int8(static_cast<int64_t>(index)).Int2(static_cast<int16_t>(kind))));
    std::vector<Digest> out;
    out.reserve(rows.size());
    for (int r = 0; r < rows.size(); ++r) {
      XB_ASSIGN_OR_RETURN(Digest d, rows.Hash(r, 0, "subject hash"));
      out.push_back(d);
    }
    return out;
  }

  Result<std::vector<CounterRow>> ReadCounters(std::string_view exporter, int year) override {
    // COLLATE "C": the byte order SQLite uses, whatever the database's collation.
    XB_ASSIGN_OR_RETURN(
        Rows rows,
        conn_->Query("SELECT key_id, counted, kind, n FROM counter WHERE exporter = $1 AND "
                     "year = $2 ORDER BY key_id COLLATE \"C\", counted, kind",
                     Params().Text(exporter).Int4(year)));
    std::vector<CounterRow> out;
    for (int r = 0; r < rows.size(); ++r) {
      CounterRow row;
      row.group.key_id = std::string(rows.Bytes(r, 0));
      row.group.exporter = std::string(exporter);
      row.group.year = year;
      row.group.counted = rows.Int(r, 1) != 0;
      row.kind = rows.Int(r, 2) == 1 ? SubjectKind::kSensitive : SubjectKind::kIndividual;
      row.count = rows.Int(r, 3);
      out.push_back(std::move(row));
    }
    return out;
  }

  Result<int64_t> CountDistinct(const SubjectGroup& group, SubjectKind kind, int from_year,
                                int to_year) override {
    XB_ASSIGN_OR_RETURN(
        Rows rows,
        conn_->Query("SELECT count(DISTINCT hash) FROM subject WHERE key_id = $1 AND "
                     "exporter = $2 AND counted = $3 AND kind = $4 AND year BETWEEN $5 AND $6",
                     Params()
                         .Text(group.key_id)
                         .Text(group.exporter)
                         .Bool(group.counted)
                         .Int2(static_cast<int16_t>(kind))
                         .Int4(from_year)
                         .Int4(to_year)));
    return rows.Int(0, 0);
  }

  Result<int64_t> CountKnown(const SubjectGroup& group, SubjectKind kind, int from_year,
                             int to_year, std::span<const Digest> hashes) override {
    if (hashes.empty()) return 0;
    // All hashes in one parameter, one probe of the distinct set's key each, on the server.
    XB_ASSIGN_OR_RETURN(
        Rows rows,
        conn_->Query("SELECT count(*) FROM unnest($1::bytea[]) AS h(hash) WHERE EXISTS ("
                     "SELECT 1 FROM subject s WHERE s.key_id = $2 AND s.exporter = $3 AND "
                     "s.counted = $4 AND s.kind = $5 AND s.hash = h.hash AND "
                     "s.year BETWEEN $6 AND $7)",
                     Params()
                         .ByteaArray(hashes)
                         .Text(group.key_id)
                         .Text(group.exporter)
                         .Bool(group.counted)
                         .Int2(static_cast<int16_t>(kind))
                         .Int4(from_year)
                         .Int4(to_year)));
    return rows.Int(0, 0);
  }

  Result<int64_t> CountQuery(const char* sql) {
    XB_ASSIGN_OR_RETURN(Rows rows, conn_->Query(sql));
    return rows.Int(0, 0);
  }

  Result<std::vector<std::string>> CheckSubjectIndex() override;
  Result<std::vector<std::string>> CheckStorage() override;

 private:
  struct NodeWindow {
    uint64_t begin = 0;
    std::vector<std::optional<std::string>> nodes;  // nullopt: not stored
  };

  std::unique_ptr<pg::Connection> conn_;
  bool in_snapshot_ = false;            // inside this store's own WithSnapshot
  std::array<NodeWindow, 64> windows_;  // per level, while in_snapshot_
  std::string lock_timeout_;            // "SET LOCAL lock_timeout = <ms>"
  int32_t lock_key_;                    // the append lock's second key: the head table's OID
  bool read_only_;
};

Result<std::vector<std::string>> PostgresStore::CheckSubjectIndex() {
  std::vector<std::string> problems;
  XB_ASSIGN_OR_RETURN(
      int64_t bad_counters,
      CountQuery("SELECT count(*) FROM counter c WHERE c.n != (SELECT count(*) FROM subject s "
                 "WHERE s.key_id = c.key_id AND s.exporter = c.exporter AND s.year = c.year "
                 "AND s.counted = c.counted AND s.kind = c.kind)"));
  if (bad_counters > 0) {
    problems.push_back(std::to_string(bad_counters) +
                       " subject counter(s) differ from the number of distinct subjects");
  }
  XB_ASSIGN_OR_RETURN(
      int64_t uncounted,
      CountQuery("SELECT count(*) FROM (SELECT DISTINCT key_id, exporter, year, counted, kind "
                 "FROM subject) g WHERE NOT EXISTS (SELECT 1 FROM counter c WHERE "
                 "c.key_id = g.key_id AND c.exporter = g.exporter AND c.year = g.year AND "
                 "c.counted = g.counted AND c.kind = g.kind)"));
  if (uncounted > 0) {
    problems.push_back(std::to_string(uncounted) + " distinct subject set(s) have no counter");
  }
  XB_ASSIGN_OR_RETURN(
      int64_t orphans,
      CountQuery("SELECT count(*) FROM subject s WHERE NOT EXISTS (SELECT 1 FROM entry_subject "
                 "e JOIN entry_group g ON g.entry = e.entry WHERE e.entry = s.first_entry AND "
                 "e.kind = s.kind AND e.hash = s.hash AND g.key_id = s.key_id AND "
                 "g.exporter = s.exporter AND g.year = s.year AND g.counted = s.counted)"));
  if (orphans > 0) {
    problems.push_back(std::to_string(orphans) +
                       " counted subject(s) are not recorded by any ledger entry");
  }
  XB_ASSIGN_OR_RETURN(
      int64_t missing,
      CountQuery("SELECT count(*) FROM entry_subject e LEFT JOIN entry_group g ON "
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

// PostgreSQL keeps its own files sound (WAL, checksums if enabled); what can go wrong from the
// ledger's side is its tables going missing. With the amcheck extension installed, the B-tree
// indexes of the ledger's tables are checked as well (bt_index_check).
Result<std::vector<std::string>> PostgresStore::CheckStorage() {
  std::vector<std::string> problems;
  for (std::string_view table : kLedgerTables) {
    XB_ASSIGN_OR_RETURN(Rows rows,
                        conn_->Query("SELECT to_regclass($1) IS NULL", Params().Text(table)));
    if (rows.Int(0, 0) != 0)
      problems.push_back("database: table " + std::string(table) + " is missing");
  }
  if (!problems.empty()) return problems;
  // The extension's functions live in whichever schema it was created in.
  XB_ASSIGN_OR_RETURN(Rows amcheck,
                      conn_->Query("SELECT quote_ident(n.nspname) FROM pg_extension e JOIN "
                                   "pg_namespace n ON n.oid = e.extnamespace WHERE "
                                   "e.extname = 'amcheck'"));
  if (amcheck.size() == 0) return problems;
  const std::string check = "SELECT " + std::string(amcheck.Bytes(0, 0)) +
                            ".bt_index_check(i.indexrelid::regclass) FROM pg_index i WHERE "
                            "i.indrelid = to_regclass($1)";
  for (std::string_view table : kLedgerTables) {
    auto checked = conn_->Query(check, Params().Text(table));
    if (!checked.ok()) {
      if (checked.error().code != ErrorCode::kCorruption) return checked.error();
      problems.push_back("database: an index of table " + std::string(table) + " is damaged");
    }
  }
  return problems;
}

// What BeginWrite fetched under the lock; served until the transaction's first write.
struct Prefetched {
  std::optional<StoredHead> head;  // absent if malformed: the read then reports why
  std::unordered_map<std::string, std::string> meta;  // every setting
  std::unordered_map<int64_t, Digest> nodes;          // frontier nodes and the last leaf
  std::optional<std::pair<uint64_t, std::string>> last_entry;
};

class PostgresTransaction : public WriteTransaction {
 public:
  PostgresTransaction(PostgresStore* store, Prefetched prefetched)
      : store_(store), prefetched_(std::move(prefetched)) {}
  ~PostgresTransaction() override {
    if (!done_) (void)store_->conn().Exec("ROLLBACK");
  }

  // Reads see this transaction's own writes: queued ones are sent first. Before any write,
  // what BeginWrite prefetched is served without a round trip.
  Result<StoredHead> ReadHead() override {
    if (!written_ && prefetched_.head.has_value()) return *prefetched_.head;
    XB_RETURN_IF_ERROR(Flush());
    return store_->ReadHead();
  }
  Result<Digest> ReadNode(int level, uint64_t index) override {
    if (!written_) {
      auto it = prefetched_.nodes.find(NodeId(level, index));
      if (it != prefetched_.nodes.end()) return it->second;
    }
    XB_RETURN_IF_ERROR(Flush());
    return store_->ReadNode(level, index);
  }
  Result<std::string> ReadEntry(uint64_t index) override {
    if (!written_ && prefetched_.last_entry && prefetched_.last_entry->first == index) {
      return prefetched_.last_entry->second;
    }
    XB_RETURN_IF_ERROR(Flush());
    return store_->ReadEntry(index);
  }
  Result<std::string> ReadMeta(std::string_view key) override {
    if (!written_) {
      auto it = prefetched_.meta.find(std::string(key));
      if (it != prefetched_.meta.end()) return it->second;
      return NotFound("no ledger setting '" + std::string(key) + "'");
    }
    XB_RETURN_IF_ERROR(Flush());
    return store_->ReadMeta(key);
  }

  Status PutMeta(std::string_view key, std::string_view value) override {
    return Queue(
        {"INSERT INTO meta(key, value) VALUES ($1, $2) "
         "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
         Params().Text(key).Text(value)});
  }
  Status DeleteMeta(std::string_view key) override {
    return Queue({"DELETE FROM meta WHERE key = $1", Params().Text(key)});
  }
  Status PutEntry(uint64_t index, std::string_view entry) override {
    written_ = true;
    entry_idx_.push_back(static_cast<int64_t>(index));
    entry_data_.emplace_back(entry);
    queued_bytes_ += entry.size();
    return MaybeFlush();
  }
  Status PutNode(int level, uint64_t index, const Digest& hash) override {
    written_ = true;
    node_ids_.push_back(NodeId(level, index));
    node_hashes_.push_back(hash);
    queued_bytes_ += 40;
    return MaybeFlush();
  }
  // The last write of an append: everything is sent now, so whatever runs before Commit (the
  // ledger's before-commit hook) runs only once the database has accepted every row.
  Status PutHead(const StoredHead& head) override {
    XB_RETURN_IF_ERROR(
        Queue({"INSERT INTO head(id, size, root, note) VALUES (0, $1, $2, $3) "
               "ON CONFLICT (id) DO UPDATE SET size = excluded.size, "
               "root = excluded.root, note = excluded.note",
               Params().Int8(static_cast<int64_t>(head.size)).Bytea(head.root).Text(head.note)}));
    return Flush();
  }
  Status PutSubjects(uint64_t index, const SubjectGroup& group, SubjectKind kind,
                     std::span<const Digest> hashes) override {
    const auto entry = static_cast<int64_t>(index);
    XB_RETURN_IF_ERROR(Queue({kPutGroup, GroupParams(entry, group)}));
    Params p = GroupParams(entry, group);
    p.Int2(static_cast<int16_t>(kind)).ByteaArray(hashes);
    return Queue({kPutSubjects, std::move(p)});
  }

  Result<std::vector<Digest>> ReadEntrySubjects(uint64_t index, SubjectKind kind) override {
    XB_RETURN_IF_ERROR(Flush());
    return store_->ReadEntrySubjects(index, kind);
  }

  // The old-to-new map goes to the server as two arrays into a temporary table, so that each
  // table is re-keyed by one UPDATE whatever its size: a few round trips in all.
  Result<std::vector<uint64_t>> RekeySubjects(std::string_view from, std::string_view to,
                                              const SubjectRekey& rekey) override {
    written_ = true;
    XB_RETURN_IF_ERROR(Flush());
    pg::Connection& c = store_->conn();
    XB_ASSIGN_OR_RETURN(Rows taken,
                        c.Query("SELECT (SELECT count(*) FROM entry_group WHERE key_id = $1) + "
                                "(SELECT count(*) FROM counter WHERE key_id = $1)",
                                Params().Text(to)));
    if (taken.Int(0, 0) > 0) {
      return FailedPrecondition("subjects are already counted under key id " + std::string(to),
                                {c.display()});
    }
    XB_ASSIGN_OR_RETURN(Rows hashes,
                        c.Query("SELECT e.hash FROM entry_subject e JOIN entry_group g ON "
                                "g.entry = e.entry WHERE g.key_id = $1 UNION SELECT hash FROM "
                                "subject WHERE key_id = $1",
                                Params().Text(from)));
    std::vector<Digest> olds;
    std::vector<Digest> news;
    olds.reserve(hashes.size());
    news.reserve(hashes.size());
    for (int r = 0; r < hashes.size(); ++r) {
      XB_ASSIGN_OR_RETURN(Digest old, hashes.Hash(r, 0, "subject hash"));
      olds.push_back(old);
      news.push_back(rekey(old));
    }
    constexpr const char* kCount = "SELECT count(*) FROM subject WHERE key_id = $1";
    // Created before the batch, whose statements are all prepared before any runs.
    XB_RETURN_IF_ERROR(c.Exec(
        "CREATE TEMP TABLE rekey_map (old bytea PRIMARY KEY, new bytea NOT NULL) ON COMMIT DROP"));
    std::vector<pg::Statement> batch;
    batch.push_back({kCount, Params().Text(from)});
    batch.push_back(
        {"SELECT entry FROM entry_group WHERE key_id = $1 ORDER BY entry", Params().Text(from)});
    batch.push_back({"INSERT INTO rekey_map SELECT * FROM unnest($1::bytea[], $2::bytea[])",
                     Params().ByteaArray(olds).ByteaArray(news)});
    batch.push_back(
        {"UPDATE entry_subject e SET hash = m.new FROM rekey_map m, entry_group g "
         "WHERE g.entry = e.entry AND g.key_id = $1 AND e.hash = m.old",
         Params().Text(from)});
    batch.push_back(
        {"UPDATE subject s SET key_id = $2, hash = m.new FROM rekey_map m "
         "WHERE s.key_id = $1 AND s.hash = m.old",
         Params().Text(from).Text(to)});
    batch.push_back(
        {"UPDATE counter SET key_id = $2 WHERE key_id = $1", Params().Text(from).Text(to)});
    batch.push_back(
        {"UPDATE entry_group SET key_id = $2 WHERE key_id = $1", Params().Text(from).Text(to)});
    batch.push_back({"DROP TABLE rekey_map", {}});
    batch.push_back({kCount, Params().Text(to)});
    XB_ASSIGN_OR_RETURN(std::vector<Rows> results, c.Batch(batch));
    if (results.back().Int(0, 0) != results[0].Int(0, 0)) {
      return Internal("re-keying changed the number of distinct subjects; nothing was changed");
    }
    std::vector<uint64_t> entries;
    for (int r = 0; r < results[1].size(); ++r) {
      entries.push_back(static_cast<uint64_t>(results[1].Int(r, 0)));
    }
    return entries;
  }

  Status Commit() override {
    if (done_) return FailedPrecondition("transaction already finished");
    XB_RETURN_IF_ERROR(Flush());
    XB_RETURN_IF_ERROR(store_->conn().Exec("COMMIT"));  // the destructor rolls back on failure
    done_ = true;
    return Status::Ok();
  }

 private:
  Status Queue(pg::Statement statement) {
    written_ = true;
    queued_bytes_ += statement.params.bytes();
    queued_.push_back(std::move(statement));
    return MaybeFlush();
  }

  Status MaybeFlush() { return queued_bytes_ >= kFlushBytes ? Flush() : Status::Ok(); }

  // Sends every queued write in one round trip: entries and nodes as one multi-row insert each
  // (unnest of array parameters), then the other statements in the order they were queued.
  Status Flush() {
    std::vector<pg::Statement> batch;
    if (!entry_idx_.empty()) {
      batch.push_back(
          {"INSERT INTO entry(idx, data) SELECT * FROM unnest($1::bigint[], "
           "$2::bytea[])",
           Params().Int8Array(entry_idx_).ByteaArray(entry_data_)});
    }
    if (!node_ids_.empty()) {
      batch.push_back(
          {"INSERT INTO node(id, hash) SELECT * FROM unnest($1::bigint[], "
           "$2::bytea[])",
           Params().Int8Array(node_ids_).ByteaArray(node_hashes_)});
    }
    for (pg::Statement& s : queued_) batch.push_back(std::move(s));
    entry_idx_.clear();
    entry_data_.clear();
    node_ids_.clear();
    node_hashes_.clear();
    queued_.clear();
    queued_bytes_ = 0;
    if (batch.empty()) return Status::Ok();
    XB_RETURN_IF_ERROR(store_->conn().Batch(batch));
    return Status::Ok();
  }

  PostgresStore* store_;
  Prefetched prefetched_;
  bool written_ = false;  // once true, reads go to the database
  bool done_ = false;
  std::vector<int64_t> entry_idx_;
  std::vector<std::string> entry_data_;
  std::vector<int64_t> node_ids_;
  std::vector<Digest> node_hashes_;
  std::vector<pg::Statement> queued_;
  size_t queued_bytes_ = 0;
};

Result<std::unique_ptr<WriteTransaction>> PostgresStore::BeginWrite() {
  if (read_only_) return FailedPrecondition("the ledger was opened read-only", {conn_->display()});
  if (conn_->InTransaction()) {
    return FailedPrecondition("a ledger transaction is already open on this connection");
  }
  // One round trip. READ COMMITTED, not REPEATABLE READ: each statement's snapshot is taken
  // when it starts, so the reads after the lock see the latest committed head.
  std::vector<pg::Statement> begin;
  begin.push_back({"BEGIN ISOLATION LEVEL READ COMMITTED", {}});
  begin.push_back({"SET LOCAL synchronous_commit = on", {}});
  begin.push_back({lock_timeout_, {}});
  begin.push_back({"SELECT pg_advisory_xact_lock($1, $2)",
                   Params().Int4(pg::kAdvisoryLockClass).Int4(lock_key_)});
  begin.push_back({kReadHead, {}});
  begin.push_back({kPrefetchMeta, {}});
  begin.push_back({kPrefetchNodes, {}});
  begin.push_back({kPrefetchLastEntry, {}});
  auto results = conn_->Batch(begin);
  if (!results.ok()) {
    if (conn_->InTransaction()) (void)conn_->Exec("ROLLBACK");  // e.g. the lock timed out
    return std::move(results).error();
  }
  const std::vector<Rows>& r = *results;
  Prefetched p;
  if (auto head = HeadFromRows(r[4]); head.ok()) p.head = *head;
  for (int i = 0; i < r[5].size(); ++i) {
    p.meta.emplace(std::string(r[5].Bytes(i, 0)), std::string(r[5].Bytes(i, 1)));
  }
  for (int i = 0; i < r[6].size(); ++i) {
    if (auto hash = r[6].Hash(i, 1, "Merkle node"); hash.ok())
      p.nodes.emplace(r[6].Int(i, 0), *hash);
  }
  if (r[7].size() == 1 && r[7].Int(0, 0) >= 0) {
    p.last_entry.emplace(static_cast<uint64_t>(r[7].Int(0, 0)), std::string(r[7].Bytes(0, 1)));
  }
  return std::unique_ptr<WriteTransaction>(
      std::make_unique<PostgresTransaction>(this, std::move(p)));
}

}  // namespace

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url,
                                                 const PostgresStoreOptions& options) {
  XB_ASSIGN_OR_RETURN(auto conn, pg::Connection::Open(url));
  if (options.create_if_missing) {
    XB_RETURN_IF_ERROR(pg::EnsureSchema(*conn, kComponent, kSchema));
  } else {
    XB_ASSIGN_OR_RETURN(int version, pg::SchemaVersion(*conn, kComponent));
    if (version == 0) return NotFound("no xborder ledger in this database", {conn->display()});
    if (version > kSchema[std::size(kSchema) - 1].version) {
      return FailedPrecondition("the database holds a newer ledger schema (version " +
                                    std::to_string(version) + "); upgrade xborder",
                                {conn->display()});
    }
  }
  // The append lock is keyed by the head table's OID: ledgers in different schemas of one
  // database do not wait for each other.
  XB_ASSIGN_OR_RETURN(Rows head_oid, conn->Query("SELECT 'head'::regclass::oid::bigint"));
  const auto lock_key = static_cast<int32_t>(static_cast<uint32_t>(head_oid.Int(0, 0)));
  std::string lock_timeout =
      "SET LOCAL lock_timeout = " + std::to_string(options.lock_timeout.count());
  return std::unique_ptr<Store>(std::make_unique<PostgresStore>(
      std::move(conn), std::move(lock_timeout), lock_key, options.read_only));
}

}  // namespace xb::ledger
