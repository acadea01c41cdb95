#include "server/plan_request.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>

namespace xb::server {
namespace fs = std::filesystem;

namespace {

bool LooksLikeJson(std::string_view body, std::string_view content_type) {
  if (content_type.find("json") != std::string_view::npos) return true;
  size_t first = body.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && body[first] == '{';
}

int64_t LineOfOffset(std::string_view text, size_t offset) {
  int64_t line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

Status CheckJson(std::string_view body) {
  try {
    nlohmann::json j = nlohmann::json::parse(body);
    if (!j.is_object()) {
      return InvalidArgument("the plan must be a JSON object", {"plan", 1, "body"});
    }
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() quotes the offending text; report only where it is.
    return ParseError("malformed JSON at byte " + std::to_string(e.byte),
                      {"plan", LineOfOffset(body, e.byte), "body"});
  }
  return Status::Ok();
}

Status CheckYamlShape(std::string_view body) {
  try {
    YAML::Node root = YAML::Load(std::string(body));
    if (!root.IsMap()) {
      return InvalidArgument("the plan must be a mapping of fields", {"plan", 1, "body"});
    }
  } catch (const YAML::Exception& e) {
    // The mark, not the message: yaml-cpp messages can quote the input.
    return ParseError("malformed YAML", {"plan", e.mark.line + 1, "body"});
  }
  return Status::Ok();
}

bool IsInside(const fs::path& root, const fs::path& p) {
  auto r = root.begin();
  auto q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (r->empty()) continue;  // a trailing slash
    if (q == p.end() || *r != *q) return false;
  }
  return true;
}

}  // namespace

Result<PlanRequest> ParsePlanBody(std::string_view body, std::string_view content_type,
                                  const rules::CountryCodes* countries) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return ParseError("the request body is empty; send a plan as YAML or JSON",
                      {"plan", 0, "body"});
  }
  if (LooksLikeJson(body, content_type)) {
    XB_RETURN_IF_ERROR(CheckJson(body));
  } else {
    XB_RETURN_IF_ERROR(CheckYamlShape(body));
  }
  PlanRequest out;
  out.text = std::string(body);
  XB_ASSIGN_OR_RETURN(out.plan, rules::ParsePlan(out.text, "plan", countries, &out.warnings));
  return out;
}

Result<std::string> ResolveInDataRoot(const std::string& root, const std::string& path,
                                      const std::string& field) {
  std::error_code ec;
  fs::path canonical_root = fs::canonical(root, ec);
  if (ec) return NotFound("the server's data root does not exist", {"", 0, field});
  fs::path p(path);
  fs::path joined = p.is_absolute() ? p : canonical_root / p;
  // Lexically first (so "../x" is refused even when it does not exist), then after following
  // links (so a link inside the root cannot point out of it).
  if (!IsInside(canonical_root, joined.lexically_normal())) {
    return InvalidArgument("the path leaves the server's data root", {"", 0, field});
  }
  fs::path real = fs::canonical(joined, ec);
  if (ec) return NotFound("no such file under the server's data root", {"", 0, field});
  if (!IsInside(canonical_root, real)) {
    return InvalidArgument("the path leaves the server's data root", {"", 0, field});
  }
  return real.string();
}

Status CheckPlanFiles(const rules::Plan& plan, const std::string& root) {
  for (size_t i = 0; i < plan.datasets.size(); ++i) {
    std::string field = "data.datasets[" + std::to_string(i) + "]";
    auto resolved = ResolveInDataRoot(root, plan.datasets[i], field);
    if (!resolved.ok()) {
      Error e = std::move(resolved).error();
      e.where = Location("plan", plan.LineOf("data.datasets"), field);
      return e;
    }
  }
  if (!plan.policy) return Status::Ok();
  YAML::Node node;
  try {
    node = YAML::Load(plan.policy->yaml);
  } catch (const YAML::Exception&) {
    return ParseError("malformed policy", {"plan", plan.policy->line, "policy"});
  }
  auto check = [&](const std::string& path, const std::string& field) -> Status {
    auto resolved = ResolveInDataRoot(root, path, field);
    if (resolved.ok()) return Status::Ok();
    Error e = std::move(resolved).error();
    e.where = Location("plan", plan.policy->line, field);
    return e;
  };
  if (node.IsScalar()) return check(node.as<std::string>(), "policy");
  if (node.IsMap() && !(node["columns"] || node["quasi_identifiers"] || node["privacy"])) {
    for (const auto& kv : node) {
      if (kv.second.IsScalar()) {
        XB_RETURN_IF_ERROR(
            check(kv.second.as<std::string>(), "policy." + kv.first.as<std::string>()));
      }
    }
  }
  return Status::Ok();
}

}  // namespace xb::server
