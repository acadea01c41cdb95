#include "server/openapi.h"

#include <nlohmann/json.hpp>

#include "server/lineage_request.h"
#include "server/problem.h"

namespace xb::server {
namespace {

using Json = nlohmann::json;

std::string OperationId(const RouteSpec& spec) {
  std::string id = spec.method == "GET" ? "get" : "post";
  bool upper = true;
  for (char c : spec.path) {
    if (c == '/' || c == '{' || c == '}' || c == '.' || c == '-' || c == '_') {
      upper = true;
      continue;
    }
    id.push_back(upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    upper = false;
  }
  return id == "get" ? "getDashboard" : id;
}

Json RequestBody(const std::string& kind) {
  if (kind == "plan") {
    Json schema = {{"type", "object"},
                   {"description", "A transfer plan (DESIGN.md §5); YAML is accepted too"}};
    return {{"required", true},
            {"content",
             {{"application/json", {{"schema", schema}}},
              {"application/yaml", {{"schema", {{"type", "string"}}}}}}}};
  }
  if (kind == "identifiers") {
    Json schema = {{"type", "object"},
                   {"required", Json::array({"identifiers"})},
                   {"properties",
                    {{"identifiers",
                      {{"type", "array"},
                       {"items", {{"type", "string"}}},
                       {"maxItems", kMaxLineageIdentifiers}}}}}};
    return {{"required", true},
            {"content",
             {{"application/json", {{"schema", schema}}},
              {"text/plain",
               {{"schema", {{"type", "string"}, {"description", "One identifier a line"}}}}}}}};
  }
  if (kind == "form") {
    return {
        {"required", true},
        {"content",
         {{"application/x-www-form-urlencoded",
           {{"schema", {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}}}}}}}};
  }
  if (kind == "entries") {
    Json schema = {
        {"type", "object"},
        {"description",
         "One ledger entry (a JSON object, as `xborder ledger append` takes it). With ?exporter= "
         "and ?year=: {\"entry\": {...}, \"individuals\": [identifier, ...], \"sensitive\": "
         "[identifier, ...]}, the identifiers hashed under the installation key as by `ledger "
         "append --subjects` and never stored or echoed"}};
    return {{"required", true},
            {"content",
             {{"application/json", {{"schema", schema}}},
              {"application/x-ndjson",
               {{"schema",
                 {{"type", "string"},
                  {"description", "JSON Lines: several entries, appended as one batch"}}}}}}}};
  }
  // "report": what the document is made from.
  Json schema = {{"type", "object"},
                 {"description",
                  "pipia, sc-filing, assessment, certification: a transfer plan (as for "
                  "/v1/transfers); breach: an incident (DESIGN.md §12); annual: {\"exporter\": "
                  "NAME, \"year\": YYYY}. YAML is accepted too"}};
  return {{"required", true},
          {"content",
           {{"application/json", {{"schema", schema}}},
            {"application/yaml", {{"schema", {{"type", "string"}}}}}}}};
}

// The success answer's content, one entry per media type the route may answer with.
Json SuccessContent(const std::string& types) {
  Json content = Json::object();
  size_t start = 0;
  while (start <= types.size()) {
    size_t comma = types.find(", ", start);
    std::string type =
        types.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    content[type] = {{"schema", type == "application/json" ? Json{{"type", "object"}}
                                                           : Json{{"type", "string"}}}};
    if (comma == std::string::npos) break;
    start = comma + 2;
  }
  return content;
}

}  // namespace

std::string OpenApiDocument(const RouteTable& routes) {
  Json paths = Json::object();
  for (const Route& r : routes.routes()) {
    const RouteSpec& spec = r.spec;
    Json op = {{"operationId", OperationId(spec)},
               {"summary", spec.summary},
               {"tags", Json::array({spec.tag})}};
    Json params = Json::array();
    for (const std::string& seg : r.segments) {
      if (seg.size() > 2 && seg.front() == '{') {
        std::string name = seg.substr(1, seg.size() - 2);
        params.push_back({{"name", name},
                          {"in", "path"},
                          {"required", true},
                          {"schema", name == "index" ? Json{{"type", "integer"}, {"minimum", 0}}
                                                     : Json{{"type", "string"}}}});
      }
    }
    for (const QueryParam& q : spec.query) {
      params.push_back({{"name", q.name},
                        {"in", "query"},
                        {"required", q.required},
                        {"description", q.description},
                        {"schema", {{"type", q.type}}}});
    }
    if (!params.empty()) op["parameters"] = params;
    if (!spec.request_body.empty()) op["requestBody"] = RequestBody(spec.request_body);
    Json responses = Json::object();
    if (!spec.always_creates) {
      std::string ok_code = spec.html && spec.method == "POST" ? "303" : "200";
      responses[ok_code] = {{"description", "Success"},
                            {"content", SuccessContent(spec.response_type)}};
    }
    if (!spec.created.empty()) {
      responses["201"] = {{"description", spec.created},
                          {"content", SuccessContent(spec.response_type)}};
    }
    // Every path answers 405 to a method it does not serve, and a POST without a length 411.
    std::vector<int> errors = spec.errors;
    errors.push_back(405);
    if (spec.method == "POST") errors.push_back(411);
    for (int status : errors) {
      responses[std::to_string(status)] = {
          {"description", std::string(ReasonPhrase(status))},
          {"content",
           {{std::string(kProblemContentType),
             {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}};
    }
    for (int status : spec.page_errors) {
      responses[std::to_string(status)] = {
          {"description", std::string(ReasonPhrase(status)) + " (an HTML page saying why)"},
          {"content", {{"text/html", {{"schema", {{"type", "string"}}}}}}}};
    }
    op["responses"] = responses;
    op["security"] = spec.access == Access::kPublic
                         ? Json::array()
                         : Json::array({{{"bearer", Json::array()}}, {{"session", Json::array()}}});
    std::string method = spec.method == "GET" ? "get" : "post";
    paths[spec.path][method] = op;
  }
  Json doc = {
      {"openapi", "3.1.0"},
      {"info",
       {{"title", "xborder service"},
        {"version", "0.1.0"},
        {"description",
         "Cross-border transfers of personal information: assess, transfer, ledger, proofs. "
         "Errors are RFC 9457 problem details."}}},
      {"paths", paths},
      {"components",
       {{"schemas",
         {{"Problem",
           {{"type", "object"},
            {"required", Json::array({"type", "title", "status"})},
            {"properties",
             {{"type", {{"type", "string"}}},
              {"title", {{"type", "string"}}},
              {"status", {{"type", "integer"}}},
              {"detail", {{"type", "string"}}},
              {"instance", {{"type", "string"}}},
              {"field", {{"type", "string"}}},
              {"line", {{"type", "integer"}}}}}}}}},
        {"securitySchemes",
         {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
          {"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "xb_session"}}}}}}}};
  return doc.dump(2);
}

}  // namespace xb::server
