#include "consent/sqlite_consent_store.h"

#include <functional>
#include <unordered_map>

#include "consent/consent_terms.h"
#include "consent/coverage.h"
#include "ledger/key_rotation.h"
#include "ledger/sqlite_db.h"

namespace xb::consent {
namespace {

using ledger::SqliteDb;
using ledger::SqliteStatement;

// A consent form is signed by thousands: its terms (recipients, purposes, categories and the
// Art. 39 notice, as JSON texts) are stored once in consent_terms and each record points at
// them. (Version 1 kept the four texts in every record: ~5x the bytes, most of the load time.)
constexpr ledger::SqliteTable kTables[] = {
    {"consent_terms",
     "(id INTEGER PRIMARY KEY, recipients TEXT NOT NULL, purposes TEXT NOT NULL, "
     "categories TEXT NOT NULL, notice TEXT NOT NULL, "
     "UNIQUE (recipients, purposes, categories, notice))"},
    {"consent_records",
     "(id INTEGER PRIMARY KEY, key_id TEXT NOT NULL, subject BLOB NOT NULL, "
     "terms INTEGER NOT NULL REFERENCES consent_terms(id), separate_consent INTEGER NOT NULL, "
     "guardian_consent INTEGER NOT NULL, granted_at TEXT NOT NULL, withdrawn_at TEXT, "
     "source_line INTEGER NOT NULL)"},
};
constexpr char kIndexes[] =
    "CREATE INDEX IF NOT EXISTS consent_by_subject ON consent_records(key_id, subject)";

// Moves a version-1 registry (terms inline in consent_records) to the current layout, keeping
// every record and its id: the old table is set aside, kTables creates the current tables, and
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

// Every record read selects a record's own columns last, in the order ReadRecord reads them.
constexpr const char* kLoadKey =
    "SELECT terms, subject, separate_consent, guardian_consent, granted_at, withdrawn_at, "
    "source_line FROM consent_records WHERE key_id = ? ORDER BY id";
constexpr const char* kExportAll =
    "SELECT key_id, terms, subject, separate_consent, guardian_consent, granted_at, "
    "withdrawn_at, source_line FROM consent_records ORDER BY id";

// Errors: kCorruption naming `what` unless the column holds a date (or NULL when allowed).
Result<std::optional<CivilDate>> DateColumn(const SqliteStatement& q, int column, bool nullable,
                                            const char* what, const std::string& path) {
  if (q.IsNull(column)) {
    if (nullable) return std::optional<CivilDate>();
    return Corruption(std::string("consent record without a ") + what, {path});
  }
  std::optional<CivilDate> date = CivilDate::Parse(q.Bytes(column));
  if (!date) return Corruption(std::string("consent record with a malformed ") + what, {path});
  return date;
}

// A record's own columns (kRecordColumns) from column `first` on; terms are applied apart.
Result<ConsentRecord> ReadRecord(const SqliteStatement& q, int first, const std::string& path) {
  ConsentRecord r;
  XB_ASSIGN_OR_RETURN(r.subject, q.Digest32(first, "a consent record's subject"));
  r.separate_consent = q.Int(first + 1) != 0;
  r.guardian_consent = q.Int(first + 2) != 0;
  XB_ASSIGN_OR_RETURN(auto granted, DateColumn(q, first + 3, false, "grant date", path));
  r.granted_at = *granted;
  XB_ASSIGN_OR_RETURN(r.withdrawn_at, DateColumn(q, first + 4, true, "withdrawal date", path));
  r.source_line = q.Int(first + 5);
  return r;
}

class SqliteConsentStore final : public ConsentStore {
 public:
  explicit SqliteConsentStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}

  // A version-1 registry has consent_records but no consent_terms.
  Result<bool> IsVersion1() {
    return db_->Read([&]() -> Result<bool> {
      XB_ASSIGN_OR_RETURN(bool records, db_->HasTable("consent_records"));
      XB_ASSIGN_OR_RETURN(bool terms, db_->HasTable("consent_terms"));
      return records && !terms;
    });
  }

  Status CreateOrMigrateSchema() {
    XB_ASSIGN_OR_RETURN(bool version1, IsVersion1());
    if (version1) XB_RETURN_IF_ERROR(db_->Exec(kSetAsideVersion1));
    XB_RETURN_IF_ERROR(db_->EnsureTables(kTables));
    XB_RETURN_IF_ERROR(db_->Exec(kIndexes));
    if (version1) XB_RETURN_IF_ERROR(db_->Exec(kCopyFromVersion1));
    return Status::Ok();
  }

