#include "server/role.h"

namespace xb::server {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kOfficer:
      return "officer";
    case Role::kEngineer:
      return "engineer";
    case Role::kAuditor:
      return "auditor";
  }
  return "auditor";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : {Role::kAdmin, Role::kOfficer, Role::kEngineer, Role::kAuditor}) {
    if (RoleName(r) == name) return r;
  }
  return std::nullopt;
}

bool Allows(Role role, Access access) {
  switch (access) {
    case Access::kPublic:
    case Access::kSignedIn:
      return true;
    case Access::kAssess:
      return role != Role::kAuditor;
    case Access::kSend:
      return role == Role::kAdmin || role == Role::kOfficer;
  }
  return false;
}

}  // namespace xb::server
