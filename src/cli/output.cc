#include "cli/output.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "core/atomic_file.h"
#include "pg/url.h"

namespace xb::cli {

std::vector<CommandRegistration>& CommandRegistry() {
  static std::vector<CommandRegistration> registry;
  return registry;
}

CommandRegistrar::CommandRegistrar(std::string name, CommandFactory factory) {
  CommandRegistry().push_back({std::move(name), std::move(factory)});
}

OutputFormat GlobalOptions::ResolvedFormat() const {
  if (format == "json") return OutputFormat::kJson;
  if (format == "table") return OutputFormat::kTable;
  if (format == "note") return OutputFormat::kNote;
  return StdoutIsTerminal() && out.empty() ? OutputFormat::kTable : OutputFormat::kJson;
}

std::string GlobalOptions::ResolvedKeyFile() const {
  if (!key_file.empty()) return key_file;
  if (const char* env = std::getenv("XBORDER_KEY_FILE"); env != nullptr && *env != '\0') {
    return env;
  }
  if (pg::IsPostgresUrl(db)) return "xborder.key";
  auto parent = std::filesystem::path(db).parent_path();
  return (parent / "xborder.key").string();
}

int EmitResult(const GlobalOptions& global, std::string_view text) {
  if (global.out.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return kExitOk;
  }
  Status s = WriteFileAtomically(global.out, text);
  if (!s.ok()) return ReportError(s.error());
  return kExitOk;
}

int ExitCodeFor(const Error& error) {
  switch (error.code) {
    case ErrorCode::kCorruption:
    case ErrorCode::kFailedPrecondition:
      return kExitNonCompliant;
    default:
      return kExitBadInput;
  }
}

int ReportError(const Error& error) {
  std::fprintf(stderr, "xborder: %s\n", error.ToString().c_str());
  return ExitCodeFor(error);
}

bool StderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }
bool StdoutIsTerminal() { return ::isatty(STDOUT_FILENO) == 1; }

}  // namespace xb::cli
