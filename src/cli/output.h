// Output helpers for commands: results to stdout or --out (written atomically), errors and
// progress to stderr. Only the CLI prints; the library returns values.
#ifndef XBORDER_CLI_OUTPUT_H_
#define XBORDER_CLI_OUTPUT_H_

#include <string>
#include <string_view>

#include "cli/command.h"
#include "core/status.h"

namespace xb::cli {

// Writes `text` to stdout, or atomically to global.out when set. Returns an exit code.
int EmitResult(const GlobalOptions& global, std::string_view text);

// Prints "xborder: <error>" to stderr and returns the exit code its kind deserves
// (kCorruption and kFailedPrecondition → 1, everything else → 2).
int ReportError(const Error& error);
int ExitCodeFor(const Error& error);

bool StderrIsTerminal();
bool StdoutIsTerminal();

}  // namespace xb::cli

#endif  // XBORDER_CLI_OUTPUT_H_
