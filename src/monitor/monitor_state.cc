#include "monitor/monitor_state.h"

#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "ledger/key_rotation.h"

namespace xb::monitor {
namespace {

using ledger::SqliteStatement;

constexpr ledger::SqliteTable kTables[] = {
    {"monitor_position",
     "(consumer TEXT PRIMARY KEY, last_sequence INTEGER NOT NULL, events INTEGER NOT NULL, "
     "malformed TEXT NOT NULL, ledger_size INTEGER NOT NULL)"},
    // Exporter names are stored once: a subject row carries the number.
    {"monitor_exporter",
     "(consumer TEXT NOT NULL, id INTEGER NOT NULL, name TEXT NOT NULL, "
     "PRIMARY KEY (consumer, id), UNIQUE (consumer, name))"},
    // One row per commit and group, its new subjects' 32-byte hashes back to back: a busy
    // monitor commits hundreds of thousands of new individuals a second, which one row each
    // would not keep up with. Rows are appended, never updated: the monitor stores a subject
    // only the first time it counts it.
    {"monitor_subject",
     "(consumer TEXT NOT NULL, exporter INTEGER NOT NULL, year INTEGER NOT NULL, "
     "sensitive INTEGER NOT NULL, hashes BLOB NOT NULL)"},
    // Beside monitor_position rather than in it, so databases made before it need no migration.
    {"monitor_source", "(consumer TEXT PRIMARY KEY, source TEXT NOT NULL)"},
    {"monitor_mark",
     "(consumer TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, "
     "PRIMARY KEY (consumer, key)) WITHOUT ROWID"},
};

std::string MalformedJson(const MonitorPosition& p) {
  nlohmann::json j = nlohmann::json::object();
  for (int k = 0; k < kMalformedKinds; ++k) {
    j[MalformedKindName(static_cast<MalformedKind>(k))] = p.malformed[static_cast<size_t>(k)];
  }
  return j.dump();
}

Result<std::string> MonitorSubjectKey(ledger::SqliteDb& db);

// REQUIRES: inside the write transaction. Subjects hashed under `key_id` may join the state:
// the state is not under another key id (a rotation moved it on), and the key id is current.
Status CheckSubjectKey(ledger::SqliteDb& db, const std::string& key_id) {
  XB_ASSIGN_OR_RETURN(std::string under, MonitorSubjectKey(db));
  if (!under.empty() && under != key_id) {
    return InvalidArgument(
        "the monitor state is under subject key id " + under + ", but the key file holds key id " +
            key_id +
            "; use the key file the last `xborder keys rotate --subject` wrote (restart "
            "`xborder monitor`, which keeps the key it started with)",
        {db.path()});
  }
  return ledger::CheckSubjectKeyCurrent(db, key_id);
}

class SqliteMonitorState final : public MonitorStateStore {
 public:
  SqliteMonitorState(std::unique_ptr<ledger::SqliteDb> db, const ExporterKeys& keys)
      : db_(std::move(db)), keys_(keys) {}

  Result<std::optional<MonitorPosition>> LoadPosition(std::string_view consumer) override {
    return db_->Read([&]() -> Result<std::optional<MonitorPosition>> {
      XB_ASSIGN_OR_RETURN(SqliteStatement q,
                          db_->Prepare("SELECT last_sequence, events, malformed, ledger_size, "
                                       "(SELECT source FROM monitor_source s WHERE s.consumer = "
                                       "p.consumer) FROM monitor_position p WHERE consumer = ?"));
      q.BindText(1, consumer);
      XB_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) return std::optional<MonitorPosition>();
      MonitorPosition p;
      p.last_sequence = static_cast<uint64_t>(q.Int(0));
      p.events = static_cast<uint64_t>(q.Int(1));
      p.ledger_size = static_cast<uint64_t>(q.Int(3));
      p.source = std::string(q.Bytes(4));
      auto j = nlohmann::json::parse(q.Bytes(2), nullptr, false);
      if (!j.is_object()) return Corruption("a monitor position is malformed", {db_->path()});
      for (int k = 0; k < kMalformedKinds; ++k) {
        const char* name = MalformedKindName(static_cast<MalformedKind>(k));
        if (j.contains(name) && j[name].is_number_unsigned())
          p.malformed[static_cast<size_t>(k)] = j[name].get<uint64_t>();
      }
      return std::optional<MonitorPosition>(p);
    });
  }

