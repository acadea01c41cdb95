// Roles and what each may do (DESIGN.md §12, "Service"). One table decides every request on the
// server; the dashboard hides buttons only as a courtesy.
//
//   admin, officer   everything below, and sending transfers and making documents
//   engineer         reads, assess, dry runs (never sends)
//   auditor          reads the ledger, proofs, stats and documents; nothing else, no raw data
//
// Thread-safety: plain functions over constants.
#ifndef XBORDER_SERVER_ROLE_H_
#define XBORDER_SERVER_ROLE_H_

#include <optional>
#include <string_view>

namespace xb::server {

enum class Role { kAdmin, kOfficer, kEngineer, kAuditor };

// What a route needs. Checked by Allows() before any handler runs.
enum class Access {
  kPublic,    // anyone, no token (health, OpenAPI document, sign-in)
  kSignedIn,  // any role: ledger, proofs, stats, transfers read, metrics, dashboard
  kAssess,    // engineer, officer, admin: assess and dry runs
  kSend,      // officer, admin: transfers that write, documents
};

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

// True when `role` may use a route needing `access`.
bool Allows(Role role, Access access);

}  // namespace xb::server

#endif  // XBORDER_SERVER_ROLE_H_
