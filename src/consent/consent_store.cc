#include "consent/consent_store.h"

#include <sqlite3.h>

#include <cstring>
#include <unordered_map>
#include <nlohmann/json.hpp>

#include "consent/coverage.h"

namespace xb::consent {
namespace {

// A consent form is signed by thousands: its terms (recipients, purposes, categories and the
// Art. 39 notice, as JSON texts) are stored once in consent_terms and each record points at
// them. (Version 1 kept the four texts in every record: ~5x the bytes, most of the load time.)
constexpr char kSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS consent_terms (
  id INTEGER PRIMARY KEY,
  recipients TEXT NOT NULL,
  purposes TEXT NOT NULL,
  categories TEXT NOT NULL,
  notice TEXT NOT NULL,
  UNIQUE (recipients, purposes, categories, notice)
);
CREATE TABLE IF NOT EXISTS consent_records (
  id INTEGER PRIMARY KEY,
  key_id TEXT NOT NULL,
  subject BLOB NOT NULL,
  terms INTEGER NOT NULL REFERENCES consent_terms(id),
  separate_consent INTEGER NOT NULL,
  guardian_consent INTEGER NOT NULL,
  granted_at TEXT NOT NULL,
  withdrawn_at TEXT,
  source_line INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS consent_by_subject ON consent_records(key_id, subject);
)sql";

// Moves a version-1 registry (terms inline in consent_records) to the current layout, keeping
// every record and its id: the old table is set aside, kSchema creates the current tables, and
// the records are copied over with their terms stored once. Runs inside the caller's transaction.
constexpr char kSetAsideVersion1[] = R"sql(
DROP INDEX IF EXISTS consent_by_subject;
ALTER TABLE consent_records RENAME TO consent_records_v1;
)sql";
constexpr char kCopyFromVersion1[] = R"sql(
INSERT OR IGNORE INTO consent_terms (recipients, purposes, categories, notice)
  SELECT recipients, purposes, categories, notice FROM consent_records_v1 ORDER BY id;
INSERT INTO consent_records
  SELECT r.id, r.key_id, r.subject, t.id, r.separate_consent, r.guardian_consent, r.granted_at,
         r.withdrawn_at, r.source_line
  FROM consent_records_v1 r JOIN consent_terms t
    ON t.recipients = r.recipients AND t.purposes = r.purposes AND t.categories = r.categories
   AND t.notice = r.notice;
DROP TABLE consent_records_v1;
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
  XB_RETURN_IF_ERROR(store->Exec("BEGIN IMMEDIATE"));
  Status s = store->CreateOrMigrateSchema();
  if (!s.ok()) {
    (void)store->Exec("ROLLBACK");
    return std::move(s).error();
  }
  XB_RETURN_IF_ERROR(store->Exec("COMMIT"));
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

Status ConsentStore::CreateOrMigrateSchema() {
  // A version-1 registry has consent_records but no consent_terms.
  bool version1 = false;
  {
    // Finalised before migrating: DROP TABLE fails while a statement is pending.
    Statement probe(db_,
                    "SELECT (SELECT COUNT(*) FROM sqlite_master WHERE name = 'consent_records'),"
                    " (SELECT COUNT(*) FROM sqlite_master WHERE name = 'consent_terms')");
    if (!probe.ok() || sqlite3_step(probe.get()) != SQLITE_ROW) {
      return IoError(std::string("consent database: ") + sqlite3_errmsg(db_));
    }
    version1 = sqlite3_column_int(probe.get(), 0) == 1 && sqlite3_column_int(probe.get(), 1) == 0;
  }
  if (version1) XB_RETURN_IF_ERROR(Exec(kSetAsideVersion1));
  XB_RETURN_IF_ERROR(Exec(kSchema));
  if (version1) XB_RETURN_IF_ERROR(Exec(kCopyFromVersion1));
  return Status::Ok();
}

Result<int64_t> ConsentStore::TermsId(const std::string& recipients, const std::string& purposes,
                                      const std::string& categories, const std::string& notice) {
  Statement insert(db_,
                   "INSERT OR IGNORE INTO consent_terms (recipients, purposes, categories, notice)"
                   " VALUES (?,?,?,?)");
  Statement select(db_,
                   "SELECT id FROM consent_terms WHERE recipients = ? AND purposes = ? AND"
                   " categories = ? AND notice = ?");
  if (!insert.ok() || !select.ok()) {
    return IoError(std::string("consent database: ") + sqlite3_errmsg(db_));
  }
  for (sqlite3_stmt* s : {insert.get(), select.get()}) {
    sqlite3_bind_text(s, 1, recipients.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, purposes.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, categories.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, notice.c_str(), -1, SQLITE_TRANSIENT);
  }
  if (sqlite3_step(insert.get()) != SQLITE_DONE || sqlite3_step(select.get()) != SQLITE_ROW) {
    return IoError(std::string("consent database: ") + sqlite3_errmsg(db_));
  }
  return sqlite3_column_int64(select.get(), 0);
}

Status ConsentStore::Import(const std::string& key_id, std::span<const ConsentRecord> records) {
  XB_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  Status s = InsertRecords(key_id, records);
  if (!s.ok()) {
    (void)Exec("ROLLBACK");
    return s;
  }
  return Exec("COMMIT");
}

Status ConsentStore::InsertRecords(const std::string& key_id,
                                   std::span<const ConsentRecord> records) {
  Statement insert(db_,
                   "INSERT INTO consent_records (key_id, subject, terms, separate_consent,"
                   " guardian_consent, granted_at, withdrawn_at, source_line)"
                   " VALUES (?,?,?,?,?,?,?,?)");
  if (!insert.ok()) return IoError(std::string("consent database: ") + sqlite3_errmsg(db_));
  // Terms as stored text -> id; the JSON encoding of a record's terms is its identity.
  std::unordered_map<std::string, int64_t> terms_ids;
  std::string terms_key;
  for (const ConsentRecord& r : records) {
    std::string recipients = JoinList(r.recipients), purposes = JoinList(r.purposes),
                categories = JoinList(r.categories), notice = NoticeToJson(r.notice);
    terms_key.clear();
    for (const std::string* part : {&recipients, &purposes, &categories, &notice}) {
      terms_key += *part;
      terms_key.push_back('\0');  // cannot occur inside JSON text
    }
    auto found = terms_ids.find(terms_key);
    if (found == terms_ids.end()) {
      XB_ASSIGN_OR_RETURN(int64_t id, TermsId(recipients, purposes, categories, notice));
      found = terms_ids.emplace(terms_key, id).first;
    }
    sqlite3_stmt* s = insert.get();
    sqlite3_reset(s);
    const std::string granted = r.granted_at.ToString();
    const std::string withdrawn = r.withdrawn_at ? r.withdrawn_at->ToString() : "";
    sqlite3_bind_text(s, 1, key_id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 2, r.subject.data(), static_cast<int>(r.subject.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 3, found->second);
    sqlite3_bind_int(s, 4, r.separate_consent ? 1 : 0);
    sqlite3_bind_int(s, 5, r.guardian_consent ? 1 : 0);
    sqlite3_bind_text(s, 6, granted.c_str(), -1, SQLITE_TRANSIENT);
    if (r.withdrawn_at) {
      sqlite3_bind_text(s, 7, withdrawn.c_str(), -1, SQLITE_TRANSIENT);
    } else {
      sqlite3_bind_null(s, 7);
    }
    sqlite3_bind_int64(s, 8, r.source_line);
    if (sqlite3_step(s) != SQLITE_DONE) {
      return IoError(std::string("consent database: ") + sqlite3_errmsg(db_));
    }
  }
  return Status::Ok();
}

Result<ConsentIndex> ConsentStore::LoadAll(const std::string& key_id) {
  // Each distinct set of terms is decoded once; records copy the decoded terms.
  struct Terms {
    std::vector<std::string> recipients, purposes, categories;
    Art39Notice notice;
  };
  std::unordered_map<int64_t, Terms> terms;
  {
    Statement q(db_, "SELECT id, recipients, purposes, categories, notice FROM consent_terms");
    if (!q.ok()) return IoError(std::string("consent database: ") + sqlite3_errmsg(db_));
    int rc;
    while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
      sqlite3_stmt* s = q.get();
      terms[sqlite3_column_int64(s, 0)] =
          Terms{SplitList(sqlite3_column_text(s, 1)), SplitList(sqlite3_column_text(s, 2)),
                SplitList(sqlite3_column_text(s, 3)), NoticeFromJson(sqlite3_column_text(s, 4))};
    }
    if (rc != SQLITE_DONE) return IoError(std::string("consent database: ") + sqlite3_errmsg(db_));
  }
  Statement q(db_,
              "SELECT subject, terms, separate_consent, guardian_consent, granted_at,"
              " withdrawn_at, source_line FROM consent_records WHERE key_id = ? ORDER BY id");
  if (!q.ok()) return IoError(std::string("consent database: ") + sqlite3_errmsg(db_));
  sqlite3_bind_text(q.get(), 1, key_id.c_str(), -1, SQLITE_TRANSIENT);
  ConsentIndex index;
  int rc;
  while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
    sqlite3_stmt* s = q.get();
    ConsentRecord r;
    if (sqlite3_column_bytes(s, 0) != static_cast<int>(r.subject.size())) {
      return Corruption("consent record with a malformed subject hash");
    }
    std::memcpy(r.subject.data(), sqlite3_column_blob(s, 0), r.subject.size());
    auto t = terms.find(sqlite3_column_int64(s, 1));
    if (t == terms.end()) return Corruption("consent record pointing at missing terms");
    r.recipients = t->second.recipients;
    r.purposes = t->second.purposes;
    r.categories = t->second.categories;
    r.notice = t->second.notice;
    r.separate_consent = sqlite3_column_int(s, 2) != 0;
    r.guardian_consent = sqlite3_column_int(s, 3) != 0;
    auto granted = DateColumn(s, 4);
    if (!granted) return Corruption("consent record with a malformed grant date");
    r.granted_at = *granted;
    r.withdrawn_at = DateColumn(s, 5);
    r.source_line = sqlite3_column_int64(s, 6);
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
                   "SELECT r.id, t.recipients FROM consent_records r JOIN consent_terms t"
                   " ON t.id = r.terms WHERE r.key_id = ? AND r.subject = ?"
                   " AND (r.withdrawn_at IS NULL OR r.withdrawn_at > ?)");
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
