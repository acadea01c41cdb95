// `xborder report KIND ... --out DIR [--lang zh|en|both] [--format html|pdf|docx|all]`:
// documents for the regulator and the board (DESIGN.md §12, src/report/report.h).
//
//   xborder report pipia PLAN.yaml --out docs/
//   xborder report breach INCIDENT.yaml --out docs/
//   xborder report annual --exporter "Shanghai Huaxin Trading Co., Ltd." --year 2026 --out docs/
//
// Prints the files written with their SHA-256 and the ledger entry that records them (json when
// the global --format json is given before the subcommand, or stdout is not a terminal).
// Exit codes: 0 written and recorded; 2 bad input (unknown kind, a plan or incident that does
// not parse, an exporter with no transfer that year), nothing written.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/command.h"
#include "cli/output.h"
#include "report/report.h"

namespace xb::cli {
namespace {

struct ReportArgs {
  std::string kind;
  std::string input;
  std::string out;
  std::string lang = "both";
  std::string format = "all";
  std::string exporter;
  int year = 0;
  std::string package;
  std::string rules_dir;
};

Result<report::ReportOptions> Options(const GlobalOptions& global, const ReportArgs& args) {
  report::ReportOptions o;
  XB_ASSIGN_OR_RETURN(o.kind, report::ParseReportKind(args.kind));
  o.input = args.input;
  o.out_dir = args.out;
  o.exporter = args.exporter;
  o.year = args.year;
  o.package_dir = args.package;
  o.rules_dir = args.rules_dir;
  o.db_path = global.db;
  o.key_path = global.ResolvedKeyFile();
  if (args.lang == "zh") {
    o.languages = {report::Lang::kZh};
  } else if (args.lang == "en") {
    o.languages = {report::Lang::kEn};
  }
  if (args.format != "all") {
    o.html = args.format == "html";
    o.pdf = args.format == "pdf";
    o.docx = args.format == "docx";
  }
  if (o.kind == report::ReportKind::kAnnual) {
    if (!o.input.empty()) {
      return InvalidArgument("report annual takes no input file; use --exporter and --year",
                             {o.input, 0, "INPUT"});
    }
  } else if (o.input.empty()) {
    return InvalidArgument(
        std::string("report ") + args.kind + " needs " +
            (o.kind == report::ReportKind::kBreach ? "INCIDENT.yaml" : "PLAN.yaml"),
        {"", 0, "INPUT"});
  }
  return o;
}

std::string Text(const report::ReportOutcome& r) {
  std::string out;
  for (const auto& f : r.files) out += f.sha256 + "  " + f.path + "\n";
  out += "made from ledger checkpoint: size " + std::to_string(r.checkpoint_size) + ", root " +
         r.checkpoint_root + "\n";
  out += "recorded as ledger entry " + std::to_string(r.ledger_index) + " (tree size " +
         std::to_string(r.ledger_size) + ", root " + r.ledger_root + ")\n";
  if (r.blanks > 0) {
    out += std::to_string(r.blanks) +
           " marked blanks for the privacy officer to complete (listed in the facts file)\n";
  }
  return out;
}

std::string Json(const report::ReportOutcome& r) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : r.files) {
    files.push_back({{"path", f.path}, {"sha256", f.sha256}, {"bytes", f.bytes}});
  }
  nlohmann::json j = {
      {"files", files},
      {"checkpoint", {{"size", r.checkpoint_size}, {"root", r.checkpoint_root}}},
      {"ledger", {{"index", r.ledger_index}, {"size", r.ledger_size}, {"root", r.ledger_root}}},
      {"blanks", r.blanks},
      {"warnings", r.warnings}};
  return j.dump(2) + "\n";
}

int RunReport(const GlobalOptions& global, const ReportArgs& args) {
  auto options = Options(global, args);
  if (!options.ok()) return ReportError(options.error());
  auto outcome = report::GenerateReport(*options);
  if (!outcome.ok()) return ReportError(outcome.error());
  for (const std::string& warning : outcome->warnings) {
    std::fprintf(stderr, "xborder: warning: %s\n", warning.c_str());
  }
  return EmitResult(
      global, global.ResolvedFormat() == OutputFormat::kJson ? Json(*outcome) : Text(*outcome));
}

CommandRunner MakeReportCommand(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* sub = app.add_subcommand(
      "report", "Documents for the regulator and the board (PIPIA, filings, breach, annual)");
  sub->fallthrough();
  sub->add_option("kind", args->kind,
                  "pipia | sc-filing | assessment | certification | breach | annual")
      ->required();
  sub->add_option("input", args->input, "PLAN.yaml (plan kinds) or INCIDENT.yaml (breach)");
  sub->add_option("--out", args->out, "Folder for the documents")->required();
  sub->add_option("--lang", args->lang, "zh | en | both (default both)")
      ->check(CLI::IsMember({"zh", "en", "both"}));
  sub->add_option("--format", args->format, "html | pdf | docx | all (default all)")
      ->check(CLI::IsMember({"html", "pdf", "docx", "all"}));
  sub->add_option("--exporter", args->exporter, "annual: the exporter, as named in the ledger");
  sub->add_option("--year", args->year, "annual: the calendar year");
  sub->add_option("--package", args->package,
                  "The completed transfer's package folder, when not beside the plan or database");
  sub->add_option("--rules", args->rules_dir, "Rule pack directory");
  return [&global, args] { return RunReport(global, *args); };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND("report", xb::cli::MakeReportCommand);
