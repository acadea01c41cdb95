// RFC 9457 problem details: every error the server sends is one of these, as
// application/problem+json. The detail names what is wrong and where (field, line) and never
// carries a stack, a secret, personal data or a value from the request.
//
// Thread-safety: plain values and functions.
#ifndef XBORDER_SERVER_PROBLEM_H_
#define XBORDER_SERVER_PROBLEM_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace xb::server {

inline constexpr std::string_view kProblemContentType = "application/problem+json";

struct Problem {
  int status = 500;
  std::string title;   // the status's reason phrase
  std::string detail;  // what is wrong, for a person
  std::string field;   // the offending field (dotted), when known
  int64_t line = 0;    // its line in the request body, when known
};

Problem MakeProblem(int status, std::string detail, std::string field = {});

// Maps a library error to a problem: kParse 400, kInvalidArgument 422, kNotFound 404,
// kFailedPrecondition 409, kResourceExhausted 413; kCorruption, kIo and kInternal are 500 with a
// fixed detail (their messages may name server paths). Server locations are not the client's
// business: `data_root` is replaced by "<data>", and `db` (a path or PostgreSQL URL, also as
// pg::DisplayDb shows it) by "the server's database", in the detail.
Problem ProblemFromError(const Error& error, std::string_view data_root = {},
                         std::string_view db = {});

// The JSON body: {"type","title","status","detail","instance"[,"field","line"]}. `instance` is
// the route template (never the raw path, which may carry values).
std::string ProblemJson(const Problem& problem, std::string_view instance);

std::string_view ReasonPhrase(int status);

}  // namespace xb::server

#endif  // XBORDER_SERVER_PROBLEM_H_
