// xborder: one binary, one subcommand per pipeline stage (DESIGN.md §4).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <new>

#include "cli/command.h"
#include "cli/passphrase_prompt.h"
#include "core/atomic_file.h"

int main(int argc, char** argv) {
  using namespace xb::cli;
  CLI::App app{"xborder: lawful, verifiable cross-border transfer of personal information"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "xborder 0.1.0");

  // Passphrase-protected key files ask on the terminal when $XBORDER_KEY_PASSPHRASE is unset.
  InstallTerminalPassphrasePrompt();
  // Interrupted with Ctrl-C or killed by SIGTERM: no output's temporary is left behind.
  xb::RemoveTemporariesOnSignals();

  GlobalOptions global;
  app.add_option("--format", global.format, "Output format: table (default on a terminal) or json")
      ->check(CLI::IsMember({"table", "json", "note"}));
  app.add_option("--out", global.out, "Write results to FILE instead of stdout");
  app.add_option("--db", global.db,
                 "Ledger and consent database: SQLite path or postgresql:// URL");
  app.add_option("--key-file", global.key_file,
                 "Secret for keyed hashing (created with mode 0600 on first use)");
  app.add_flag("--quiet,-q", global.quiet, "No progress output on stderr");

  std::vector<std::pair<CLI::App*, CommandRunner>> runners;
  for (auto& command : CommandRegistry()) {
    CommandRunner runner = command.factory(app, global);
    runners.emplace_back(app.get_subcommand(command.name), std::move(runner));
  }
  // Global options may also follow the subcommand ("xborder scan x.csv --format json").
  app.fallthrough();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  for (auto& [sub, runner] : runners) {
    if (sub->parsed()) {
      try {
        return runner();
      } catch (const std::bad_alloc&) {
        // The library's entry points report this as a value (core/out_of_memory.h); this
        // catches what runs outside them.
        std::fprintf(stderr, "xborder: out of memory\n");
        return kExitBadInput;
      } catch (const std::exception& e) {
        // The library reports errors as values; an exception here is a bug in xborder.
        std::fprintf(stderr, "xborder: internal error: %s\n", e.what());
        return kExitBadInput;
      }
    }
  }
  return kExitBadInput;
}
