// A plan sent in a request body (POST /v1/assess, POST /v1/transfers): YAML or JSON, parsed with
// the same loader as `xborder assess`, and the files it names confined to the server's data
// root (datasets and policy files are server-side paths; nothing outside the root is read).
//
// Thread-safety: plain functions.
#ifndef XBORDER_SERVER_PLAN_REQUEST_H_
#define XBORDER_SERVER_PLAN_REQUEST_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "rules/plan.h"

namespace xb::server {

struct PlanRequest {
  std::string text;  // the body as received (its SHA-256 is the plan's)
  rules::Plan plan;
  std::vector<rules::PlanWarning> warnings;
};

// Errors: kParse (400) for malformed JSON or YAML, naming the line (JSON: the byte offset) and
// field "body"; kInvalidArgument (422) for a body that is not a mapping or for a field of the
// wrong shape (ParsePlan), naming the field and line.
Result<PlanRequest> ParsePlanBody(std::string_view body, std::string_view content_type,
                                  const rules::CountryCodes* countries);

// `path` resolved inside `root` (relative paths against it; symbolic links followed).
// Errors: kInvalidArgument naming `field` when the path leaves the root; kNotFound when it
// does not exist.
Result<std::string> ResolveInDataRoot(const std::string& root, const std::string& path,
                                      const std::string& field);

// Checks every file the plan names (data.datasets, policy file paths) with ResolveInDataRoot.
Status CheckPlanFiles(const rules::Plan& plan, const std::string& root);

}  // namespace xb::server

#endif  // XBORDER_SERVER_PLAN_REQUEST_H_