  Status ForEachSubject(std::string_view consumer, const SubjectVisitor& fn) override {
    return db_->Read([&]() -> Status {
      std::map<int64_t, std::string> names;
      {
        XB_ASSIGN_OR_RETURN(
            SqliteStatement q,
            db_->Prepare("SELECT id, name FROM monitor_exporter WHERE consumer = ?"));
        q.BindText(1, consumer);
        while (true) {
          XB_ASSIGN_OR_RETURN(bool row, q.Step());
          if (!row) break;
          names[q.Int(0)] = keys_.ReKeyed(q.Bytes(1));  // read-only: perhaps not re-keyed yet
        }
      }
      XB_ASSIGN_OR_RETURN(
          SqliteStatement q,
          db_->Prepare("SELECT exporter, year, sensitive, hashes FROM monitor_subject WHERE "
                       "consumer = ?"));
      q.BindText(1, consumer);
      while (true) {
        XB_ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) return Status::Ok();
        auto name = names.find(q.Int(0));
        if (name == names.end()) {
          return Corruption("a monitor subject of an unknown exporter", {db_->path()});
        }
        std::string_view hashes = q.Bytes(3);
        if (hashes.size() % sizeof(Digest) != 0) {
          return Corruption("monitor subjects that are not 32-byte hashes", {db_->path()});
        }
        Digest d;
        for (size_t at = 0; at < hashes.size(); at += sizeof(Digest)) {
          std::memcpy(d.data(), hashes.data() + at, sizeof(Digest));
          fn(name->second, static_cast<int>(q.Int(1)), q.Int(2) != 0, d);
        }
      }
    });
  }

  Result<std::vector<std::pair<std::string, std::string>>> LoadMarks(
      std::string_view consumer) override {
    return db_->Read([&]() -> Result<std::vector<std::pair<std::string, std::string>>> {
      XB_ASSIGN_OR_RETURN(
          SqliteStatement q,
          db_->Prepare("SELECT key, value FROM monitor_mark WHERE consumer = ? ORDER BY key"));
      q.BindText(1, consumer);
      std::vector<std::pair<std::string, std::string>> out;
      while (true) {
        XB_ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) return out;
        out.emplace_back(std::string(q.Bytes(0)), std::string(q.Bytes(1)));
      }
    });
  }

  Status Commit(std::string_view consumer, const StateDelta& delta) override {
    return db_->Write([&]() -> Status {
      if (!delta.subjects.empty()) XB_RETURN_IF_ERROR(CheckSubjectKey(*db_, delta.key_id));
      std::map<std::string, int64_t, std::less<>> ids;
      for (const ObservedSubject& s : delta.subjects) {
        if (!ids.count(s.exporter)) {
          XB_ASSIGN_OR_RETURN(int64_t id, ExporterId(consumer, s.exporter));
          ids.emplace(s.exporter, id);
        }
      }
      std::map<std::tuple<int64_t, int, bool>, std::string> groups;
      for (const ObservedSubject& s : delta.subjects) {
        groups[{ids.find(s.exporter)->second, s.year, s.sensitive}].append(
            reinterpret_cast<const char*>(s.hash.data()), s.hash.size());
      }
      XB_ASSIGN_OR_RETURN(SqliteStatement put,
                          db_->Prepare("INSERT INTO monitor_subject (consumer, exporter, year, "
                                       "sensitive, hashes) VALUES (?,?,?,?,?)"));
      for (const auto& [group, hashes] : groups) {
        const auto& [exporter, year, sensitive] = group;
        put.Reset();
        put.BindText(1, consumer).Bind(2, exporter).Bind(3, year);
        put.Bind(4, sensitive ? 1 : 0).BindBlob(5, std::string_view(hashes));
        XB_RETURN_IF_ERROR(put.Run());
      }
      XB_ASSIGN_OR_RETURN(SqliteStatement mark,
                          db_->Prepare("INSERT OR REPLACE INTO monitor_mark (consumer, key, "
                                       "value) VALUES (?,?,?)"));
      for (const auto& [key, value] : delta.marks) {
        mark.Reset();
        mark.BindText(1, consumer).BindText(2, key).BindText(3, value);
        XB_RETURN_IF_ERROR(mark.Run());
      }
      const MonitorPosition& p = delta.position;
      const std::string malformed = MalformedJson(p);
      XB_ASSIGN_OR_RETURN(
          SqliteStatement pos,
          db_->Prepare("INSERT OR REPLACE INTO monitor_position (consumer, last_sequence, "
                       "events, malformed, ledger_size) VALUES (?,?,?,?,?)"));
      pos.BindText(1, consumer).Bind(2, static_cast<int64_t>(p.last_sequence));
      pos.Bind(3, static_cast<int64_t>(p.events)).BindText(4, malformed);
      pos.Bind(5, static_cast<int64_t>(p.ledger_size));
      XB_RETURN_IF_ERROR(pos.Run());
      XB_ASSIGN_OR_RETURN(SqliteStatement src,
                          db_->Prepare("INSERT OR REPLACE INTO monitor_source (consumer, source) "
                                       "VALUES (?,?)"));
      src.BindText(1, consumer).BindText(2, p.source);
      return src.Run();
    });
  }

  Result<std::vector<std::string>> Consumers() override {
    return db_->Read([&]() -> Result<std::vector<std::string>> {
      XB_ASSIGN_OR_RETURN(SqliteStatement q,
                          db_->Prepare("SELECT consumer FROM monitor_position ORDER BY consumer"));
      std::vector<std::string> out;
      while (true) {
        XB_ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) return out;
        out.emplace_back(q.Bytes(0));
      }
    });
  }

 private:
  // REQUIRES: inside the write transaction.
  Result<int64_t> ExporterId(std::string_view consumer, const std::string& name) {
    {
      XB_ASSIGN_OR_RETURN(
          SqliteStatement q,
          db_->Prepare("SELECT id FROM monitor_exporter WHERE consumer = ? AND name = ?"));
      q.BindText(1, consumer).BindText(2, name);
      XB_ASSIGN_OR_RETURN(bool row, q.Step());
      if (row) return q.Int(0);
    }
    XB_ASSIGN_OR_RETURN(
        SqliteStatement insert,
        db_->Prepare("INSERT INTO monitor_exporter (consumer, id, name) SELECT ?1, "
                     "COALESCE(MAX(id), 0) + 1, ?2 FROM monitor_exporter WHERE consumer = ?1"));
    insert.BindText(1, consumer).BindText(2, name);
    XB_RETURN_IF_ERROR(insert.Run());
    XB_ASSIGN_OR_RETURN(
        SqliteStatement q,
        db_->Prepare("SELECT id FROM monitor_exporter WHERE consumer = ? AND name = ?"));
    q.BindText(1, consumer).BindText(2, name);
    XB_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return Internal("a monitor exporter just stored cannot be found");
    return q.Int(0);
  }

  std::unique_ptr<ledger::SqliteDb> db_;
  const ExporterKeys& keys_;
};

