#include "server/lineage_request.h"

#include <nlohmann/json.hpp>
#include <string>

#include "core/strings.h"

namespace xb::server {
namespace {

using Json = nlohmann::json;

// Adds one identifier, hashed as `xborder lineage --subjects` hashes a line: trimmed, as the
// first identifier type it is valid for, or as written (an employee number still names
// someone). Blank ones are skipped.
Status Add(std::string_view raw, int64_t line, const SubjectHasher& hasher,
           std::vector<registry::SubjectQuery>* out) {
  const std::string_view id = TrimBlanks(raw);
  if (id.empty()) return Status::Ok();
  if (out->size() >= kMaxLineageIdentifiers) {
    return ParseError("more than " + std::to_string(kMaxLineageIdentifiers) +
                          " identifiers in one request; send them in several",
                      {"body", 0, "identifiers"});
  }
  out->push_back({line, hasher.Hash(id, hasher.Recognise(id))});
  return Status::Ok();
}

bool IsJson(std::string_view content_type) {
  return content_type.substr(0, content_type.find(';')) == "application/json";
}

}  // namespace

Result<std::vector<registry::SubjectQuery>> ReadLineageIdentifiers(std::string_view body,
                                                                   std::string_view content_type,
                                                                   const SubjectHasher& hasher) {
  std::vector<registry::SubjectQuery> out;
  if (IsJson(content_type)) {
    // The parser's own messages quote the text near an error: never passed on.
    const Json j = Json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      return ParseError("the body is not a JSON object {\"identifiers\": [...]}",
                        {"body", 0, "body"});
    }
    auto list = j.find("identifiers");
    if (list == j.end() || !list->is_array()) {
      return ParseError("expected a list of strings", {"body", 0, "identifiers"});
    }
    int64_t position = 0;
    for (const Json& item : *list) {
      ++position;
      if (!item.is_string()) {
        return ParseError("element " + std::to_string(position) + " is not a string",
                          {"body", 0, "identifiers"});
      }
      XB_RETURN_IF_ERROR(Add(item.get_ref<const std::string&>(), position, hasher, &out));
    }
  } else {
    int64_t line = 0;
    size_t start = 0;
    while (start < body.size()) {
      size_t end = body.find('\n', start);
      if (end == std::string_view::npos) end = body.size();
      XB_RETURN_IF_ERROR(Add(body.substr(start, end - start), ++line, hasher, &out));
      start = end + 1;
    }
  }
  if (out.empty()) return ParseError("the request holds no identifier", {"body", 0, "body"});
  return out;
}

}  // namespace xb::server
