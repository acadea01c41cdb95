// The server's route table: one entry per method and path template, with what it needs
// (role.h Access) and what it is, for the OpenAPI document (openapi.h). The server dispatches
// through this table only, so the document and the routes cannot drift apart.
//
// Templates are literal segments and "{name}" segments ("/v1/transfers/{index}"); matching is by
// segment, no regular expressions.
//
// Thread-safety: a RouteTable is immutable once built.
#ifndef XBORDER_SERVER_ROUTE_H_
#define XBORDER_SERVER_ROUTE_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/role.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace xb::server {

struct Principal;

// One request as a handler sees it.
struct Call {
  const httplib::Request& req;
  httplib::Response& res;
  const Principal* who;                  // null on public routes
  std::vector<std::string_view> params;  // path parameters, in template order
  size_t route = 0;                      // index in the table
};

using Handler = std::function<void(Call&)>;

struct QueryParam {
  std::string name = "";
  std::string type = "";  // "integer" | "string" | "boolean"
  bool required = false;
  std::string description = "";
};

struct RouteSpec {
  // Every member has a default, so a table row names only what it needs (designated
  // initialisers, service_routes.cc).
  std::string method = "";  // "GET" | "POST"
  std::string path = "";    // template
  Access access = Access::kSignedIn;
  std::string summary = "";
  std::string tag = "";            // "api" | "ledger" | "operations" | "dashboard"
  std::string request_body = "";   // "" | "plan" | "form" | "report" | "entries" |
                                   // "identifiers"
  std::string response_type = "";  // "application/json" | "text/plain" | "text/html" | ...;
                                   // several separated by ", " when the answer's type varies
  std::vector<QueryParam> query = {};
  std::vector<int> errors = {};  // problem statuses it may answer with
  // Statuses a page answers with an HTML page of its own (a bad filter, an unknown index),
  // not a problem.
  std::vector<int> page_errors = {};
  bool html = false;            // a dashboard page: no credentials → redirect to /login
  std::string created = "";     // what a 201 answer means, for routes that record something
  bool always_creates = false;  // no 200 answer: every success is a 201
};

struct Route {
  RouteSpec spec;
  Handler handler;
  std::vector<std::string> segments;  // of spec.path, split once
};

class RouteTable {
 public:
  void Add(RouteSpec spec, Handler handler);
  const std::vector<Route>& routes() const { return routes_; }

  enum class MatchKind { kFound, kWrongMethod, kNone };
  struct Match {
    MatchKind kind = MatchKind::kNone;
    size_t route = 0;
    std::vector<std::string_view> params;
    std::string allow;  // for kWrongMethod: "GET, POST"
  };
  // `path` without the query string. HEAD matches GET routes.
  Match Find(std::string_view method, std::string_view path) const;

 private:
  std::vector<Route> routes_;
};

// Splits "/a/b/c" into {"a","b","c"}; a trailing slash is ignored except for "/" itself.
std::vector<std::string_view> PathSegments(std::string_view path);

}  // namespace xb::server

#endif  // XBORDER_SERVER_ROUTE_H_