// The key id the stored hashes are under, when a rotation recorded one (empty: none did).
Result<std::string> MonitorSubjectKey(ledger::SqliteDb& db) {
  XB_RETURN_IF_ERROR(
      db.Exec("CREATE TABLE IF NOT EXISTS monitor_subject_key (id INTEGER PRIMARY KEY CHECK "
              "(id = 0), key_id TEXT NOT NULL)"));
  XB_ASSIGN_OR_RETURN(SqliteStatement q,
                      db.Prepare("SELECT key_id FROM monitor_subject_key WHERE id = 0"));
  XB_ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? std::string(q.Bytes(0)) : std::string();
}

// Re-keys each stored row of back-to-back hashes in place.
Result<int64_t> RekeyMonitorRows(ledger::SqliteDb& db,
                                 const std::function<Digest(const Digest&)>& rekey) {
  XB_ASSIGN_OR_RETURN(SqliteStatement rows,
                      db.Prepare("SELECT rowid, hashes FROM monitor_subject ORDER BY rowid"));
  XB_ASSIGN_OR_RETURN(SqliteStatement update,
                      db.Prepare("UPDATE monitor_subject SET hashes = ? WHERE rowid = ?"));
  int64_t moved = 0;
  while (true) {
    XB_ASSIGN_OR_RETURN(bool row, rows.Step());
    if (!row) return moved;
    std::string hashes(rows.Bytes(1));
    if (hashes.size() % 32 != 0) {
      return Corruption("monitor subjects that are not 32-byte hashes", {db.path()});
    }
    for (size_t at = 0; at < hashes.size(); at += 32) {
      Digest h;
      std::memcpy(h.data(), hashes.data() + at, 32);
      const Digest fresh = rekey(h);
      std::memcpy(hashes.data() + at, fresh.data(), 32);
      ++moved;
    }
    update.Reset();
    update.BindBlob(1, std::string_view(hashes)).Bind(2, rows.Int(0));
    XB_RETURN_IF_ERROR(update.Run());
  }
}

