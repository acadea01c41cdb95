// `xborder transfer`: the whole pipeline for one plan (DESIGN.md §1) — scan the datasets, read
// the year-to-date counters from the ledger, assess, check the mechanism, minimum necessity and
// consent, protect, package, record.
//
// Outcomes: a completed transfer (package + ledger entry), a refusal (a refusal entry in the
// ledger, no package), a dry run (nothing written at all: no key, database or package), or an
// Error for bad input (nothing written). The package and its ledger entry exist together or not
// at all, whenever the process stops (package_recovery.h). The stages are in transfer_stages.h.
#ifndef XBORDER_TRANSFER_TRANSFER_H_
#define XBORDER_TRANSFER_TRANSFER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/civil_date.h"
#include "core/crypto.h"
#include "core/status.h"
#include "rules/engine.h"
#include "scan/dataset_profile.h"
#include "seal/age_keys.h"
#include "transfer/consent_filter.h"
#include "transfer/package_builder.h"

namespace xb::ledger {
class Ledger;
}  // namespace xb::ledger

namespace xb::transfer {

class TransferResources;

struct TransferOptions {
  std::string plan_path;
  // The folder the plan's relative paths (datasets, policies) resolve against, as if the plan
  // file were in it; empty: the plan file's own folder. A service reads a request's plan from a
  // private temporary folder and resolves it in its data root.
  std::string plan_folder;
  std::string out_dir;             // the package directory; empty: beside the plan (below)
  bool dry_run = false;            // decide and report, write nothing
  bool strict = false;             // columns beyond the purpose's categories refuse
  std::optional<CivilDate> as_of;  // overrides the plan's as_of
  std::string rules_dir;           // empty: located (rules/locate.h)
  std::string db_path = "xborder.db";
  std::string key_path = "xborder.key";
  int threads = 0;                              // scan threads; 0: one per core
  std::optional<ConsentMode> consent_override;  // `consent check`: force a mode
  FaultHook fault;                              // tests inject storage faults here
  // Tests: runs once the transfer is decided and packaged, before it asks for the ledger's
  // write lock to record it (so another transfer can be recorded in between, deterministically).
  std::function<void()> before_append;
  // `--seal-to`: every data file and report of the package is sealed (age v1) for each of
  // these recipients (transfer/package_seal.h); empty: the package is written clear.
  std::vector<seal::AgeRecipient> seal_to;
  // A service's: rules, classifier, taxonomy and detector loaded once (transfer_resources.h)
  // instead of per run; then `rules_dir` is not read. Borrowed; must outlive the run.
  const TransferResources* resources = nullptr;
  // A service's ledger handle, already open for appending on `db_path` with `key_path`'s
  // signing key, used instead of opening one (also for a dry run, which only reads through it).
  // Borrowed, used by this run's thread only until RunTransfer returns.
  ledger::Ledger* ledger = nullptr;
};

// Default package directory: "<plan folder>/out/<plan name>-<as_of>".
std::string DefaultPackageDir(const std::string& plan_path, CivilDate as_of);

enum class TransferStatus { kCompleted, kRefused, kDryRun };

struct ColumnFate {
  // As in the data (or column_<n> when the file has no header row). Matched against the
  // policy; printed only through DisplayName() and Reference().
  std::string name;
  size_t position = 0;           // 1-based, in the dataset's column order
  bool name_generated = false;   // the file had no header row: `name` is column_<position>
  bool name_holds_data = false;  // the name reads as personal data (detect/text/name_vetting.h)
  std::string type;              // entity type found, or empty
  std::string category;          // PI category, or empty
  // Free text (remarks, notes): `category` and `sensitive` come from the entities the text
  // detector found inside it (scan/dataset_profile.h TextProfile).
  std::vector<std::string> text_entities;
  bool sensitive = false;
  std::string action;        // keep, drop, redact, mask, tokenize, ... (from the policy)
  bool sent = true;          // false when the action removes the content (drop, redact, suppress)
  bool unnecessary = false;  // a sent PI category beyond the purpose's (PIPL Art. 6)

  // The name for outputs: `name`, or "column <position>" when the name holds data.
  std::string DisplayName() const;
  // The column in a sentence, for refusal reasons and warnings (which reach the ledger):
  // "column 'mobile'" for a header name that holds no data, else "column <position>".
  std::string Reference() const;
};

struct DatasetReport {
  std::string source;  // path as given in the plan
  // Its path relative to the plan's folder (dataset_names.h): how the ledger names it.
  std::string name;
  std::string source_sha256;
  std::string output;  // "data/<name>.csv" inside the package ("" on refusal / dry run)
  uint64_t rows_in = 0;
  uint64_t rows_out = 0;
  uint64_t individuals_in = 0;  // distinct, before consent filtering
  std::vector<ColumnFate> columns;
  ConsentOutcome consent;
  uint64_t suppressed_rows = 0;  // by the privacy model
  std::string protect_summary;   // one line from the protection report
};

struct TransferOutcome {
  TransferStatus status = TransferStatus::kRefused;
  std::vector<std::string> refusal_reasons;
  std::vector<std::string> warnings;
  rules::Decision decision;
  CivilDate as_of;
  std::string plan_sha256;
  ConsentMode consent_mode = ConsentMode::kNone;
  std::vector<DatasetReport> datasets;
  // What leaves (after consent filtering and protection).
  uint64_t individuals = 0;
  uint64_t sensitive_individuals = 0;
  uint64_t minors_under_14 = 0;
  std::vector<std::string> categories;
  // The ledger entry written (transfer or refusal); absent on a dry run.
  std::optional<uint64_t> ledger_index;
  uint64_t ledger_size = 0;
  Digest ledger_root{};
  std::string package_dir;  // empty unless completed
  // Wall-clock seconds per stage, in pipeline order ("scan", "load", "identify", "consent",
  // "decide", "protect", "ledger"); what a privacy officer's slow run is spent on.
  std::vector<std::pair<std::string, double>> timings;
};

// Errors (exit 2): unreadable or malformed plan, policy, dataset or key; a ledger that fails
// its tail check (kCorruption); storage faults while packaging or recording (nothing is left
// behind); kResourceExhausted when memory runs out, naming the stage and the dataset (never an
// exception, never the end of the process). A refusal is not an error: it is an outcome with
// status kRefused.
Result<TransferOutcome> RunTransfer(const TransferOptions& options);

// Where a plan read from `plan_path` is taken to be when its relative paths resolve in
// `plan_folder` (TransferOptions::plan_folder; report::ReportOptions::input_folder): the file's
// name in that folder; `plan_path` itself when `plan_folder` is empty. Errors in the plan name
// this path.
std::string PlanFileIn(const std::string& plan_folder, const std::string& plan_path);

// Renders for people (a summary the privacy officer reads) and for scripts.
std::string OutcomeToText(const TransferOutcome& outcome);
std::string OutcomeToJson(const TransferOutcome& outcome);

}  // namespace xb::transfer

#endif  // XBORDER_TRANSFER_TRANSFER_H_
