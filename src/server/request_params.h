// Path and query parameters as the API takes them: indexes are non-negative decimal integers,
// dates YYYY-MM-DD, flags true/1/yes/on or false/0/no/off. Errors are kParse (400) naming the
// parameter, never quoting its value.
//
// Thread-safety: plain functions.
#ifndef XBORDER_SERVER_REQUEST_PARAMS_H_
#define XBORDER_SERVER_REQUEST_PARAMS_H_

#include <httplib.h>

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/civil_date.h"
#include "core/status.h"

namespace xb::server {

// A path segment or parameter value as an index; nullopt unless 1-19 decimal digits.
std::optional<uint64_t> ParseIndex(std::string_view text);

// Query parameter `name` as an index; nullopt when absent and not required.
Result<std::optional<uint64_t>> QueryIndex(const httplib::Request& req, const char* name,
                                           bool required);

// A list route's page: `after` (only larger indexes) and `limit` (default 100, at most 1000).
struct Page {
  std::optional<uint64_t> after;
  uint64_t limit = 100;
};
// Errors: a malformed `after` or `limit`, naming it.
Result<Page> QueryPage(const httplib::Request& req);

// Query parameter `name` as a date; nullopt when absent.
Result<std::optional<CivilDate>> QueryDate(const httplib::Request& req, const char* name);

// Parameter `name` (query string or form body) as a flag: false when absent; true for an empty
// value, 1, true, yes or on; false for 0, false, no or off. Errors: kParse naming the parameter
// for any other value (a flag that cannot be read is never taken as either answer).
Result<bool> FlagParam(const httplib::Request& req, const char* name);

}  // namespace xb::server

#endif  // XBORDER_SERVER_REQUEST_PARAMS_H_