// The exporter a mark names: the text after its first '|' ("level|E|...", "baseline|E|R|P",
// "<alert kind>|E|R|..."), up to the longest of `names` it starts with, else to the next '|'.
// Returns the mark's prefix length and the exporter's length.
std::pair<size_t, size_t> MarkExporter(std::string_view mark,
                                       const std::vector<std::string>& names) {
  const size_t start = mark.find('|');
  if (start == std::string_view::npos) return {mark.size(), 0};
  std::string_view rest = mark.substr(start + 1);
  size_t length = std::min(rest.find('|'), rest.size());
  for (const std::string& n : names) {
    if (n.size() > length && rest.size() > n.size() && rest.substr(0, n.size()) == n &&
        rest[n.size()] == '|') {
      length = n.size();
    }
  }
  return {start + 1, length};
}

struct NamedExporter {
  std::string consumer;
  int64_t id;
  std::string name;
};
using StoredMark = std::tuple<std::string, std::string, std::string>;  // consumer, key, value

// Moves one exporter row stored by name under its key (merged into the key's row when one
// exists). REQUIRES: inside the write transaction.
Status ReKeyExporterRow(ledger::SqliteDb& db, const NamedExporter& r, const std::string& key) {
  XB_ASSIGN_OR_RETURN(
      SqliteStatement find,
      db.Prepare("SELECT id FROM monitor_exporter WHERE consumer = ? AND name = ?"));
  find.BindText(1, r.consumer).BindText(2, key);
  XB_ASSIGN_OR_RETURN(bool exists, find.Step());
  if (!exists) {
    XB_ASSIGN_OR_RETURN(
        SqliteStatement rename,
        db.Prepare("UPDATE monitor_exporter SET name = ? WHERE consumer = ? AND id = ?"));
    rename.BindText(1, key).BindText(2, r.consumer).Bind(3, r.id);
    return rename.Run();
  }
  XB_ASSIGN_OR_RETURN(SqliteStatement move,
                      db.Prepare("UPDATE monitor_subject SET exporter = ? WHERE consumer = ? AND "
                                 "exporter = ?"));
  move.Bind(1, find.Int(0)).BindText(2, r.consumer).Bind(3, r.id);
  XB_RETURN_IF_ERROR(move.Run());
  XB_ASSIGN_OR_RETURN(SqliteStatement drop,
                      db.Prepare("DELETE FROM monitor_exporter WHERE consumer = ? AND id = ?"));
  drop.BindText(1, r.consumer).Bind(2, r.id);
  return drop.Run();
}

// Replaces one mark by the same with its exporter at [at, at + length) keyed.
// REQUIRES: inside the write transaction.
Status ReKeyMark(ledger::SqliteDb& db, const StoredMark& m, std::pair<size_t, size_t> exporter,
                 const ExporterKeys& keys) {
  const auto& [consumer, mark, value] = m;
  const auto [at, length] = exporter;
  const std::string rekeyed = mark.substr(0, at) +
                              keys.Of(std::string_view(mark).substr(at, length)) +
                              mark.substr(at + length);
  XB_ASSIGN_OR_RETURN(SqliteStatement drop,
                      db.Prepare("DELETE FROM monitor_mark WHERE consumer = ? AND key = ?"));
  drop.BindText(1, consumer).BindText(2, mark);
  XB_RETURN_IF_ERROR(drop.Run());
  XB_ASSIGN_OR_RETURN(
      SqliteStatement put,
      db.Prepare("INSERT OR REPLACE INTO monitor_mark (consumer, key, value) VALUES (?,?,?)"));
  put.BindText(1, consumer).BindText(2, rekeyed).BindText(3, value);
  return put.Run();
}

