// `xborder assess PLAN.yaml`: the legal decision for one transfer plan (DESIGN.md §5).
//
// Exit codes: 0 exempt or mechanism_required (the plan can proceed once the listed mechanism is
// in place); 1 prohibited or undetermined (it cannot proceed as stated); 2 bad input.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "cli/command.h"
#include "cli/output.h"
#include "core/key_file.h"
#include "ledger/open_ledger.h"
#include "pg/url.h"
#include "registry/plan_recipient.h"
#include "rules/decision_render.h"
#include "rules/engine.h"
#include "rules/history_source.h"
#include "rules/locate.h"
#include "rules/plan.h"
#include "transfer/ledger_history.h"

namespace xb::cli {
namespace {

struct AssessArgs {
  std::string plan;
  std::string as_of;
  std::string rules_dir;
  bool count_exempt = false;
  bool strict_history = false;
};

int RunAssess(const GlobalOptions& global, const AssessArgs& args) {
  std::optional<CivilDate> as_of;
  if (!args.as_of.empty()) {
    as_of = CivilDate::Parse(args.as_of);
    if (!as_of) {
      return ReportError(
          InvalidArgument("--as-of expects a date YYYY-MM-DD", Location("", 0, "--as-of")));
    }
  }
  auto ctx = rules::LoadRulesContext(args.rules_dir);
  if (!ctx.ok()) return ReportError(ctx.error());

  std::vector<rules::PlanWarning> warnings;
  auto plan = rules::LoadPlanFile(args.plan, &(*ctx)->countries, &warnings);
  for (const auto& w : warnings) {
    std::fprintf(stderr, "xborder: warning: %s:%d: %s\n", args.plan.c_str(), w.line,
                 w.message.c_str());
  }
  if (!plan.ok()) return ReportError(plan.error());
  // `recipient: {id: R}`: the registry (read-only) fills in the recipient facts.
  auto registered = registry::ResolvePlanRecipient(
      &*plan, global.db, global.ResolvedKeyFile(),
      as_of ? *as_of : plan->as_of.value_or(CivilDate::TodayInChina()));
  if (!registered.ok()) return ReportError(registered.error());

  rules::Engine engine((*ctx)->rules, (*ctx)->calendar);
  // Without a `history` block, the year-to-date volumes come from the ledger (--db), counted
  // exactly under this installation's key; an absent ledger has nothing to say.
  std::string key_id;
  if (auto key = LoadKey(global.ResolvedKeyFile()); key.ok()) key_id = key->id;
  std::unique_ptr<ledger::Ledger> ledger;
  auto opened =
      ledger::OpenLedgerFile(global.db, global.ResolvedKeyFile(), ledger::LedgerAccess::kRead);
  if (opened.ok()) {
    ledger = std::move(opened).value();
  } else if (opened.error().code != ErrorCode::kNotFound) {
    return ReportError(opened.error());
  }
  transfer::LedgerHistorySource history(ledger.get(), key_id, "ledger " + pg::DisplayDb(global.db));
  rules::AssessOptions options;
  options.count_exempt_transfers = args.count_exempt;
  options.history_unknown_when_missing = args.strict_history;
  auto decision = engine.Assess(*plan, history, options, as_of);
  if (!decision.ok()) return ReportError(decision.error());
  for (const auto& w : warnings) {
    decision->warnings.push_back("plan line " + std::to_string(w.line) + ": " + w.message);
  }

  const std::string text = global.ResolvedFormat() == OutputFormat::kJson
                               ? rules::DecisionToJson(*decision)
                               : rules::DecisionToText(*decision);
  int code = EmitResult(global, text);
  if (code != kExitOk) return code;
  const bool can_proceed = decision->outcome == rules::Outcome::kExempt ||
                           decision->outcome == rules::Outcome::kMechanismRequired;
  return can_proceed ? kExitOk : kExitNonCompliant;
}

CommandRunner MakeAssessCommand(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<AssessArgs>();
  CLI::App* sub =
      app.add_subcommand("assess", "Decide whether a transfer plan may proceed, and on what terms");
  sub->fallthrough();  // global options (--format, --out) may follow the subcommand
  sub->add_option("plan", args->plan, "Transfer plan (YAML, DESIGN.md §5)")->required();
  sub->add_option("--as-of", args->as_of, "Apply the rules in force on this date (YYYY-MM-DD)");
  sub->add_option(
      "--rules", args->rules_dir,
      "Rule pack directory (default: $XBORDER_RULES, else the source tree's rules/, else ./rules)");
  sub->add_flag("--count-exempt", args->count_exempt,
                "Count transfers made under an exemption toward the thresholds (digest CN-C-04)");
  sub->add_flag("--strict-history", args->strict_history,
                "Without a history block or ledger, treat earlier volumes as unknown instead of 0");
  return [&global, args] { return RunAssess(global, *args); };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND("assess", xb::cli::MakeAssessCommand);
