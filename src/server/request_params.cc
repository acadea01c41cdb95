#include "server/request_params.h"

#include <algorithm>

namespace xb::server {

std::optional<uint64_t> ParseIndex(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

Result<std::optional<uint64_t>> QueryIndex(const httplib::Request& req, const char* name,
                                           bool required) {
  if (!req.has_param(name)) {
    if (required) return ParseError("the query parameter is missing", {"query", 0, name});
    return std::optional<uint64_t>();
  }
  auto v = ParseIndex(req.get_param_value(name));
  if (!v) return ParseError("expected a non-negative integer", {"query", 0, name});
  return v;
}

Result<std::optional<CivilDate>> QueryDate(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return std::optional<CivilDate>();
  auto d = CivilDate::Parse(req.get_param_value(name));
  if (!d) return ParseError("expected a date YYYY-MM-DD", {"query", 0, name});
  return std::optional<CivilDate>(*d);
}

Result<bool> FlagParam(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return false;
  const std::string v = req.get_param_value(name);
  if (v.empty() || v == "1" || v == "true" || v == "yes" || v == "on") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off") return false;
  return ParseError("expected a flag: true, 1, yes, on, false, 0, no or off", {"query", 0, name});
}

Result<Page> QueryPage(const httplib::Request& req) {
  Page page;
  XB_ASSIGN_OR_RETURN(page.after, QueryIndex(req, "after", false));
  XB_ASSIGN_OR_RETURN(std::optional<uint64_t> limit, QueryIndex(req, "limit", false));
  page.limit = std::min<uint64_t>(limit.value_or(100), 1000);
  return page;
}

}  // namespace xb::server
