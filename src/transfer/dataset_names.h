// Where each dataset of a plan goes in the export package and how the ledger names it: by its
// path relative to the plan's folder, so hr/people.csv and crm/people.csv stay two files
// (issue #11 defect 4: they were both written as data/people.csv and one was lost).
#ifndef XBORDER_TRANSFER_DATASET_NAMES_H_
#define XBORDER_TRANSFER_DATASET_NAMES_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace xb::transfer {

struct DatasetName {
  // The dataset's path relative to the plan's folder ("hr/people.csv"). A dataset outside
  // that folder (absolute, or reached through "..") is named relative to the deepest folder
  // the outside datasets share; a lone one by its file name.
  std::string relative;
  std::string output;  // in the package: "data/" + relative, with the extension .csv
  // The path held personal data (WithholdNamesHoldingData): relative is "dataset-<position>".
  bool withheld = false;
};

// Names the datasets `listed` in the plan at `plan_file`, in order. Errors: kInvalidArgument
// naming the plan and `line` (of data.datasets) when two datasets would share an output name.
Result<std::vector<DatasetName>> NameDatasets(const std::string& plan_file, int line,
                                              const std::vector<std::string>& listed);

// Judges one component of a dataset's path (a folder or the file name): true when it holds
// personal data.
using PathPartCheck = std::function<bool(std::string_view part)>;

// File names are unvetted names too ("张伟_110101199001014569.csv", issue #11 review F4): a
// dataset any component of whose path `holds_data` is named by its position in the plan
// instead, relative "dataset-<n>" and output "data/dataset-<n>.csv", so the ledger entry, the
// manifest, SUMMARY.txt and the package's file names never carry it. Errors: kInvalidArgument
// naming the plan and `line` when such a name collides with another dataset's output.
Status WithholdNamesHoldingData(const std::string& plan_file, int line,
                                const PathPartCheck& holds_data, std::vector<DatasetName>* names);

}  // namespace xb::transfer

#endif  // XBORDER_TRANSFER_DATASET_NAMES_H_
