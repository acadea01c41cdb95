#include "migrate/inventory.h"

#include <algorithm>
#include <memory>

#include "consent/consent_store.h"
#include "ledger/copy_ledger.h"
#include "ledger/sqlite_db.h"
#include "pg/connection.h"
#include "pg/url.h"
#include "server/account_store.h"

namespace xb::migrate {
namespace {

// Tables of the components `xborder db migrate` moves.
bool IsMovableTable(std::string_view name) {
  auto in = [&](const auto& tables) {
    return std::find(tables.begin(), tables.end(), name) != tables.end();
  };
  return in(ledger::kLedgerTables) || in(consent::kConsentTables) || in(server::kAccountTables);
}

// Components (pg/schema.h) whose tables it moves.
bool IsMovableComponent(std::string_view component) {
  return component == "ledger" || component == "consent" || component == "accounts";
}

// Runs a query and calls fn(statement) per row.
template <class Fn>
Status ForEachRow(ledger::SqliteStatement& query, Fn fn) {
  while (true) {
    XB_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return Status::Ok();
    fn(query);
  }
}

// What the file holds that `db migrate` would not move. Opened read-only through the one
// SQLite wrapper (ledger/sqlite_db.h): its busy timeout, and nothing written beside the file.
Result<std::vector<std::string>> SqliteUnmovable(const std::string& path) {
  XB_ASSIGN_OR_RETURN(std::unique_ptr<ledger::SqliteDb> db,
                      ledger::SqliteDb::Open(path, ledger::SqliteAccess::kReadOnly));
  return db->Read([&]() -> Result<std::vector<std::string>> {
    std::vector<std::string> tables;
    XB_ASSIGN_OR_RETURN(ledger::SqliteStatement names,
                        db->Prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND "
                                    "name NOT LIKE 'sqlite_%' ORDER BY name"));
    XB_RETURN_IF_ERROR(
        ForEachRow(names, [&](ledger::SqliteStatement& s) { tables.emplace_back(s.Bytes(0)); }));
    std::vector<std::string> out;
    for (const std::string& table : tables) {
      if (IsMovableTable(table)) continue;
      std::string quoted = "\"";
      for (char c : table) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
      quoted += "\"";
      int64_t rows = 0;
      XB_ASSIGN_OR_RETURN(ledger::SqliteStatement count,
                          db->PrepareUncached("SELECT count(*) FROM " + quoted));
      XB_RETURN_IF_ERROR(ForEachRow(count, [&](ledger::SqliteStatement& s) { rows = s.Int(0); }));
      if (rows > 0) out.push_back("table " + table + " (" + std::to_string(rows) + " rows)");
    }
    if (std::find(tables.begin(), tables.end(), "meta") != tables.end()) {
      // "schema" is the SQLite store's own version, not a ledger setting.
      XB_ASSIGN_OR_RETURN(ledger::SqliteStatement keys,
                          db->Prepare("SELECT key FROM meta ORDER BY key"));
      XB_RETURN_IF_ERROR(ForEachRow(keys, [&](ledger::SqliteStatement& s) {
        std::string key(s.Bytes(0));
        bool known = key == "schema" ||
                     std::find(ledger::kLedgerMetaKeys.begin(), ledger::kLedgerMetaKeys.end(),
                               key) != ledger::kLedgerMetaKeys.end();
        if (!known) out.push_back("ledger setting '" + key + "'");
      }));
    }
    return out;
  });
}

Result<std::vector<std::string>> PostgresUnmovable(const std::string& url) {
  XB_ASSIGN_OR_RETURN(auto conn, pg::Connection::Open(url));
  std::vector<std::string> out;
  XB_ASSIGN_OR_RETURN(pg::Rows exists, conn->Query("SELECT to_regclass('xb_schema') IS NOT NULL"));
  if (exists.Int(0, 0) != 0) {
    XB_ASSIGN_OR_RETURN(pg::Rows rows,
                        conn->Query("SELECT component FROM xb_schema ORDER BY component"));
    for (int r = 0; r < rows.size(); ++r) {
      if (IsMovableComponent(rows.Bytes(r, 0))) continue;
      out.push_back("PostgreSQL tables of '" + std::string(rows.Bytes(r, 0)) + "'");
    }
  }
  XB_ASSIGN_OR_RETURN(pg::Rows meta, conn->Query("SELECT to_regclass('meta') IS NOT NULL"));
  if (meta.Int(0, 0) != 0) {
    XB_ASSIGN_OR_RETURN(pg::Rows keys, conn->Query("SELECT key FROM meta ORDER BY key"));
    for (int r = 0; r < keys.size(); ++r) {
      std::string_view key = keys.Bytes(r, 0);
      if (std::find(ledger::kLedgerMetaKeys.begin(), ledger::kLedgerMetaKeys.end(), key) ==
          ledger::kLedgerMetaKeys.end()) {
        out.push_back("ledger setting '" + std::string(key) + "'");
      }
    }
  }
  return out;
}

}  // namespace

Result<std::vector<std::string>> UnmovableData(const std::string& db) {
  return pg::IsPostgresUrl(db) ? PostgresUnmovable(db) : SqliteUnmovable(db);
}

}  // namespace xb::migrate
