// `xborder users add|list|disable`: the service's accounts (DESIGN.md §12). A new user's API
// token is printed once, on stdout, and stored only as its SHA-256 (server/token.h says why).
//
// Exit codes: 0 success; 2 bad input (a bad name or role, a name taken, no such user).
#include <CLI/CLI.hpp>
#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/command.h"
#include "cli/output.h"
#include "server/account_store.h"
#include "server/token.h"

namespace xb::cli {
namespace {

struct UsersArgs {
  std::string name;
  std::string role;
};

std::string Date(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

int RunAdd(const GlobalOptions& global, const UsersArgs& args) {
  auto role = server::ParseRole(args.role);
  if (!role) {
    return ReportError(
        InvalidArgument("--role expects admin, officer, engineer or auditor", {"", 0, "--role"}));
  }
  auto store = server::OpenAccountStore(global.db);
  if (!store.ok()) return ReportError(store.error());
  auto token = server::NewApiToken();
  if (!token.ok()) return ReportError(token.error());
  auto user = (*store)->AddUser(args.name, *role, server::HashSecret(*token),
                                static_cast<int64_t>(std::time(nullptr)));
  if (!user.ok()) {
    Error e = std::move(user).error();
    if (e.code == ErrorCode::kFailedPrecondition) e.code = ErrorCode::kInvalidArgument;
    return ReportError(e);
  }
  if (global.ResolvedFormat() == OutputFormat::kJson) {
    return EmitResult(global, nlohmann::json{{"id", user->id},
                                             {"name", user->name},
                                             {"role", std::string(server::RoleName(user->role))},
                                             {"token", *token}}
                                      .dump() +
                                  "\n");
  }
  std::fprintf(stderr,
               "xborder: user %s (%s) added. The token below is shown once and stored only as a "
               "hash; keep it secret.\n",
               user->name.c_str(), std::string(server::RoleName(user->role)).c_str());
  return EmitResult(global, *token + "\n");
}

int RunList(const GlobalOptions& global) {
  auto store = server::OpenAccountStore(global.db);
  if (!store.ok()) return ReportError(store.error());
  auto users = (*store)->ListUsers();
  if (!users.ok()) return ReportError(users.error());
  if (global.ResolvedFormat() == OutputFormat::kJson) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& u : *users) {
      list.push_back({{"id", u.id},
                      {"name", u.name},
                      {"role", std::string(server::RoleName(u.role))},
                      {"created", Date(u.created_unix)},
                      {"disabled", u.disabled_unix ? nlohmann::json(Date(*u.disabled_unix))
                                                   : nlohmann::json(nullptr)}});
    }
    return EmitResult(global, nlohmann::json{{"users", list}}.dump() + "\n");
  }
  std::string text;
  for (const auto& u : *users) {
    text += std::to_string(u.id) + "  " + u.name + "  " + std::string(server::RoleName(u.role)) +
            "  created " + Date(u.created_unix) +
            (u.disabled_unix ? "  DISABLED " + Date(*u.disabled_unix) : "") + "\n";
  }
  if (text.empty()) text = "no users yet: xborder users add NAME --role admin\n";
  return EmitResult(global, text);
}

int RunDisable(const GlobalOptions& global, const UsersArgs& args) {
  auto store = server::OpenAccountStore(global.db);
  if (!store.ok()) return ReportError(store.error());
  auto user = (*store)->DisableUser(args.name, static_cast<int64_t>(std::time(nullptr)));
  if (!user.ok()) return ReportError(user.error());
  return EmitResult(global, "user " + user->name +
                                " disabled; their token and sessions no "
                                "longer work\n");
}

CommandRunner MakeUsersCommand(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<UsersArgs>();
  CLI::App* users = app.add_subcommand("users", "Accounts of the service (xborder serve)");
  users->require_subcommand(1);
  users->fallthrough();
  CLI::App* add = users->add_subcommand("add", "Add a user; prints their API token once");
  add->add_option("NAME", args->name, "User name (A-Z a-z 0-9 . _ @ -)")->required();
  add->add_option("--role", args->role, "admin | officer | engineer | auditor")->required();
  CLI::App* list = users->add_subcommand("list", "List users (never their tokens)");
  CLI::App* disable = users->add_subcommand("disable", "Disable a user and end their sessions");
  disable->add_option("NAME", args->name, "User name")->required();
  for (CLI::App* sub : {add, list, disable}) sub->fallthrough();
  return [&global, args, add, list, disable]() -> int {
    if (add->parsed()) return RunAdd(global, *args);
    if (list->parsed()) return RunList(global);
    if (disable->parsed()) return RunDisable(global, *args);
    return kExitBadInput;
  };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND("users", xb::cli::MakeUsersCommand);
