// `xborder rules check` validates the rule packs; `xborder rules list [--as-of DATE]` shows the
// rules in force on a date (default: today in China).
//
// Exit codes: 0 packs valid / listed; 1 `check` found an error in a pack; 2 bad usage or a pack
// error while listing.
#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/command.h"
#include "cli/output.h"
#include "rules/locate.h"
#include "rules/rule_pack.h"

namespace xb::cli {
namespace {

struct RulesArgs {
  std::string rules_dir;
  std::string as_of;
  std::string jurisdiction;
};

const char* KindName(rules::RuleKind k) {
  switch (k) {
    case rules::RuleKind::kDecision:
      return "decision";
    case rules::RuleKind::kObligation:
      return "obligation";
    case rules::RuleKind::kNotice:
      return "notice";
  }
  return "?";
}

int RunCheck(const GlobalOptions& global, const RulesArgs& args) {
  auto ctx = rules::LoadRulesContext(args.rules_dir);
  if (!ctx.ok()) {
    ReportError(ctx.error());
    return kExitNonCompliant;
  }
  const auto& set = (*ctx)->rules;
  int counts[3] = {0, 0, 0};
  int tags_m = 0;
  for (const auto& r : set.rules()) {
    ++counts[static_cast<int>(r.kind)];
    tags_m += r.tag == "M";
  }
  if (global.ResolvedFormat() == OutputFormat::kJson) {
    nlohmann::json j = {{"ok", true},
                        {"rules_dir", (*ctx)->rules_dir},
                        {"instruments", set.instruments().size()},
                        {"decision_rules", counts[0]},
                        {"obligation_rules", counts[1]},
                        {"notice_rules", counts[2]},
                        {"unverified_rules", tags_m},
                        {"defaults", set.defaults().size()}};
    return EmitResult(global, j.dump(2) + "\n");
  }
  return EmitResult(global, "ok: " + std::to_string(set.instruments().size()) + " instruments in " +
                                (*ctx)->rules_dir + ": " + std::to_string(counts[0]) +
                                " decision rules, " + std::to_string(counts[1]) + " obligations, " +
                                std::to_string(counts[2]) + " notices, " +
                                std::to_string(set.defaults().size()) + " defaults (" +
                                std::to_string(tags_m) + " rules tagged M, unverified)\n");
}

int RunList(const GlobalOptions& global, const RulesArgs& args) {
  CivilDate as_of = CivilDate::TodayInChina();
  if (!args.as_of.empty()) {
    auto d = CivilDate::Parse(args.as_of);
    if (!d)
      return ReportError(
          InvalidArgument("--as-of expects a date YYYY-MM-DD", Location("", 0, "--as-of")));
    as_of = *d;
  }
  auto ctx = rules::LoadRulesContext(args.rules_dir);
  if (!ctx.ok()) return ReportError(ctx.error());
  const auto& set = (*ctx)->rules;
  const auto& jvocab = set.model().info(rules::kJurisdiction).vocabulary;
  nlohmann::json list = nlohmann::json::array();
  std::string text = "Rules in force on " + as_of.ToString() + " (smaller precedence wins):\n";
  int n = 0;
  for (const auto& r : set.rules()) {
    const std::string& j = jvocab[r.jurisdiction];
    if (!r.InForce(as_of) || (!args.jurisdiction.empty() && j != args.jurisdiction)) continue;
    ++n;
    list.push_back(
        {{"id", r.id},
         {"jurisdiction", j},
         {"kind", KindName(r.kind)},
         {"precedence", r.precedence},
         {"citation", r.cite.ToString()},
         {"tag", r.tag},
         {"from", r.from.ToString()},
         {"until", r.until ? nlohmann::json(r.until->ToString()) : nlohmann::json(nullptr)},
         {"when", r.when.text()}});
    char prec[16];
    std::snprintf(prec, sizeof prec, "%5d", r.precedence);
    text += "  " + j + " " + std::string(KindName(r.kind)).substr(0, 10) +
            std::string(11 - std::string(KindName(r.kind)).size(), ' ') +
            (r.kind == rules::RuleKind::kDecision ? std::string(prec) : std::string("     ")) +
            "  " + r.tag + "  " + r.id + "\n        " + r.cite.ToString() + "\n";
  }
  if (n == 0) text += "  (none: no rule is in force on that date)\n";
  if (global.ResolvedFormat() == OutputFormat::kJson) {
    return EmitResult(
        global, nlohmann::json({{"as_of", as_of.ToString()}, {"rules", list}}).dump(2) + "\n");
  }
  return EmitResult(global, text);
}

CommandRunner MakeRulesCommand(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<RulesArgs>();
  CLI::App* sub = app.add_subcommand("rules", "Validate and list the rule packs");
  sub->require_subcommand(1);
  CLI::App* check =
      sub->add_subcommand("check", "Load every pack and report the first error with file:line");
  CLI::App* list = sub->add_subcommand("list", "Show the rules in force on a date");
  for (CLI::App* s : {sub, check, list}) s->fallthrough();  // global options may follow
  for (CLI::App* s : {check, list}) {
    s->add_option("--rules", args->rules_dir, "Rule pack directory");
  }
  list->add_option("--as-of", args->as_of, "Date (YYYY-MM-DD); default today in China");
  list->add_option("--jurisdiction", args->jurisdiction, "CN or EU")
      ->check(CLI::IsMember({"CN", "EU"}));
  return [&global, args, check] {
    return check->parsed() ? RunCheck(global, *args) : RunList(global, *args);
  };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND("rules", xb::cli::MakeRulesCommand);
