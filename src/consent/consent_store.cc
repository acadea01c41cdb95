#include "consent/consent_store.h"

#include <cstring>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "consent/coverage.h"

namespace xb::consent {
namespace {

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

std::string JoinList(const std::vector<std::string>& items) { return nlohmann::json(items).dump(); }

// The stored texts were written by this store; one that does not parse is damage, not an empty
// list (an empty recipient list would quietly make every consent invalid).
Result<std::vector<std::string>> SplitList(std::string_view text, const std::string& path) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return Corruption("consent terms hold a malformed list", {path});
  std::vector<std::string> out;
  for (const auto& v : j) {
    if (!v.is_string()) return Corruption("consent terms hold a malformed list", {path});
    out.push_back(v.get<std::string>());
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

// A missing item is an empty one (version 1 wrote only the items it had).
Result<Art39Notice> NoticeFromJson(std::string_view text, const std::string& path) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return Corruption("consent terms hold a malformed notice", {path});
  auto get = [&](const char* k) {
    return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : "";
  };
  Art39Notice n;
  n.version = get("version");
  n.recipient_name = get("recipient_name");
  n.recipient_contact = get("recipient_contact");
  n.purpose = get("purpose");
  n.method = get("method");
  n.categories = get("categories");
  n.rights_procedure = get("rights_procedure");
  return n;
}

// Errors: kCorruption naming `what` unless the column holds a date (or NULL when allowed).
Result<std::optional<CivilDate>> DateColumn(const ledger::SqliteStatement& q, int column,
                                            bool nullable, const char* what,
                                            const std::string& path) {
  if (q.IsNull(column)) {
    if (nullable) return std::optional<CivilDate>();
    return Corruption(std::string("consent record without a ") + what, {path});
  }
  std::optional<CivilDate> date = CivilDate::Parse(q.Bytes(column));
  if (!date) return Corruption(std::string("consent record with a malformed ") + what, {path});
  return date;
}

Result<Digest> SubjectColumn(const ledger::SqliteStatement& q, int column) {
  return q.Digest32(column, "a consent record's subject");
}

}  // namespace

Result<std::unique_ptr<ConsentStore>> ConsentStore::Open(const std::string& path,
                                                         ledger::SqliteAccess access) {
  XB_ASSIGN_OR_RETURN(std::unique_ptr<ledger::SqliteDb> db, ledger::SqliteDb::Open(path, access));
  std::unique_ptr<ConsentStore> store(new ConsentStore(std::move(db)));
  if (store->db_->read_only()) {
    XB_ASSIGN_OR_RETURN(bool version1, store->IsVersion1());
    if (version1) {
      return FailedPrecondition(
          "the consent registry has the version-1 layout; open it once with write access (any "
          "`xborder consent import` or `transfer`) to upgrade it",
          {path});
    }
    XB_RETURN_IF_ERROR(store->db_->EnsureTables(kTables));
    return store;
  }
  XB_RETURN_IF_ERROR(store->db_->Write([&] { return store->CreateOrMigrateSchema(); }));
  return store;
}

// A version-1 registry has consent_records but no consent_terms.
Result<bool> ConsentStore::IsVersion1() {
  return db_->Read([&]() -> Result<bool> {
    XB_ASSIGN_OR_RETURN(bool records, db_->HasTable("consent_records"));
    XB_ASSIGN_OR_RETURN(bool terms, db_->HasTable("consent_terms"));
    return records && !terms;
  });
}

Status ConsentStore::CreateOrMigrateSchema() {
  XB_ASSIGN_OR_RETURN(bool version1, IsVersion1());
  if (version1) XB_RETURN_IF_ERROR(db_->Exec(kSetAsideVersion1));
  XB_RETURN_IF_ERROR(db_->EnsureTables(kTables));
  XB_RETURN_IF_ERROR(db_->Exec(kIndexes));
  if (version1) XB_RETURN_IF_ERROR(db_->Exec(kCopyFromVersion1));
  return Status::Ok();
}

Result<int64_t> ConsentStore::TermsId(const std::string& recipients, const std::string& purposes,
                                      const std::string& categories, const std::string& notice) {
  {
    XB_ASSIGN_OR_RETURN(
        ledger::SqliteStatement insert,
        db_->Prepare("INSERT OR IGNORE INTO consent_terms (recipients, purposes, categories, "
                     "notice) VALUES (?,?,?,?)"));
    insert.BindText(1, recipients).BindText(2, purposes).BindText(3, categories);
    insert.BindText(4, notice);
    XB_RETURN_IF_ERROR(insert.Run());
  }
  XB_ASSIGN_OR_RETURN(ledger::SqliteStatement select,
                      db_->Prepare("SELECT id FROM consent_terms WHERE recipients = ? AND "
                                   "purposes = ? AND categories = ? AND notice = ?"));
  select.BindText(1, recipients).BindText(2, purposes).BindText(3, categories);
  select.BindText(4, notice);
  XB_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return Internal("consent terms just stored cannot be found");
  return select.Int(0);
}

Status ConsentStore::Import(const std::string& key_id, std::span<const ConsentRecord> records) {
  return db_->Write([&] { return InsertRecords(key_id, records); });
}

Status ConsentStore::InsertRecords(const std::string& key_id,
                                   std::span<const ConsentRecord> records) {
  XB_ASSIGN_OR_RETURN(
      ledger::SqliteStatement insert,
      db_->Prepare("INSERT INTO consent_records (key_id, subject, terms, separate_consent, "
                   "guardian_consent, granted_at, withdrawn_at, source_line) "
                   "VALUES (?,?,?,?,?,?,?,?)"));
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
    const std::string granted = r.granted_at.ToString();
    const std::string withdrawn = r.withdrawn_at ? r.withdrawn_at->ToString() : "";
    insert.Reset();
    insert.BindText(1, key_id).BindBlob(2, r.subject).Bind(3, found->second);
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

Result<ConsentIndex> ConsentStore::LoadAll(const std::string& key_id) {
  // Each distinct set of terms is decoded once; records copy the decoded terms.
  struct Terms {
    std::vector<std::string> recipients, purposes, categories;
    Art39Notice notice;
  };
  return db_->Read([&]() -> Result<ConsentIndex> {
    std::unordered_map<int64_t, Terms> terms;
    {
      XB_ASSIGN_OR_RETURN(
          ledger::SqliteStatement q,
          db_->Prepare("SELECT id, recipients, purposes, categories, notice FROM consent_terms"));
      while (true) {
        XB_ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) break;
        Terms& t = terms[q.Int(0)];
        XB_ASSIGN_OR_RETURN(t.recipients, SplitList(q.Bytes(1), db_->path()));
        XB_ASSIGN_OR_RETURN(t.purposes, SplitList(q.Bytes(2), db_->path()));
        XB_ASSIGN_OR_RETURN(t.categories, SplitList(q.Bytes(3), db_->path()));
        XB_ASSIGN_OR_RETURN(t.notice, NoticeFromJson(q.Bytes(4), db_->path()));
      }
    }
    XB_ASSIGN_OR_RETURN(
        ledger::SqliteStatement q,
        db_->Prepare("SELECT subject, terms, separate_consent, guardian_consent, granted_at, "
                     "withdrawn_at, source_line FROM consent_records WHERE key_id = ? "
                     "ORDER BY id"));
    q.BindText(1, key_id);
    ConsentIndex index;
    while (true) {
      XB_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) return index;
      ConsentRecord r;
      XB_ASSIGN_OR_RETURN(r.subject, SubjectColumn(q, 0));
      auto t = terms.find(q.Int(1));
      if (t == terms.end()) {
        return Corruption("consent record pointing at missing terms", {db_->path()});
      }
      r.recipients = t->second.recipients;
      r.purposes = t->second.purposes;
      r.categories = t->second.categories;
      r.notice = t->second.notice;
      r.separate_consent = q.Int(2) != 0;
      r.guardian_consent = q.Int(3) != 0;
      XB_ASSIGN_OR_RETURN(auto granted, DateColumn(q, 4, false, "grant date", db_->path()));
      r.granted_at = *granted;
      XB_ASSIGN_OR_RETURN(r.withdrawn_at, DateColumn(q, 5, true, "withdrawal date", db_->path()));
      r.source_line = q.Int(6);
      index[r.subject].push_back(std::move(r));
    }
  });
}

