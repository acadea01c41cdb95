// The xborder command line: a thin door over the library (DESIGN.md §4). Each subcommand lives
// in its own "<name>_command.cc" and registers itself with XB_REGISTER_COMMAND, so adding a
// command touches no shared file.
//
// Exit codes (stable): 0 success; 1 non-compliant data or plan, or a failed check; 2 bad input
// or usage.
#ifndef XBORDER_CLI_COMMAND_H_
#define XBORDER_CLI_COMMAND_H_

#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace xb::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitNonCompliant = 1;
inline constexpr int kExitBadInput = 2;

enum class OutputFormat { kTable, kJson, kNote };

// Options every command understands. Filled by main() before the command runs.
struct GlobalOptions {
  std::string format;             // "table" | "json" | "" (table on a terminal, json otherwise)
  std::string out;                // write results here instead of stdout (atomically)
  std::string db = "xborder.db";  // SQLite path or postgresql:// URL
  std::string key_file;  // default: $XBORDER_KEY_FILE, else xborder.key beside the database
  bool quiet = false;    // no progress on stderr

  // The format to use, resolving "" by whether stdout is a terminal.
  OutputFormat ResolvedFormat() const;
  std::string ResolvedKeyFile() const;
};

// A factory adds the subcommand named as registered to `app` (app.add_subcommand(name, ...)) and
// returns the function that runs it once parsed; that function returns the process exit code.
using CommandRunner = std::function<int()>;
using CommandFactory = std::function<CommandRunner(CLI::App& app, const GlobalOptions& global)>;

struct CommandRegistration {
  std::string name;
  CommandFactory factory;
};

std::vector<CommandRegistration>& CommandRegistry();

struct CommandRegistrar {
  CommandRegistrar(std::string name, CommandFactory factory);
};

}  // namespace xb::cli

// XB_REGISTER_COMMAND("verify-package", factory): the name as typed on the command line.
#define XB_COMMAND_CONCAT_(a, b) a##b
#define XB_COMMAND_REGISTRAR_(line) XB_COMMAND_CONCAT_(xb_command_registrar_, line)
#define XB_REGISTER_COMMAND(name, factory) \
  static ::xb::cli::CommandRegistrar XB_COMMAND_REGISTRAR_(__LINE__)(name, factory)

#endif  // XBORDER_CLI_COMMAND_H_