  Status EnsureTables() { return db_->EnsureTables(kTables); }
  Status CreateTables() {
    return db_->Write([&] { return CreateOrMigrateSchema(); });
  }

  Status Import(const std::string& key_id, std::span<const ConsentRecord> records) override {
    return db_->Write([&]() -> Status {
      XB_RETURN_IF_ERROR(ledger::CheckSubjectKeyCurrent(*db_, key_id));
      return InsertRecords(
          records.size(), [&](size_t) -> const std::string& { return key_id; },
          [&](size_t i) -> const ConsentRecord& { return records[i]; });
    });
  }

  Status ImportStored(std::span<const StoredConsent> records) override {
    return db_->Write([&] {
      return InsertRecords(
          records.size(), [&](size_t i) -> const std::string& { return records[i].key_id; },
          [&](size_t i) -> const ConsentRecord& { return records[i].record; });
    });
  }

  Result<ConsentIndex> LoadAll(const std::string& key_id) override {
    return db_->Read([&]() -> Result<ConsentIndex> {
      // Records looked up under a retired key would all be missing: no consent found is then
      // no finding (ledger/key_rotation.h).
      XB_RETURN_IF_ERROR(ledger::CheckSubjectKeyCurrent(*db_, key_id));
      XB_ASSIGN_OR_RETURN(auto terms, LoadTerms());
      XB_ASSIGN_OR_RETURN(SqliteStatement q, db_->Prepare(kLoadKey));
      q.BindText(1, key_id);
      ConsentIndex index;
      while (true) {
        XB_ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) return index;
        XB_ASSIGN_OR_RETURN(ConsentRecord r, ReadRecord(q, 1, db_->path()));
        XB_RETURN_IF_ERROR(Apply(terms, q.Int(0), &r));
        index[r.subject].push_back(std::move(r));
      }
    });
  }

