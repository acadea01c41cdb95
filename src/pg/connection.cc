#include "pg/connection.h"

#include <libpq-fe.h>

#include <cstring>
#include <optional>

#include "pg/url.h"

namespace xb::pg {
namespace {

std::string Trimmed(const char* message) {
  std::string s = message == nullptr ? "" : message;
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// SQLSTATE classes (PostgreSQL Appendix A) mapped to what the caller can do about them.
ErrorCode CodeForSqlState(std::string_view state) {
  if (state == "XX001" || state == "XX002") return ErrorCode::kCorruption;  // data/index corrupted
  if (state.substr(0, 2) == "53") return ErrorCode::kResourceExhausted;     // disk full, memory
  if (state == "25006" || state == "42501") return ErrorCode::kFailedPrecondition;  // read-only
  return ErrorCode::kIo;
}

void IgnoreNotice(void*, const char*) {}

}  // namespace

// ---- Rows ----

void Rows::Free::operator()(pg_result* r) const { PQclear(r); }

Rows::Rows(pg_result* result) : result_(result) {}

int Rows::size() const { return result_ ? PQntuples(result_.get()) : 0; }

bool Rows::IsNull(int row, int col) const { return PQgetisnull(result_.get(), row, col) != 0; }

std::string_view Rows::Bytes(int row, int col) const {
  return std::string_view(PQgetvalue(result_.get(), row, col),
                          static_cast<size_t>(PQgetlength(result_.get(), row, col)));
}

int64_t Rows::Int(int row, int col) const { return DecodeInt(Bytes(row, col)); }

Result<Digest> Rows::Hash(int row, int col, std::string_view what) const {
  std::string_view bytes = Bytes(row, col);
  if (bytes.size() != 32 || IsNull(row, col)) {
    return Corruption(std::string(what) + " is not a 32-byte hash");
  }
  Digest d;
  std::memcpy(d.data(), bytes.data(), 32);
  return d;
}

int64_t Rows::affected() const {
  if (!result_) return 0;
  const char* n = PQcmdTuples(result_.get());
  return n == nullptr || *n == '\0' ? 0 : std::stoll(n);
}

// ---- Connection ----

Result<std::unique_ptr<Connection>> Connection::Open(std::string_view url) {
  std::string display = RedactUrl(url);
  std::string owned(url);
  char* parse_error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(owned.c_str(), &parse_error);
  if (parsed == nullptr) {
    std::string why = Trimmed(parse_error);
    PQfreemem(parse_error);
    return InvalidArgument("not a valid PostgreSQL URL (" + why + ")",
                           Location(display, 0, "--db"));
  }
  PQconninfoFree(parsed);
  // Keywords after "dbname" override what the URL says: xborder's text is UTF-8.
  const char* keywords[] = {"fallback_application_name", "dbname", "client_encoding", nullptr};
  const char* values[] = {"xborder", owned.c_str(), "UTF8", nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  std::unique_ptr<Connection> c(new Connection(conn, display));  // owns conn even on failure
  if (conn == nullptr) return IoError("out of memory connecting to PostgreSQL", {display});
  if (PQstatus(conn) != CONNECTION_OK) return c->ConnectionError("cannot connect to PostgreSQL");
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  const char* encoding = PQparameterStatus(conn, "server_encoding");
  if (encoding == nullptr || std::strcmp(encoding, "UTF8") != 0) {
    return FailedPrecondition(std::string("the database's encoding is ") +
                                  (encoding ? encoding : "unknown") +
                                  "; xborder needs a database created with ENCODING 'UTF8'",
                              {display});
  }
  return c;
}

Connection::~Connection() { PQfinish(conn_); }

Error Connection::ConnectionError(std::string_view what) const {
  return IoError(std::string(what) + ": " + Trimmed(PQerrorMessage(conn_)), {display_});
}

Error Connection::ResultError(const pg_result* result, std::string_view what) const {
  if (result == nullptr) return ConnectionError(what);
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  if (state == nullptr || primary == nullptr) return ConnectionError(what);
  return MakeError(CodeForSqlState(state),
                   std::string(what) + ": " + primary + " (SQLSTATE " + state + ")", {display_});
}

namespace {

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using OwnedResult = std::unique_ptr<PGresult, ResultDeleter>;

bool Succeeded(const PGresult* r) {
  ExecStatusType status = PQresultStatus(r);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

}  // namespace

Status Connection::Exec(std::string_view sql) {
  std::string owned(sql);
  // PQexec returns the last statement's result, or the first failure's.
  OwnedResult result(PQexec(conn_, owned.c_str()));
  if (!Succeeded(result.get())) return ResultError(result.get(), "database statement failed");
  return Status::Ok();
}

Result<const std::string*> Connection::Prepare(std::string_view sql, const Params& params) {
  std::string key(sql);
  auto it = prepared_.find(key);
  if (it != prepared_.end()) return &it->second;
  std::string name = "xb" + std::to_string(prepared_.size());
  OwnedResult result(
      PQprepare(conn_, name.c_str(), key.c_str(), params.size(), params.types().data()));
  if (!Succeeded(result.get())) return ResultError(result.get(), "preparing a statement");
  return &prepared_.emplace(std::move(key), std::move(name)).first->second;
}

namespace {

// libpq's parallel arrays for one statement's parameters (pointers into `params`).
struct RawParams {
  explicit RawParams(const Params& params) {
    for (const std::string& v : params.values()) {
      values.push_back(v.data());
      lengths.push_back(static_cast<int>(v.size()));
      formats.push_back(1);
    }
  }
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
};

}  // namespace

Result<Rows> Connection::Query(std::string_view sql, const Params& params) {
  XB_ASSIGN_OR_RETURN(const std::string* name, Prepare(sql, params));
  RawParams raw(params);
  OwnedResult result(PQexecPrepared(conn_, name->c_str(), params.size(), raw.values.data(),
                                    raw.lengths.data(), raw.formats.data(),
                                    /*resultFormat=*/1));
  if (!Succeeded(result.get())) return ResultError(result.get(), "database query failed");
  return Rows(result.release());
}

Result<std::vector<Rows>> Connection::Batch(std::span<const Statement> statements) {
  std::vector<const std::string*> names;
  for (const Statement& s : statements) {
    XB_ASSIGN_OR_RETURN(const std::string* name, Prepare(s.sql, s.params));
    names.push_back(name);
  }
  if (PQenterPipelineMode(conn_) != 1) return ConnectionError("starting a batch");
  // Sends everything, then reads every result, also after a failure: the connection must
  // leave pipeline mode with nothing pending.
  size_t sent = 0;
  for (; sent < statements.size(); ++sent) {
    RawParams raw(statements[sent].params);
    if (PQsendQueryPrepared(conn_, names[sent]->c_str(), statements[sent].params.size(),
                            raw.values.data(), raw.lengths.data(), raw.formats.data(),
                            /*resultFormat=*/1) != 1) {
      break;
    }
  }
  std::optional<Error> failure;
  if (sent < statements.size()) failure = ConnectionError("sending a batch");
  if (PQpipelineSync(conn_) != 1 && !failure) failure = ConnectionError("sending a batch");
  std::vector<Rows> out;
  for (size_t i = 0; i < sent; ++i) {
    OwnedResult result(PQgetResult(conn_));
    if (result == nullptr) {
      if (!failure) failure = ConnectionError("reading a batch's results");
      break;
    }
    if (!Succeeded(result.get()) && !failure &&
        PQresultStatus(result.get()) != PGRES_PIPELINE_ABORTED) {
      failure = ResultError(result.get(), "database statement failed");
    }
    out.emplace_back(result.release());
    // Each statement's results end with a null result.
    while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
  }
  // The sync point's own result, then leave pipeline mode.
  while (PGresult* r = PQgetResult(conn_)) {
    bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
    PQclear(r);
    if (sync) break;
  }
  if (PQexitPipelineMode(conn_) != 1 && !failure) failure = ConnectionError("ending a batch");
  if (failure) return *failure;
  return out;
}

bool Connection::InTransaction() const {
  PGTransactionStatusType t = PQtransactionStatus(conn_);
  return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

int Connection::BackendPid() const { return PQbackendPID(conn_); }

bool Connection::Broken() const { return PQstatus(conn_) == CONNECTION_BAD; }

Status Connection::Reconnect() {
  PQreset(conn_);
  prepared_.clear();  // they lived in the old session
  if (PQstatus(conn_) != CONNECTION_OK) return ConnectionError("cannot reconnect to PostgreSQL");
  PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
  return Status::Ok();
}

Status InTransaction(Connection& conn, std::string_view begin, const std::function<Status()>& fn) {
  XB_RETURN_IF_ERROR(conn.Exec(begin));
  Status s = fn();
  if (!s.ok()) {
    (void)conn.Exec("ROLLBACK");  // a lost session has nothing to roll back
    return s;
  }
  return conn.Exec("COMMIT");
}

}  // namespace xb::pg