// Re-keys what was stored by exporter name (before exporter keys): monitor_exporter rows and
// the marks naming an exporter. Nothing to do, nothing written. REQUIRES: inside the write
// transaction.
Status ReKeyExporterNames(ledger::SqliteDb& db, const ExporterKeys& keys) {
  std::vector<NamedExporter> named;
  std::map<std::string, std::vector<std::string>> names;  // consumer -> names
  {
    XB_ASSIGN_OR_RETURN(SqliteStatement q,
                        db.Prepare("SELECT consumer, id, name FROM monitor_exporter"));
    while (true) {
      XB_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      if (ExporterKeys::IsKey(q.Bytes(2))) continue;
      named.push_back({std::string(q.Bytes(0)), q.Int(1), std::string(q.Bytes(2))});
      names[named.back().consumer].push_back(named.back().name);
    }
  }
  std::vector<std::pair<StoredMark, std::pair<size_t, size_t>>> marks;
  {
    XB_ASSIGN_OR_RETURN(SqliteStatement q,
                        db.Prepare("SELECT consumer, key, value FROM monitor_mark"));
    while (true) {
      XB_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      auto exporter = MarkExporter(q.Bytes(1), names[std::string(q.Bytes(0))]);
      if (exporter.second == 0 ||
          ExporterKeys::IsKey(q.Bytes(1).substr(exporter.first, exporter.second))) {
        continue;
      }
      marks.push_back(
          {{std::string(q.Bytes(0)), std::string(q.Bytes(1)), std::string(q.Bytes(2))}, exporter});
    }
  }
  if (named.empty() && marks.empty()) return Status::Ok();
  // The names must not survive in the file's free pages either.
  XB_RETURN_IF_ERROR(db.Exec("PRAGMA secure_delete = ON"));
  for (const NamedExporter& r : named) {
    XB_RETURN_IF_ERROR(ReKeyExporterRow(db, r, keys.Of(r.name)));
  }
  for (const auto& [mark, exporter] : marks)
    XB_RETURN_IF_ERROR(ReKeyMark(db, mark, exporter, keys));
  return Status::Ok();
}

}  // namespace

Result<int64_t> RekeySqliteMonitorState(const std::string& path, const std::string& from,
                                        const std::string& to,
                                        const std::function<Digest(const Digest&)>& rekey) {
  XB_ASSIGN_OR_RETURN(std::unique_ptr<ledger::SqliteDb> db,
                      ledger::SqliteDb::Open(path, ledger::SqliteAccess::kCreate));
  int64_t moved = 0;
  Status written = db->Write([&]() -> Status {
    bool has_state = false;
    {  // finished before the schema may change below
      XB_ASSIGN_OR_RETURN(SqliteStatement exists,
                          db->Prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = "
                                      "'monitor_subject'"));
      XB_ASSIGN_OR_RETURN(has_state, exists.Step());
    }
    if (!has_state) return Status::Ok();
    XB_ASSIGN_OR_RETURN(std::string under, MonitorSubjectKey(*db));
    if (under == to) return Status::Ok();
    if (!under.empty() && under != from) {
      return FailedPrecondition("the monitor state is under key id " + under + ", not " + from,
                                {db->path()});
    }
    XB_ASSIGN_OR_RETURN(moved, RekeyMonitorRows(*db, rekey));
    XB_ASSIGN_OR_RETURN(
        SqliteStatement put,
        db->Prepare("INSERT OR REPLACE INTO monitor_subject_key (id, key_id) VALUES (0, ?)"));
    put.BindText(1, to);
    return put.Run();
  });
  XB_RETURN_IF_ERROR(written);
  return moved;
}

Result<std::unique_ptr<MonitorStateStore>> OpenSqliteMonitorState(const std::string& path,
                                                                  ledger::SqliteAccess access,
                                                                  const ExporterKeys& keys) {
  XB_ASSIGN_OR_RETURN(std::unique_ptr<ledger::SqliteDb> db, ledger::SqliteDb::Open(path, access));
  if (db->read_only()) {
    XB_RETURN_IF_ERROR(db->EnsureTables(kTables));
  } else {
    ledger::SqliteDb* raw = db.get();
    Status created = raw->Write([raw, &keys]() -> Status {
      XB_RETURN_IF_ERROR(raw->EnsureTables(kTables));
      XB_RETURN_IF_ERROR(raw->Exec(
          "CREATE INDEX IF NOT EXISTS monitor_subject_by_consumer ON monitor_subject(consumer)"));
      return ReKeyExporterNames(*raw, keys);
    });
    if (!created.ok()) return std::move(created).error();
  }
  return std::unique_ptr<MonitorStateStore>(new SqliteMonitorState(std::move(db), keys));
}

}  // namespace xb::monitor
