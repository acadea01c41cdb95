#include "consent/consent_store.h"

#include <sqlite3.h>

#include <cstring>
#include <unordered_map>
#include <nlohmann/json.hpp>

#include "consent/coverage.h"

namespace xb::consent {
namespace {

constexpr char kSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS consent_records (
  id INTEGER PRIMARY KEY,
  key_id TEXT NOT NULL,
  subject BLOB NOT NULL,
  recipients TEXT NOT NULL,
  purposes TEXT NOT NULL,
  categories TEXT NOT NULL,
  separate_consent INTEGER NOT NULL,
  guardian_consent INTEGER NOT NULL,
  granted_at TEXT NOT NULL,
  withdrawn_at TEXT,
  notice TEXT NOT NULL,
  source_line INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS consent_by_subject ON consent_records(key_id, subject);
)sql";

// Owns a prepared statement for the length of one call.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

std::string JoinList(const std::vector<std::string>& items) { return nlohmann::json(items).dump(); }

std::vector<std::string> SplitList(const unsigned char* text) {
  if (text == nullptr) return {};
  auto j = nlohmann::json::parse(reinterpret_cast<const char*>(text), nullptr, false);
  if (!j.is_array()) return {};
  std::vector<std::string> out;
  for (const auto& v : j) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

std::string NoticeToJson(const Art39Notice& n) {
  return nlohmann::json{{"version", n.version},
                        {"recipient_name", n.recipient_name},
                        {"recipient_contact", n.recipient_contact},
                        {"purpose", n.purpose},
                        {"method", n.method},
                        {"categories", n.categories},
                        {"rights_procedure", n.rights_procedure}}
      .dump();
}

Art39Notice NoticeFromJson(const unsigned char* text) {
  Art39Notice n;
  if (text == nullptr) return n;
  auto j = nlohmann::json::parse(reinterpret_cast<const char*>(text), nullptr, false);
  if (!j.is_object()) return n;
  auto get = [&](const char* k) {
    return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : "";
  };
  n.version = get("version");
  n.recipient_name = get("recipient_name");
  n.recipient_contact = get("recipient_contact");
  n.purpose = get("purpose");
  n.method = get("method");
  n.categories = get("categories");
  n.rights_procedure = get("rights_procedure");
  return n;
}

std::optional<CivilDate> DateColumn(sqlite3_stmt* s, int col) {
  const unsigned char* t = sqlite3_column_text(s, col);
  if (t == nullptr) return std::nullopt;
  return CivilDate::Parse(reinterpret_cast<const char*>(t));
}

}  // namespace

Result<std::unique_ptr<ConsentStore>> ConsentStore::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return IoError("cannot open database: " + msg, {path});
  }
  sqlite3_busy_timeout(db, 10000);
  std::unique_ptr<ConsentStore> store(new ConsentStore(db));
  XB_RETURN_IF_ERROR(store->Exec("PRAGMA journal_mode=WAL"));
  XB_RETURN_IF_ERROR(store->Exec(kSchema));
  return store;
}

ConsentStore::~ConsentStore() { sqlite3_close(db_); }

Status ConsentStore::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown";
    sqlite3_free(err);
    return IoError("consent database: " + msg);
  }
  return Status::Ok();
}

Status ConsentStore::Import(const std::string& key_id, std::span<const ConsentRecord> records) {
  XB_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  Statement insert(db_,
                   "INSERT INTO consent_records (key_id, subject, recipients, purposes, categories,"
                   " separate_consent, guardian_consent, granted_at, withdrawn_at, notice,"
                   " source_line) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  if (!insert.ok()) {
    (void)Exec("ROLLBACK");
    return IoError(std::string("consent database: ") + sqlite3_errmsg(db_));
  }
  for (const ConsentRecord& r : records) {
    sqlite3_stmt* s = insert.get();
    sqlite3_reset(s);
    std::string recipients = JoinList(r.recipients), purposes = JoinList(r.purposes),
                categories = JoinList(r.categories), granted = r.granted_at.ToString(),
                notice = NoticeToJson(r.notice);
    std::string withdrawn = r.withdrawn_at ? r.withdrawn_at->ToString() : "";
    sqlite3_bind_text(s, 1, key_id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 2, r.subject.data(), static_cast<int>(r.subject.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, recipients.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, purposes.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 5, categories.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 6, r.separate_consent ? 1 : 0);
    sqlite3_bind_int(s, 7, r.guardian_consent ? 1 : 0);
    sqlite3_bind_text(s, 8, granted.c_str(), -1, SQLITE_TRANSIENT);
    if (r.withdrawn_at) {
      sqlite3_bind_text(s, 9, withdrawn.c_str(), -1, SQLITE_TRANSIENT);
    } else {
      sqlite3_bind_null(s, 9);
    }
    sqlite3_bind_text(s, 10, notice.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 11, r.source_line);
    if (sqlite3_step(s) != SQLITE_DONE) {
      std::string msg = sqlite3_errmsg(db_);
      (void)Exec("ROLLBACK");
      return IoError("consent database: " + msg);
    }
  }
  return Exec("COMMIT");
}

Result<ConsentIndex> ConsentStore::LoadAll(const std::string& key_id) {
  Statement q(db_,
              "SELECT subject, recipients, purposes, categories, separate_consent,"
              " guardian_consent, granted_at, withdrawn_at, notice, source_line"
              " FROM consent_records WHERE key_id = ? ORDER BY id");
  if (!q.ok()) return IoError(std::string("consent database: ") + sqlite3_errmsg(db_));
  sqlite3_bind_text(q.get(), 1, key_id.c_str(), -1, SQLITE_TRANSIENT);
  ConsentIndex index;
  // Records repeat a few lists and notices many times over (one consent form, thousands of
  // signatures): decode each distinct text once.
  std::unordered_map<std::string, std::vector<std::string>> lists;
  std::unordered_map<std::string, Art39Notice> notices;
  auto list_at = [&](sqlite3_stmt* s, int col) -> const std::vector<std::string>& {
    const unsigned char* text = sqlite3_column_text(s, col);
    std::string key = text == nullptr ? std::string() : reinterpret_cast<const char*>(text);
    auto it = lists.find(key);
    if (it == lists.end()) it = lists.emplace(key, SplitList(text)).first;
    return it->second;
  };
  int rc;
  while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
    sqlite3_stmt* s = q.get();
    ConsentRecord r;
    if (sqlite3_column_bytes(s, 0) != static_cast<int>(r.subject.size())) {
      return Corruption("consent record with a malformed subject hash");
    }
    std::memcpy(r.subject.data(), sqlite3_column_blob(s, 0), r.subject.size());
    r.recipients = list_at(s, 1);
    r.purposes = list_at(s, 2);
    r.categories = list_at(s, 3);
    r.separate_consent = sqlite3_column_int(s, 4) != 0;
    r.guardian_consent = sqlite3_column_int(s, 5) != 0;
    auto granted = DateColumn(s, 6);
    if (!granted) return Corruption("consent record with a malformed grant date");
    r.granted_at = *granted;
    r.withdrawn_at = DateColumn(s, 7);
    const unsigned char* notice = sqlite3_column_text(s, 8);
    std::string notice_key = notice == nullptr ? std::string() : reinterpret_cast<const char*>(notice);
    auto cached = notices.find(notice_key);
    if (cached == notices.end()) {
      cached = notices.emplace(std::move(notice_key), NoticeFromJson(notice)).first;
    }
    r.notice = cached->second;
    r.source_line = sqlite3_column_int64(s, 9);
    index[r.subject].push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) return IoError(std::string("consent database: ") + sqlite3_errmsg(db_));
  return index;
}

