// The storage backends every Store and Ledger test runs against: the tests are typed tests
// (TYPED_TEST_SUITE(..., StoreBackends, BackendNames)) whose fixture derives from
// BackendTest<Backend>, so each assertion runs on SQLite and on PostgreSQL alike.
//
// A backend names a fresh database (FreshDb: a path, or a URL with a schema of its own), opens
// a store on it, and lets tamper tests run raw SQL behind the store's back. PostgreSQL tests
// skip only when XB_SKIP_POSTGRES=1 (pg/test_environment.h); otherwise a cluster that cannot
// start fails them.
#ifndef XBORDER_LEDGER_STORE_TEST_BACKENDS_H_
#define XBORDER_LEDGER_STORE_TEST_BACKENDS_H_

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "ledger/ledger_test_util.h"
#include "ledger/open_ledger.h"
#include "ledger/postgres_store.h"
#include "ledger/sqlite_store.h"
#include "pg/connection.h"
#include "pg/test_environment.h"

namespace xb::ledger::testing {

struct SqliteBackend {
  static constexpr const char* kName = "Sqlite";
  static bool Skipped() { return false; }
  static Result<std::string> FreshDb() { return FreshDbPath(); }

  static Result<std::unique_ptr<Store>> Open(const std::string& db, bool create = true) {
    return OpenSqliteStore(db,
                           {.access = create ? SqliteAccess::kCreate : SqliteAccess::kReadWrite});
  }

  static Status Sql(const std::string& db, const std::string& sql) {
    sqlite3* handle = nullptr;
    int rc = sqlite3_open(db.c_str(), &handle);
    std::unique_ptr<sqlite3, int (*)(sqlite3*)> owned(handle, sqlite3_close);
    if (rc != SQLITE_OK) return IoError("cannot open", {db});
    char* err = nullptr;
    rc = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &err);
    std::string message = err ? err : "";
    sqlite3_free(err);
    if (rc != SQLITE_OK) return IoError(message, {db});
    return Status::Ok();
  }

  // Every byte the database keeps on disk (main file and write-ahead log).
  static Result<std::string> RawContents(const std::string& db) {
    std::string out;
    for (const std::string& path : {db, db + "-wal"}) {
      std::ifstream in(path, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      out += ss.str();
    }
    return out;
  }
};

struct PostgresBackend {
  static constexpr const char* kName = "Postgres";
  static bool Skipped() { return pg::testing::PostgresSkipped(); }
  static Result<std::string> FreshDb() { return pg::testing::FreshPostgresUrl(); }

  static Result<std::unique_ptr<Store>> Open(const std::string& db, bool create = true) {
    return OpenPostgresStore(db, {.create_if_missing = create});
  }

  static Status Sql(const std::string& db, const std::string& sql) {
    XB_ASSIGN_OR_RETURN(auto conn, pg::Connection::Open(db));
    return conn->Exec(sql);
  }

  // Every value of every ledger table, as text (entries decoded, so raw identifiers would show).
  static Result<std::string> RawContents(const std::string& db) {
    XB_ASSIGN_OR_RETURN(auto conn, pg::Connection::Open(db));
    std::string out;
    for (std::string query :
         {"SELECT convert_from(data, 'UTF8') FROM entry", "SELECT t::text FROM meta t",
          "SELECT t::text FROM entry t", "SELECT t::text FROM node t", "SELECT t::text FROM head t",
          "SELECT t::text FROM entry_group t", "SELECT t::text FROM entry_subject t",
          "SELECT t::text FROM subject t", "SELECT t::text FROM counter t"}) {
      XB_ASSIGN_OR_RETURN(pg::Rows rows, conn->Query(query));
      for (int r = 0; r < rows.size(); ++r) out.append(rows.Bytes(r, 0)).push_back('\n');
    }
    return out;
  }
};

using StoreBackends = ::testing::Types<SqliteBackend, PostgresBackend>;

struct BackendNames {
  template <class Backend>
  static std::string GetName(int) {
    return Backend::kName;
  }
};

// A fixture with a fresh database of the backend under test in db_.
template <class Backend>
class BackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (Backend::Skipped()) GTEST_SKIP() << "XB_SKIP_POSTGRES=1";
    auto db = Backend::FreshDb();
    ASSERT_TRUE(db.ok()) << db.error().ToString();
    db_ = std::move(db).value();
  }

  // Another fresh database of the same backend.
  std::string FreshDb() {
    auto db = Backend::FreshDb();
    EXPECT_TRUE(db.ok()) << db.error().ToString();
    return db.ok() ? *db : "";
  }
  void Sql(const std::string& sql) {
    Status s = Backend::Sql(db_, sql);
    ASSERT_TRUE(s.ok()) << s.error().ToString();
  }

  std::string db_;
};

}  // namespace xb::ledger::testing

#endif  // XBORDER_LEDGER_STORE_TEST_BACKENDS_H_
