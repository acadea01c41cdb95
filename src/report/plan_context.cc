#include "report/plan_context.h"

#include <filesystem>
#include <map>
#include <set>

#include "core/atomic_file.h"
#include "core/key_file.h"
#include "pg/url.h"
#include "transfer/ledger_history.h"
#include "transfer/mechanism.h"
#include "transfer/package_builder.h"

namespace xb::report {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Where the package of a completed transfer may be: the --package flag, the default package
// folder beside the plan, or a folder of the entry's package name beside the plan, the database
// or the working directory (the entry records the folder's name only).
std::vector<std::string> PackageCandidates(const ReportOptions& options, const PlanContext& c,
                                           const std::string& name) {
  std::vector<std::string> out;
  if (!options.package_dir.empty()) out.push_back(options.package_dir);
  if (auto as_of = CivilDate::Parse(LedgerView::Text(c.completed->entry->json, "as_of"))) {
    out.push_back(transfer::DefaultPackageDir(c.plan_path, *as_of));
  }
  if (!name.empty() && name.find('/') == std::string::npos && name != ".." && name != ".") {
    out.push_back((fs::path(c.plan_path).parent_path() / "out" / name).string());
    out.push_back((fs::path(c.plan_path).parent_path() / name).string());
    out.push_back((fs::path(options.db_path).parent_path() / name).string());
    out.push_back(name);
  }
  return out;
}

// Finds the package and reads its protection report, which must match the entry's digest.
void ReadProtection(const ReportOptions& options, PlanContext& c) {
  CompletedTransfer& done = *c.completed;
  const json& entry = done.entry->json;
  const json* files =
      entry.contains("files") && entry["files"].is_object() ? &entry["files"] : nullptr;
  if (files == nullptr || !files->contains("protection-report.json")) {
    done.protection_note = "no_policy";  // the transfer applied no protection policy
    return;
  }
  std::string expected = (*files)["protection-report.json"].get<std::string>();
  for (const std::string& dir : PackageCandidates(options, c, LedgerView::Text(entry, "package"))) {
    std::string path = (fs::path(dir) / "protection-report.json").string();
    if (!fs::exists(path)) continue;
    auto digest = transfer::Sha256OfFile(path);
    if (!digest.ok() || *digest != expected) continue;  // another transfer's package
    auto text = ReadFile(path);
    if (!text.ok()) continue;
    json report = json::parse(*text, nullptr, false);
    if (report.is_discarded()) continue;
    done.package_dir = dir;
    done.protection = std::move(report);
    return;
  }
  done.protection_note = "package_not_found";
}

Result<rules::Decision> DecideFromPlan(const ReportOptions& options, const PlanContext& c,
                                       ledger::Ledger& ledger) {
  rules::Engine engine(c.rules->rules, c.rules->calendar);
  transfer::LedgerHistorySource history(&ledger, c.key_id,
                                        "ledger " + pg::DisplayDb(options.db_path));
  return engine.Assess(c.plan, history, rules::AssessOptions{});
}

}  // namespace

Result<PlanContext> GatherPlanContext(const ReportOptions& options,
                                      const rules::RulesContext& rules, const ColumnNamer& namer,
                                      ledger::Ledger& ledger) {
  PlanContext c;
  c.rules = &rules;
  c.namer = &namer;
  c.plan_path = options.input;
  std::vector<rules::PlanWarning> warnings;
  XB_ASSIGN_OR_RETURN(c.plan, rules::LoadPlanFile(options.input, &rules.countries, &warnings));
  c.plan.file = transfer::PlanFileIn(options.input_folder, options.input);
  for (const rules::PlanWarning& w : warnings) {
    c.warnings.push_back(options.input + ":" + std::to_string(w.line) + ": " + w.message);
  }
  // The plan kinds are PRC documents (PIPL Arts. 55-56, the CAC's filings): made from a plan
  // under another law they would state duties that do not apply.
  std::string jurisdiction = c.plan.jurisdiction.value_or("CN");
  if (jurisdiction != "CN") {
    return InvalidArgument(
        "the PIPIA and the filings (pipia, sc-filing, assessment, certification) are PRC "
        "documents, and this plan's jurisdiction is " +
            jurisdiction + "; make them from a plan with jurisdiction CN",
        {options.input, c.plan.LineOf("jurisdiction"), "jurisdiction"});
  }
  XB_ASSIGN_OR_RETURN(std::string text, ReadFile(options.input));
  c.plan_sha256 = ToHex(Sha256(text));
  if (c.plan.mechanism) {
    // Bad mechanism dates are bad input here too, named by field.
    XB_RETURN_IF_ERROR(
        transfer::ParseMechanism(c.plan.mechanism->yaml, c.plan.file, c.plan.mechanism->line));
  }
  XB_ASSIGN_OR_RETURN(SecretKey key, LoadOrCreateKey(options.key_path));
  c.key_id = key.id;
  XB_ASSIGN_OR_RETURN(Taxonomy taxonomy, Taxonomy::LoadDefault(rules.data_dir));
  c.taxonomy = std::make_shared<const Taxonomy>(std::move(taxonomy));

  if (!c.plan.datasets.empty()) {
    transfer::TransferOptions t;
    t.plan_path = options.input;
    t.plan_folder = options.input_folder;
    t.dry_run = true;
    t.rules_dir = rules.rules_dir;
    t.db_path = options.db_path;
    t.key_path = options.key_path;
    t.threads = 1;
    XB_ASSIGN_OR_RETURN(transfer::TransferOutcome outcome, transfer::RunTransfer(t));
    c.decision = outcome.decision;
    for (const std::string& reason : outcome.refusal_reasons) {
      c.warnings.push_back(options.input +
                           ": the transfer would be refused: " + WithholdQuoted(reason));
    }
    c.dry_run = std::move(outcome);
  } else {
    XB_ASSIGN_OR_RETURN(c.decision, DecideFromPlan(options, c, ledger));
  }

  XB_ASSIGN_OR_RETURN(c.ledger, ReadLedgerView(ledger));
  for (auto it = c.ledger.entries.rbegin(); it != c.ledger.entries.rend(); ++it) {
    if (it->type == "transfer" && LedgerView::Text(it->json, "plan_sha256") == c.plan_sha256) {
      c.completed = CompletedTransfer{&*it, "", std::nullopt, ""};
      ReadProtection(options, c);
      break;
    }
  }
  if (c.plan.exporter_name && !c.plan.exporter_name->empty()) {
    int year = c.decision.as_of.year();
    XB_ASSIGN_OR_RETURN(ledger::YearToDateCounts ytd,
                        ledger.YearToDate(*c.plan.exporter_name, year, c.key_id));
    c.year_to_date = ytd;
  }
  return c;
}

}  // namespace xb::report
