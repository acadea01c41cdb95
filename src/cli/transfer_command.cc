// `xborder transfer PLAN.yaml`: the whole pipeline (DESIGN.md §1) — scan, decide, check the
// mechanism, minimum necessity and consent, protect, package, record in the ledger.
//
// Exit codes: 0 the package was written and recorded (or, with --dry-run, would be); 1 the
// transfer was refused (a refusal entry is recorded, no package); 2 bad input or a storage fault
// (nothing is written).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.h"
#include "cli/output.h"
#include "transfer/transfer.h"

namespace xb::cli {
namespace {

struct TransferArgs {
  std::string plan;
  std::string out;
  std::string as_of;
  std::string rules_dir;
  bool dry_run = false;
  bool strict = false;
  bool timings = false;
  int threads = 0;
};

int RunTransferCommand(const GlobalOptions& global, const TransferArgs& args) {
  transfer::TransferOptions options;
  options.plan_path = args.plan;
  options.out_dir = args.out;
  options.dry_run = args.dry_run;
  options.strict = args.strict;
  options.rules_dir = args.rules_dir;
  options.db_path = global.db;
  options.key_path = global.ResolvedKeyFile();
  options.threads = args.threads;
  if (!args.as_of.empty()) {
    options.as_of = CivilDate::Parse(args.as_of);
    if (!options.as_of) {
      return ReportError(InvalidArgument("--as-of expects a date YYYY-MM-DD", {"", 0, "--as-of"}));
    }
  }
  auto outcome = transfer::RunTransfer(options);
  if (!outcome.ok()) return ReportError(outcome.error());
  const std::string text = global.ResolvedFormat() == OutputFormat::kJson
                               ? transfer::OutcomeToJson(*outcome)
                               : transfer::OutcomeToText(*outcome);
  int code = EmitResult(global, text);
  if (code != kExitOk) return code;
  if (args.timings) {
    std::string line = "timings:";
    for (const auto& [stage, seconds] : outcome->timings) {
      char buf[64];
      std::snprintf(buf, sizeof buf, " %s %.2fs", stage.c_str(), seconds);
      line += buf;
    }
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  bool refused =
      outcome->status == transfer::TransferStatus::kRefused || !outcome->refusal_reasons.empty();
  return refused ? kExitNonCompliant : kExitOk;
}

CommandRunner MakeTransferCommand(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<TransferArgs>();
  CLI::App* sub = app.add_subcommand(
      "transfer",
      "Run the whole pipeline for a plan: scan, decide, consent, protect, package, record");
  sub->fallthrough();
  sub->add_option("plan", args->plan, "Transfer plan (YAML)")->required();
  sub->add_option("--out", args->out,
                  "Package directory (default: <plan folder>/out/<plan name>-<as_of>)");
  sub->add_flag("--timings", args->timings,
                "Print the wall-clock seconds of each stage to stderr (also in --format json)");
  sub->add_flag("--dry-run", args->dry_run,
                "Decide and report; write no package and no ledger entry");
  sub->add_flag("--strict", args->strict,
                "Refuse when a column's category is beyond what the purpose needs (PIPL Art. 6)");
  sub->add_option("--as-of", args->as_of, "Transfer date (YYYY-MM-DD); overrides the plan");
  sub->add_option("--rules", args->rules_dir, "Rule pack directory");
  sub->add_option("--threads", args->threads, "Scanning threads (default: one per core)");
  return [&global, args] { return RunTransferCommand(global, *args); };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND(transfer, xb::cli::MakeTransferCommand);