  Result<std::vector<StoredConsent>> ExportAll() override {
    return db_->Read([&]() -> Result<std::vector<StoredConsent>> {
      XB_ASSIGN_OR_RETURN(auto terms, LoadTerms());
      XB_ASSIGN_OR_RETURN(SqliteStatement q, db_->Prepare(kExportAll));
      std::vector<StoredConsent> out;
      while (true) {
        XB_ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) return out;
        StoredConsent s;
        s.key_id = std::string(q.Bytes(0));
        XB_ASSIGN_OR_RETURN(s.record, ReadRecord(q, 2, db_->path()));
        XB_RETURN_IF_ERROR(Apply(terms, q.Int(1), &s.record));
        out.push_back(std::move(s));
      }
    });
  }

  Result<int64_t> Withdraw(const std::string& key_id, const Digest& subject, CivilDate on,
                           const std::optional<std::string>& recipient) override {
    const std::string date = on.ToString();
    int64_t changed = 0;
    // Selected under the write lock, so a record imported or withdrawn meanwhile is not missed
    // or counted twice.
    Status written = db_->Write([&]() -> Status {
      XB_RETURN_IF_ERROR(ledger::CheckSubjectKeyCurrent(*db_, key_id));
      // Recipient matching uses the same wildcard rule as coverage, so it is done here rather
      // than in SQL over the JSON lists.
      std::vector<int64_t> ids;
      {
        XB_ASSIGN_OR_RETURN(
            SqliteStatement select,
            db_->Prepare("SELECT r.id, t.recipients FROM consent_records r JOIN consent_terms t "
                         "ON t.id = r.terms WHERE r.key_id = ? AND r.subject = ? "
                         "AND (r.withdrawn_at IS NULL OR r.withdrawn_at > ?)"));
        select.BindText(1, key_id).BindBlob(2, subject).BindText(3, date);
        while (true) {
          XB_ASSIGN_OR_RETURN(bool row, select.Step());
          if (!row) break;
          XB_ASSIGN_OR_RETURN(auto recipients, DecodeList(select.Bytes(1), db_->path()));
          if (!recipient || Covers(recipients, *recipient)) ids.push_back(select.Int(0));
        }
      }
      XB_ASSIGN_OR_RETURN(SqliteStatement set,
                          db_->Prepare("UPDATE consent_records SET withdrawn_at = ? WHERE id = ?"));
      for (int64_t id : ids) {
        set.Reset();
        set.BindText(1, date).Bind(2, id);
        XB_RETURN_IF_ERROR(set.Run());
      }
      changed = static_cast<int64_t>(ids.size());
      return Status::Ok();
    });
    if (!written.ok()) return std::move(written).error();
    return changed;
  }

  Result<std::vector<Withdrawal>> WithdrawnSince(const std::string& key_id,
                                                 CivilDate since) override {
    const std::string date = since.ToString();
    return db_->Read([&]() -> Result<std::vector<Withdrawal>> {
      XB_RETURN_IF_ERROR(ledger::CheckSubjectKeyCurrent(*db_, key_id));
      XB_ASSIGN_OR_RETURN(
          SqliteStatement q,
          db_->Prepare("SELECT subject, MIN(withdrawn_at) AS w FROM consent_records "
                       "WHERE key_id = ? AND withdrawn_at IS NOT NULL AND withdrawn_at >= ? "
                       "GROUP BY subject ORDER BY w, subject"));
      q.BindText(1, key_id).BindText(2, date);
      std::vector<Withdrawal> out;
      while (true) {
        XB_ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) return out;
        Withdrawal w;
        XB_ASSIGN_OR_RETURN(w.subject, q.Digest32(0, "a consent record's subject"));
        XB_ASSIGN_OR_RETURN(auto d, DateColumn(q, 1, false, "withdrawal date", db_->path()));
        w.withdrawn_at = *d;
        out.push_back(w);
      }
    });
  }

  Result<int64_t> CountRecords(const std::string& key_id) override {
    return Count("SELECT COUNT(*) FROM consent_records WHERE key_id = ?", &key_id);
  }

  Result<int64_t> Rekey(const std::string& from, const std::string& to,
                        const std::function<Digest(const Digest&)>& rekey) override {
    int64_t moved = 0;
    Status written = db_->Write([&]() -> Status {
      XB_ASSIGN_OR_RETURN(
          SqliteStatement select,
          db_->Prepare("SELECT id, subject FROM consent_records WHERE key_id = ? ORDER BY id"));
      select.BindText(1, from);
      XB_ASSIGN_OR_RETURN(
          SqliteStatement update,
          db_->Prepare("UPDATE consent_records SET key_id = ?, subject = ? WHERE id = ?"));
      while (true) {
        XB_ASSIGN_OR_RETURN(bool row, select.Step());
        if (!row) return Status::Ok();
        XB_ASSIGN_OR_RETURN(Digest subject, select.Digest32(1, "consent subject"));
        const Digest fresh = rekey(subject);  // bound without a copy: alive until Run
        update.Reset();
        update.BindText(1, to).BindBlob(2, fresh).Bind(3, select.Int(0));
        XB_RETURN_IF_ERROR(update.Run());
        ++moved;
      }
    });
    XB_RETURN_IF_ERROR(written);
    return moved;
  }

  Result<int64_t> CountAll() override {
    return Count("SELECT COUNT(*) FROM consent_records", nullptr);
  }

 private:
  Result<int64_t> Count(const char* sql, const std::string* key_id) {
    return db_->Read([&]() -> Result<int64_t> {
      XB_ASSIGN_OR_RETURN(SqliteStatement q, db_->Prepare(sql));
      if (key_id != nullptr) q.BindText(1, *key_id);
      XB_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) return Internal("a COUNT query returned no row");
      return q.Int(0);
    });
  }

  // Each distinct set of terms decoded once; records copy the decoded terms.
  Result<std::unordered_map<int64_t, Terms>> LoadTerms() {
    std::unordered_map<int64_t, Terms> terms;
    XB_ASSIGN_OR_RETURN(
        SqliteStatement q,
        db_->Prepare("SELECT id, recipients, purposes, categories, notice FROM consent_terms"));
    while (true) {
      XB_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) return terms;
      XB_ASSIGN_OR_RETURN(terms[q.Int(0)],
                          DecodeTerms(q.Bytes(1), q.Bytes(2), q.Bytes(3), q.Bytes(4), db_->path()));
    }
  }

  Status Apply(const std::unordered_map<int64_t, Terms>& terms, int64_t id, ConsentRecord* r) {
    auto t = terms.find(id);
    if (t == terms.end()) {
      return Corruption("consent record pointing at missing terms", {db_->path()});
    }
    ApplyTerms(t->second, r);
    return Status::Ok();
  }

  // The id of these terms in consent_terms, added if new.
  Result<int64_t> TermsId(const TermsText& t) {
    {
      XB_ASSIGN_OR_RETURN(
          SqliteStatement insert,
          db_->Prepare("INSERT OR IGNORE INTO consent_terms (recipients, purposes, categories, "
                       "notice) VALUES (?,?,?,?)"));
      insert.BindText(1, t.recipients).BindText(2, t.purposes).BindText(3, t.categories);
      insert.BindText(4, t.notice);
      XB_RETURN_IF_ERROR(insert.Run());
    }
    XB_ASSIGN_OR_RETURN(SqliteStatement select,
                        db_->Prepare("SELECT id FROM consent_terms WHERE recipients = ? AND "
                                     "purposes = ? AND categories = ? AND notice = ?"));
    select.BindText(1, t.recipients).BindText(2, t.purposes).BindText(3, t.categories);
    select.BindText(4, t.notice);
    XB_ASSIGN_OR_RETURN(bool found, select.Step());
    if (!found) return Internal("consent terms just stored cannot be found");
    return select.Int(0);
  }

  // Inserts records 0..n-1 in order (inside the caller's write transaction).
  Status InsertRecords(size_t n, const std::function<const std::string&(size_t)>& key_of,
                       const std::function<const ConsentRecord&(size_t)>& record_of) {
    XB_ASSIGN_OR_RETURN(
        SqliteStatement insert,
        db_->Prepare("INSERT INTO consent_records (key_id, subject, terms, separate_consent, "
                     "guardian_consent, granted_at, withdrawn_at, source_line) "
                     "VALUES (?,?,?,?,?,?,?,?)"));
    std::unordered_map<std::string, int64_t> terms_ids;  // TermsText::Key() -> id
    for (size_t i = 0; i < n; ++i) {
      const ConsentRecord& r = record_of(i);
      const TermsText text = EncodeTerms(r);
      std::string key = text.Key();
      auto found = terms_ids.find(key);
      if (found == terms_ids.end()) {
        XB_ASSIGN_OR_RETURN(int64_t id, TermsId(text));
        found = terms_ids.emplace(std::move(key), id).first;
      }
      const std::string granted = r.granted_at.ToString();
      const std::string withdrawn = r.withdrawn_at ? r.withdrawn_at->ToString() : "";
      insert.Reset();
      insert.BindText(1, key_of(i)).BindBlob(2, r.subject).Bind(3, found->second);
      insert.Bind(4, r.separate_consent ? 1 : 0).Bind(5, r.guardian_consent ? 1 : 0);
      insert.BindText(6, granted);
      if (r.withdrawn_at) {
        insert.BindText(7, withdrawn);
      } else {
        insert.BindNull(7);
      }
      insert.Bind(8, r.source_line);
      XB_RETURN_IF_ERROR(insert.Run());
    }
    return Status::Ok();
  }

  std::unique_ptr<SqliteDb> db_;
};

}  // namespace

Result<std::unique_ptr<ConsentStore>> OpenSqliteConsentStore(const std::string& path,
                                                             ConsentAccess access) {
  const bool read = access == ConsentAccess::kRead;
  XB_ASSIGN_OR_RETURN(
      std::unique_ptr<SqliteDb> db,
      SqliteDb::Open(path, read ? ledger::SqliteAccess::kReadOnly : ledger::SqliteAccess::kCreate));
  auto store = std::make_unique<SqliteConsentStore>(std::move(db));
  if (read) {
    XB_ASSIGN_OR_RETURN(bool version1, store->IsVersion1());
    if (version1) {
      return FailedPrecondition(
          "the consent registry has the version-1 layout; open it once with write access (any "
          "`xborder consent import` or `transfer`) to upgrade it",
          {path});
    }
    XB_RETURN_IF_ERROR(store->EnsureTables());
    return std::unique_ptr<ConsentStore>(std::move(store));
  }
  XB_RETURN_IF_ERROR(store->CreateTables());
  return std::unique_ptr<ConsentStore>(std::move(store));
}

}  // namespace xb::consent
