// One libpq connection to PostgreSQL, for xborder's stores (the ledger now; consent, users and
// the access log next). Errors are values: every failure becomes an Error whose location is the
// redacted URL (url.h) and whose message is the server's primary message and SQLSTATE, never its
// DETAIL (which can quote row values).
//
// Statements run with binary parameters (params.h) and binary results, prepared once per
// connection. Batch() sends several statements in one round trip (libpq pipeline mode).
// Notices are swallowed: the library never prints.
//
// Thread-safety: a Connection is used by one thread at a time.
#ifndef XBORDER_PG_CONNECTION_H_
#define XBORDER_PG_CONNECTION_H_

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/crypto.h"
#include "core/status.h"
#include "pg/params.h"

struct pg_conn;
struct pg_result;

namespace xb::pg {

// The rows (or the row count) one statement returned. Values are in binary form.
class Rows {
 public:
  Rows() = default;
  explicit Rows(pg_result* result);  // takes ownership
  Rows(Rows&&) = default;
  Rows& operator=(Rows&&) = default;

  int size() const;  // number of rows
  bool IsNull(int row, int col) const;
  std::string_view Bytes(int row, int col) const;  // bytea or text
  int64_t Int(int row, int col) const;             // bool, int2, int4 or int8
  // Errors: kCorruption ("<what> is not a 32-byte hash") for any other length.
  Result<Digest> Hash(int row, int col, std::string_view what) const;
  // Rows inserted, updated or deleted by the statement (0 for others).
  int64_t affected() const;

 private:
  struct Free {
    void operator()(pg_result* r) const;
  };
  std::unique_ptr<pg_result, Free> result_;
};

struct Statement {
  std::string sql;
  Params params;
};

class Connection {
 public:
  // Connects to `url` (postgresql://...; libpq's URI syntax, e.g.
  // postgresql:///xborder?host=/run/postgresql). The database must use UTF8.
  // Errors: kInvalidArgument for a malformed URL (field "--db"); kIo if the server cannot be
  // reached or refuses the login; kFailedPrecondition for a database not in UTF8.
  static Result<std::unique_ptr<Connection>> Open(std::string_view url);
  ~Connection();
  Connection(const Connection&) = delete;  // owns a server session
  Connection& operator=(const Connection&) = delete;

  // The URL with its password masked: for messages.
  const std::string& display() const { return display_; }

  // Runs `sql` (one or more statements, no parameters, rows discarded) in one round trip.
  Status Exec(std::string_view sql);

  // Runs one statement. The first call with a given SQL text prepares it with `params`' types;
  // later calls with the same text must pass parameters of the same types.
  Result<Rows> Query(std::string_view sql, const Params& params = {});

  // Runs `statements` in order in one round trip and returns their results. On the first
  // failure the server skips the rest; that failure is returned. Inside a transaction block
  // the transaction is then aborted and must be rolled back.
  Result<std::vector<Rows>> Batch(std::span<const Statement> statements);

  // True while a transaction block is open (also when it failed and awaits ROLLBACK).
  bool InTransaction() const;

  // Server process id (pg_backend_pid), for tests that cut a session.
  int BackendPid() const;

  // True once the server session is lost (the server restarted, the backend was terminated,
  // the network failed): libpq notices only when a call fails, and every later call fails
  // until Reconnect().
  bool Broken() const;
  // Replaces the session with a new one to the same URL (prepared statements are prepared
  // again on first use). Errors: kIo while the server cannot be reached.
  Status Reconnect();

 private:
  Connection(pg_conn* conn, std::string display) : conn_(conn), display_(std::move(display)) {}
  // The prepared statement's name for `sql`, preparing it now if new.
  Result<const std::string*> Prepare(std::string_view sql, const Params& params);
  Error ResultError(const pg_result* result, std::string_view what) const;
  Error ConnectionError(std::string_view what) const;

  pg_conn* conn_;
  std::string display_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
};

// Runs `fn` inside a transaction opened with `begin` ("BEGIN", "BEGIN ISOLATION LEVEL
// REPEATABLE READ READ ONLY", ...): COMMIT when it succeeds, ROLLBACK when it fails (its error is
// returned). REQUIRES: no transaction open on `conn`. Errors: fn's; those of BEGIN and COMMIT.
Status InTransaction(Connection& conn, std::string_view begin, const std::function<Status()>& fn);

}  // namespace xb::pg

#endif  // XBORDER_PG_CONNECTION_H_
