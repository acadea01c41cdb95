// Where each dataset of a plan goes in the export package and how the ledger names it: by its
// path relative to the plan's folder, so hr/people.csv and crm/people.csv stay two files
// (issue #11 defect 4: they were both written as data/people.csv and one was lost).
#ifndef XBORDER_TRANSFER_DATASET_NAMES_H_
#define XBORDER_TRANSFER_DATASET_NAMES_H_

#include <string>
#include <vector>

#include "core/status.h"

namespace xb::transfer {

struct DatasetName {
  // The dataset's path relative to the plan's folder ("hr/people.csv"). A dataset outside
  // that folder (absolute, or reached through "..") is named relative to the deepest folder
  // the outside datasets share; a lone one by its file name.
  std::string relative;
  std::string output;  // in the package: "data/" + relative, with the extension .csv
};

// Names the datasets `listed` in the plan at `plan_file`, in order. Errors: kInvalidArgument
// naming the plan and `line` (of data.datasets) when two datasets would share an output name.
Result<std::vector<DatasetName>> NameDatasets(const std::string& plan_file, int line,
                                              const std::vector<std::string>& listed);

}  // namespace xb::transfer

#endif  // XBORDER_TRANSFER_DATASET_NAMES_H_