Result<int64_t> ConsentStore::Withdraw(const std::string& key_id, const Digest& subject,
                                       CivilDate on, const std::optional<std::string>& recipient) {
  const std::string date = on.ToString();
  int64_t changed = 0;
  // Selected under the write lock, so a record imported or withdrawn meanwhile is not missed
  // or counted twice.
  Status written = db_->Write([&]() -> Status {
    // Recipient matching uses the same wildcard rule as coverage, so it is done here rather
    // than in SQL over the JSON lists.
    std::vector<int64_t> ids;
    {
      XB_ASSIGN_OR_RETURN(
          ledger::SqliteStatement select,
          db_->Prepare("SELECT r.id, t.recipients FROM consent_records r JOIN consent_terms t "
                       "ON t.id = r.terms WHERE r.key_id = ? AND r.subject = ? "
                       "AND (r.withdrawn_at IS NULL OR r.withdrawn_at > ?)"));
      select.BindText(1, key_id).BindBlob(2, subject).BindText(3, date);
      while (true) {
        XB_ASSIGN_OR_RETURN(bool row, select.Step());
        if (!row) break;
        XB_ASSIGN_OR_RETURN(auto recipients, SplitList(select.Bytes(1), db_->path()));
        if (!recipient || Covers(recipients, *recipient)) ids.push_back(select.Int(0));
      }
    }
    XB_ASSIGN_OR_RETURN(ledger::SqliteStatement set,
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

Result<std::vector<Withdrawal>> ConsentStore::WithdrawnSince(const std::string& key_id,
                                                             CivilDate since) {
  const std::string date = since.ToString();
  return db_->Read([&]() -> Result<std::vector<Withdrawal>> {
    XB_ASSIGN_OR_RETURN(
        ledger::SqliteStatement q,
        db_->Prepare("SELECT subject, MIN(withdrawn_at) AS w FROM consent_records "
                     "WHERE key_id = ? AND withdrawn_at IS NOT NULL AND withdrawn_at >= ? "
                     "GROUP BY subject ORDER BY w, subject"));
    q.BindText(1, key_id).BindText(2, date);
    std::vector<Withdrawal> out;
    while (true) {
      XB_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) return out;
      Withdrawal w;
      XB_ASSIGN_OR_RETURN(w.subject, SubjectColumn(q, 0));
      XB_ASSIGN_OR_RETURN(auto d, DateColumn(q, 1, false, "withdrawal date", db_->path()));
      w.withdrawn_at = *d;
      out.push_back(w);
    }
  });
}

Result<int64_t> ConsentStore::CountRecords(const std::string& key_id) {
  return db_->Read([&]() -> Result<int64_t> {
    XB_ASSIGN_OR_RETURN(ledger::SqliteStatement q,
                        db_->Prepare("SELECT COUNT(*) FROM consent_records WHERE key_id = ?"));
    q.BindText(1, key_id);
    XB_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return Internal("a COUNT query returned no row");
    return q.Int(0);
  });
}

}  // namespace xb::consent
