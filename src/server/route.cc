#include "server/route.h"

namespace xb::server {

std::vector<std::string_view> PathSegments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t end = path.find('/', i);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(i, end - i));
    i = end;
  }
  return out;
}

void RouteTable::Add(RouteSpec spec, Handler handler) {
  std::vector<std::string> segments;
  for (std::string_view s : PathSegments(spec.path)) segments.emplace_back(s);
  routes_.push_back({std::move(spec), std::move(handler), std::move(segments)});
}

RouteTable::Match RouteTable::Find(std::string_view method, std::string_view path) const {
  Match result;
  const std::vector<std::string_view> segments = PathSegments(path);
  std::string_view wanted = method == "HEAD" ? std::string_view("GET") : method;
  for (size_t r = 0; r < routes_.size(); ++r) {
    const std::vector<std::string>& pattern = routes_[r].segments;
    if (pattern.size() != segments.size()) continue;
    std::vector<std::string_view> params;
    bool same = true;
    for (size_t i = 0; i < pattern.size() && same; ++i) {
      if (pattern[i].size() > 2 && pattern[i].front() == '{' && pattern[i].back() == '}') {
        params.push_back(segments[i]);
      } else {
        same = pattern[i] == segments[i];
      }
    }
    if (!same) continue;
    if (routes_[r].spec.method == wanted) {
      result.kind = MatchKind::kFound;
      result.route = r;
      result.params = std::move(params);
      return result;
    }
    result.kind = MatchKind::kWrongMethod;
    if (!result.allow.empty()) result.allow += ", ";
    result.allow += routes_[r].spec.method;
  }
  return result;
}

}  // namespace xb::server
