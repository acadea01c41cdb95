#include "server/problem.h"

#include <nlohmann/json.hpp>

#include "pg/url.h"

namespace xb::server {

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Internal Server Error" : "Error";
  }
}

Problem MakeProblem(int status, std::string detail, std::string field) {
  Problem p;
  p.status = status;
  p.title = std::string(ReasonPhrase(status));
  p.detail = std::move(detail);
  p.field = std::move(field);
  return p;
}

namespace {

int StatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kParse:
      return 400;
    case ErrorCode::kInvalidArgument:
      return 422;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kFailedPrecondition:
      return 409;
    case ErrorCode::kResourceExhausted:
      return 413;
    case ErrorCode::kCorruption:
    case ErrorCode::kIo:
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

Problem ProblemFromError(const Error& error, std::string_view data_root, std::string_view db) {
  Problem p = MakeProblem(StatusFor(error.code), "");
  if (p.status == 500) {
    // Storage and internal messages may name server paths; the log has the rest.
    p.detail = error.code == ErrorCode::kCorruption
                   ? "the ledger failed its integrity check; run `xborder ledger verify`"
                   : "the server could not complete the request";
    return p;
  }
  p.detail = error.message;
  if (!error.where.file.empty() && error.where.file != "plan") {
    p.detail = error.where.file + ": " + p.detail;
  }
  // The database first: it may lie inside the data root.
  const std::string shown_db = db.empty() ? std::string() : pg::DisplayDb(db);
  ReplaceAll(p.detail, db, "the server's database");
  ReplaceAll(p.detail, shown_db, "the server's database");
  ReplaceAll(p.detail, data_root, "<data>");
  p.field = error.where.field;
  p.line = error.where.line;
  return p;
}

std::string ProblemJson(const Problem& problem, std::string_view instance) {
  nlohmann::json j = {{"type", "about:blank"},
                      {"title", problem.title},
                      {"status", problem.status},
                      {"detail", problem.detail},
                      {"instance", instance}};
  if (!problem.field.empty()) j["field"] = problem.field;
  if (problem.line > 0) j["line"] = problem.line;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace xb::server
