#include "migrate/inventory.h"

#include <sqlite3.h>

#include <algorithm>
#include <memory>

#include "consent/consent_store.h"
#include "ledger/copy_ledger.h"
#include "pg/connection.h"
#include "pg/url.h"
#include "server/account_store.h"

namespace xb::migrate {
namespace {

using SqliteHandle = std::unique_ptr<sqlite3, int (*)(sqlite3*)>;
using SqliteStmt = std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)>;

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

Error SqliteError(sqlite3* db, const std::string& path) {
  return IoError(std::string("reading the database: ") + sqlite3_errmsg(db), {path});
}

// Runs a query and calls fn(stmt) per row.
template <class Fn>
Status ForEachRow(sqlite3* db, const std::string& path, const std::string& sql, Fn fn) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    return SqliteError(db, path);
  }
  SqliteStmt stmt(raw, sqlite3_finalize);
  int rc;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) fn(raw);
  if (rc != SQLITE_DONE) return SqliteError(db, path);
  return Status::Ok();
}

std::string Text(sqlite3_stmt* stmt, int col) {
  const unsigned char* t = sqlite3_column_text(stmt, col);
  return t == nullptr ? "" : reinterpret_cast<const char*>(t);
}

Result<std::vector<std::string>> SqliteUnmovable(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  SqliteHandle db(raw, sqlite3_close);
  if (rc != SQLITE_OK) {
    return rc == SQLITE_CANTOPEN ? Error(NotFound("no database", {path})) : SqliteError(raw, path);
  }
  std::vector<std::string> tables;
  XB_RETURN_IF_ERROR(ForEachRow(raw, path,
                                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name "
                                "NOT LIKE 'sqlite_%' ORDER BY name",
                                [&](sqlite3_stmt* s) { tables.push_back(Text(s, 0)); }));
  std::vector<std::string> out;
  for (const std::string& table : tables) {
    if (IsMovableTable(table)) continue;
    std::string quoted = "\"";
    for (char c : table) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    quoted += "\"";
    int64_t rows = 0;
    XB_RETURN_IF_ERROR(ForEachRow(raw, path, "SELECT count(*) FROM " + quoted,
                                  [&](sqlite3_stmt* s) { rows = sqlite3_column_int64(s, 0); }));
    if (rows > 0) out.push_back("table " + table + " (" + std::to_string(rows) + " rows)");
  }
  if (std::find(tables.begin(), tables.end(), "meta") != tables.end()) {
    // "schema" is the SQLite store's own version, not a ledger setting.
    XB_RETURN_IF_ERROR(
        ForEachRow(raw, path, "SELECT key FROM meta ORDER BY key", [&](sqlite3_stmt* s) {
          std::string key = Text(s, 0);
          bool known = key == "schema" ||
                       std::find(ledger::kLedgerMetaKeys.begin(), ledger::kLedgerMetaKeys.end(),
                                 key) != ledger::kLedgerMetaKeys.end();
          if (!known) out.push_back("ledger setting '" + key + "'");
        }));
  }
  return out;
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
