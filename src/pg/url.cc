#include "pg/url.h"

namespace xb::pg {
namespace {

constexpr std::string_view kMask = "***";

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Masks the value of every password=... parameter in a query string ("a=1&password=x").
std::string RedactQuery(std::string_view query) {
  std::string out;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view param = query.substr(start, end - start);
    if (!out.empty() || start > 0) out.push_back('&');
    if (StartsWith(param, "password=")) {
      out.append("password=").append(kMask);
    } else {
      out.append(param);
    }
    start = end + 1;
  }
  return out;
}

}  // namespace

bool IsPostgresUrl(std::string_view db) {
  return StartsWith(db, "postgresql://") || StartsWith(db, "postgres://");
}

std::string RedactUrl(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(kMask);
  size_t rest = scheme_end + 3;
  size_t query = url.find('?', rest);
  std::string_view before_query = url.substr(0, query);
  // The user info ends at the last '@' before the query (a password should percent-encode
  // '@', but if it does not, masking up to the last one still hides all of it).
  size_t at = before_query.rfind('@');
  std::string out(url.substr(0, rest));
  if (at != std::string_view::npos && at >= rest) {
    std::string_view userinfo = url.substr(rest, at - rest);
    size_t colon = userinfo.find(':');
    out.append(userinfo.substr(0, colon));
    if (colon != std::string_view::npos) out.append(":").append(kMask);
    out.append(before_query.substr(at));
  } else {
    out.append(before_query.substr(rest));
  }
  if (query != std::string_view::npos) {
    out.push_back('?');
    out.append(RedactQuery(url.substr(query + 1)));
  }
  return out;
}

std::string DisplayDb(std::string_view db) {
  return IsPostgresUrl(db) ? RedactUrl(db) : std::string(db);
}

}  // namespace xb::pg
