// What the plan kinds (pipia, sc-filing, assessment, certification) are made of, gathered once:
// the plan; the transfer pipeline run as a dry run on it (scan column by column, consent,
// decision with the ledger's exact history); or, for a plan without datasets, the decision from
// the plan's own figures; the latest completed transfer of this plan in the ledger (same plan
// SHA-256) with its package's protection report, checked against the entry's digest; the
// ledger's checkpoint and year-to-date counters. AddPlanFacts turns it into facts.
#ifndef XBORDER_REPORT_PLAN_CONTEXT_H_
#define XBORDER_REPORT_PLAN_CONTEXT_H_

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/status.h"
#include "ledger/ledger.h"
#include "report/column_names.h"
#include "report/facts.h"
#include "report/ledger_view.h"
#include "report/report.h"
#include "rules/engine.h"
#include "rules/locate.h"
#include "rules/plan.h"
#include "taxonomy/taxonomy.h"
#include "transfer/transfer.h"

namespace xb::report {

struct CompletedTransfer {
  const EntryView* entry = nullptr;          // into PlanContext::ledger
  std::string package_dir;                   // "" when the package was not found
  std::optional<nlohmann::json> protection;  // protection-report.json, digest verified
  std::string protection_note;  // why there is none: "no policy", "package not found" …
};

struct PlanContext {
  std::string plan_path;
  std::string plan_sha256;
  rules::Plan plan;
  std::optional<transfer::TransferOutcome> dry_run;  // when the plan lists datasets
  rules::Decision decision;
  std::optional<CompletedTransfer> completed;
  LedgerView ledger;
  std::string key_id;
  std::optional<ledger::YearToDateCounts> year_to_date;  // the exporter's, as_of's year
  const rules::RulesContext* rules = nullptr;
  const ColumnNamer* namer = nullptr;
  std::shared_ptr<const Taxonomy> taxonomy;  // why a type is sensitive (its basis)
  std::vector<std::string> warnings;         // the plan's unknown keys, with file and line
};

// REQUIRES: `rules` and `namer` outlive the context. `ledger` is open (read or append).
// Errors: the plan's (kParse/kInvalidArgument naming file, line and field), the dry run's;
// kInvalidArgument naming `jurisdiction` when the plan is not under PRC law (CN).
Result<PlanContext> GatherPlanContext(const ReportOptions& options,
                                      const rules::RulesContext& rules, const ColumnNamer& namer,
                                      ledger::Ledger& ledger);

// The facts every plan kind shares (exporter, recipient, purpose, volumes, datasets, columns,
// consent, protection, decision, obligations, mechanism, year-to-date counts, checkpoint).
void AddPlanFacts(const PlanContext& context, FactSet* facts);

// The standard contract's filing deadline (Order 13 Art. 7, rule cn.scc-2023.art7.filing): the
// contract's effective date (plan: mechanism.effective; else as_of, assumed) plus the pack's
// working days on the PRC calendar, as {"date", "from", "from_field", "working_days",
// "provisional", "rule", "citation", "tag"}; null when the packs have no such rule. One source
// for the filing pack's deadline and the scc_filing obligation's due date.
nlohmann::json FilingDeadline(const PlanContext& context);

// The exporter's year-to-date distinct individuals from the ledger's subject counters
// ("history.year", "history.counted.*", "history.exempt.*", "history.other_keys.individuals").
void AddYearToDateFacts(const ledger::YearToDateCounts& counts, FactSet* facts);

// The checkpoint facts every kind names ("ledger.checkpoint.size" / ".root").
void AddCheckpointFacts(const LedgerView& ledger, FactSet* facts);

}  // namespace xb::report

#endif  // XBORDER_REPORT_PLAN_CONTEXT_H_