Result<int64_t> ConsentStore::Withdraw(const std::string& key_id, const Digest& subject,
                                       CivilDate on, const std::optional<std::string>& recipient) {
  // Recipient matching uses the same wildcard rule as coverage, so it is done here rather than
  // in SQL over the JSON lists.
  Statement select(db_,
                   "SELECT id, recipients FROM consent_records WHERE key_id = ? AND subject = ?"
                   " AND (withdrawn_at IS NULL OR withdrawn_at > ?)");
  if (!select.ok()) return IoError(std::string("consent database: ") + sqlite3_errmsg(db_));
  std::string date = on.ToString();
  sqlite3_bind_text(select.get(), 1, key_id.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob(select.get(), 2, subject.data(), static_cast<int>(subject.size()),
                    SQLITE_TRANSIENT);
  sqlite3_bind_text(select.get(), 3, date.c_str(), -1, SQLITE_TRANSIENT);
  std::vector<int64_t> ids;
  while (sqlite3_step(select.get()) == SQLITE_ROW) {
    auto recipients = SplitList(sqlite3_column_text(select.get(), 1));
    if (!recipient || Covers(recipients, *recipient))
      ids.push_back(sqlite3_column_int64(select.get(), 0));
  }
  XB_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  Statement set(db_, "UPDATE consent_records SET withdrawn_at = ? WHERE id = ?");
  for (int64_t id : ids) {
    sqlite3_reset(set.get());
    sqlite3_bind_text(set.get(), 1, date.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(set.get(), 2, id);
    if (sqlite3_step(set.get()) != SQLITE_DONE) {
      std::string msg = sqlite3_errmsg(db_);
      (void)Exec("ROLLBACK");
      return IoError("consent database: " + msg);
    }
  }
  XB_RETURN_IF_ERROR(Exec("COMMIT"));
  return static_cast<int64_t>(ids.size());
}

Result<std::vector<Withdrawal>> ConsentStore::WithdrawnSince(const std::string& key_id,
                                                             CivilDate since) {
  Statement q(db_,
              "SELECT subject, MIN(withdrawn_at) AS w FROM consent_records"
              " WHERE key_id = ? AND withdrawn_at IS NOT NULL AND withdrawn_at >= ?"
              " GROUP BY subject ORDER BY w, subject");
  if (!q.ok()) return IoError(std::string("consent database: ") + sqlite3_errmsg(db_));
  std::string date = since.ToString();
  sqlite3_bind_text(q.get(), 1, key_id.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(q.get(), 2, date.c_str(), -1, SQLITE_TRANSIENT);
  std::vector<Withdrawal> out;
  while (sqlite3_step(q.get()) == SQLITE_ROW) {
    Withdrawal w;
    if (sqlite3_column_bytes(q.get(), 0) != static_cast<int>(w.subject.size())) continue;
    std::memcpy(w.subject.data(), sqlite3_column_blob(q.get(), 0), w.subject.size());
    auto d = DateColumn(q.get(), 1);
    if (!d) return Corruption("consent record with a malformed withdrawal date");
    w.withdrawn_at = *d;
    out.push_back(w);
  }
  return out;
}

Result<int64_t> ConsentStore::CountRecords(const std::string& key_id) {
  Statement q(db_, "SELECT COUNT(*) FROM consent_records WHERE key_id = ?");
  if (!q.ok()) return IoError(std::string("consent database: ") + sqlite3_errmsg(db_));
  sqlite3_bind_text(q.get(), 1, key_id.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(q.get()) != SQLITE_ROW) return IoError("consent database: count failed");
  return sqlite3_column_int64(q.get(), 0);
}

}  // namespace xb::consent
