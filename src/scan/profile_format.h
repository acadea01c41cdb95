// Renders scan results: the stable JSON of DESIGN.md §4 and a table for people.
//
// JSON (stable; fields are added, never renamed):
//   {"datasets":[{"path", "format", "encoding", "bytes", "rows", "ragged_rows",
//     "first_ragged_line" (null: none), "individuals" (null: no subject column),
//     "first_record_is_data", "subject_column", "subject_type", "minors_under_14" (null: no
//     resident-ID column), "columns":[{"name", "type" (null: none dominates), "matches", "ratio",
//     "non_empty", "category", "sensitive":{"CN","EU"}, "types":[{"type","matches"}], "samples"
//     (with samples only), "text" (free-text columns only: {"cells", "cells_with_findings",
//     "entities":[{"type", "findings", "cells", "masked"}]})}], "warnings":[string]}]}
// A column whose name holds personal data (ColumnProfile::name_holds_data) is named column_N,
// its position, in both forms; so is the subject column that is such a column.
#ifndef XBORDER_SCAN_PROFILE_FORMAT_H_
#define XBORDER_SCAN_PROFILE_FORMAT_H_

#include <string>
#include <vector>

#include "scan/dataset_profile.h"

namespace xb::scan {

struct FormatOptions {
  bool samples = false;  // include masked samples
};

std::string ProfilesToJson(const std::vector<DatasetProfile>& profiles,
                           const FormatOptions& options = {});

std::string ProfilesToTable(const std::vector<DatasetProfile>& profiles,
                            const FormatOptions& options = {});

// Terminal columns taken by UTF-8 `text` (East Asian wide characters count two).
size_t DisplayWidth(std::string_view text);

}  // namespace xb::scan

#endif  // XBORDER_SCAN_PROFILE_FORMAT_H_
