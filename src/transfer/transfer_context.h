// The state one transfer carries from stage to stage (transfer_stages.h): what the inputs
// stage loaded, what each dataset's scan found, and the outcome being built. Each stage reads
// what earlier stages filled in and fills in its own part, so a stage can run alone on a
// context a test prepared.
//
// Not copyable or movable (owns or borrows the ledger, shares the classifier and the detector,
// and the stage clock points into the outcome); not thread-safe.
#ifndef XBORDER_TRANSFER_TRANSFER_CONTEXT_H_
#define XBORDER_TRANSFER_TRANSFER_CONTEXT_H_

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "consent/consent_store.h"
#include "core/key_file.h"
#include "detect/column_classifier.h"
#include "detect/subject_hasher.h"
#include "detect/text/text_detector.h"
#include "ledger/ledger.h"
#include "protect/policy.h"
#include "protect/table.h"
#include "registry/recipient.h"
#include "rules/locate.h"
#include "rules/plan.h"
#include "scan/dataset_profile.h"
#include "taxonomy/taxonomy.h"
#include "transfer/dataset_names.h"
#include "transfer/mechanism.h"
#include "transfer/subject_pass.h"
#include "transfer/transfer.h"

namespace xb::transfer {

// One dataset of the plan on its way through the stages; outcome.datasets holds its report
// at the same position.
struct DatasetWork {
  std::string listed;  // as the plan lists it
  std::string path;    // resolved against the plan's folder
  // How messages name it: as listed, or by position when its path holds personal data
  // (dataset_names.h WithholdNamesHoldingData).
  std::string shown;
  bool header_is_data = false;  // its first row was a person's record, read as data
  std::optional<protect::Policy> policy;
  scan::DatasetProfile profile;
  protect::Table table;          // released once packaged
  std::vector<RowSubject> rows;  // who each row is about; released once counted
  // The PI categories of the columns this dataset sends: what its consent must cover.
  std::set<std::string> categories;
};

// Where a transfer is: named in the error when it runs out of memory (RunTransfer).
struct TransferStage {
  const char* name = "reading the plan";
  std::string file;  // the dataset being worked on, as messages name it; empty: the plan
};

struct TransferContext {
  explicit TransferContext(TransferOptions o)
      : options(std::move(o)), lap_start(std::chrono::steady_clock::now()) {}
  TransferContext(const TransferContext&) = delete;
  TransferContext& operator=(const TransferContext&) = delete;

  // Adds the wall time since the previous Lap() (or construction) to `stage` in
  // outcome.timings; a stage met again (one scan per dataset) accumulates.
  void Lap(std::string_view stage);

  const TransferOptions options;
  // Not owned; null: nobody asks. Stages that work dataset by dataset set `file`.
  TransferStage* where = nullptr;

  // --- Inputs (LoadInputs).
  std::shared_ptr<const rules::RulesContext> rules;
  rules::Plan plan;
  Jurisdiction jurisdiction = Jurisdiction::kCN;  // the plan's; decides what is sensitive
  std::optional<Mechanism> mechanism;
  MechanismTerms mechanism_terms;  // of `mechanism` under the packs in force on as_of
  // `recipient: {id: R}`: the registered recipient, whose facts filled in the plan's.
  std::optional<registry::Recipient> registered;
  // Who the package is sealed for: `--seal-to`'s keys, then the registered recipient's
  // `seal_key` (once). Empty: the package is in clear.
  std::vector<seal::AgeRecipient> seal_to;
  std::set<std::string> needed;  // categories the purpose needs (PIPL Art. 6); empty: unstated
  std::vector<DatasetName> dataset_names;  // one per plan.datasets, unique in the package
  SecretKey key;
  bool key_is_ephemeral = false;  // a dry run without a key file
  std::shared_ptr<const ColumnClassifier> classifier;
  std::unique_ptr<SubjectHasher> subject_hasher;  // under `key`, over `classifier`
  Taxonomy taxonomy;
  std::shared_ptr<const TextDetector> text_detector;
  std::vector<EntityType> sensitive_text_types;  // sensitive in `jurisdiction`
  // The ledger: options.ledger, or own_ledger (read-only on a dry run); null if there is none.
  ledger::Ledger* ledger = nullptr;
  std::unique_ptr<ledger::Ledger> own_ledger;
  consent::ConsentIndex consent_index;

  // --- Datasets (IdentifyDatasets, FilterByConsent).
  std::vector<DatasetWork> datasets;
  std::set<std::string> categories;  // of every PI column sent, all datasets
  bool any_pi_column = false;

  // --- What leaves (CountWhatLeaves) and the decision (Decide).
  SubjectSets sent;
  rules::Plan facts;             // the plan with the computed counts, as decided
  uint64_t decided_at_size = 0;  // the ledger's size when the decision read its history

  TransferOutcome outcome;

 private:
  std::chrono::steady_clock::time_point lap_start;
};

}  // namespace xb::transfer

#endif  // XBORDER_TRANSFER_TRANSFER_CONTEXT_H_
