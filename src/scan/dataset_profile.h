// What a scan found in one dataset: the model behind `xborder scan` output (JSON and table) and
// the facts the transfer stage computes from data (individuals, minors, categories).
//
// CONTRACT: holds no raw cell values; masked samples only (detect/column_classifier.h).
#ifndef XBORDER_SCAN_DATASET_PROFILE_H_
#define XBORDER_SCAN_DATASET_PROFILE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "detect/column_classifier.h"
#include "detect/entity_type.h"
#include "io/table_reader.h"
#include "scan/text_column_stats.h"

namespace xb::scan {

// What the free-text detector found in a column of running text (remarks, notes, messages).
struct TextProfile {
  uint64_t cells = 0;                     // cells analysed (those that read as prose)
  uint64_t cells_with_findings = 0;       // analysed cells holding at least one entity
  std::vector<TextEntityCount> entities;  // most cells first
};

struct ColumnProfile {
  std::string name;  // as the file names it (or column_N when it has no header row)
  // The name is itself personal data (NameHoldsData, detect/text/name_vetting.h): output shows
  // the column as column_N (its position) instead, and so does every message about it.
  bool name_holds_data = false;
  ColumnVerdict verdict;  // type (or none), matches, ratio, every type found
  uint64_t cells = 0;     // rows in which the column was present
  uint64_t non_empty = 0;
  std::optional<std::string> category;      // PI category of verdict.type (taxonomy), if any
  bool sensitive_cn = false;                // sensitive PI under PIPL Art. 28
  bool sensitive_eu = false;                // special category under GDPR Art. 9
  std::vector<std::string> masked_samples;  // only when ScanOptions::keep_samples
  // Set when the column was analysed as free text: it had no dominant type in the first block
  // and held prose (scan/text_column_stats.h LooksLikeProse), and a text detector was given.
  // For such a column, `category` is the category of the highest-graded PI type found in its
  // text and the sensitivity flags are set when any type found is sensitive: one health remark
  // makes the column carry health data.
  std::optional<TextProfile> text;
};

struct DatasetProfile {
  std::string path;
  io::TableFormat format = io::TableFormat::kCsv;
  io::TextEncoding encoding = io::TextEncoding::kUtf8;
  char delimiter = 0;  // CSV/TSV
  // A CSV/TSV read with a header row expected whose first record was a person's data
  // (FirstRecordIsData, detect/text/name_vetting.h): that record was read as data and the
  // columns are named column_1 ... column_N, as with ScanOptions::read.has_header false. Whoever
  // reads the file again must read it without a header.
  bool first_record_is_data = false;
  uint64_t bytes = 0;             // input bytes read
  uint64_t rows = 0;              // records (blank lines excluded)
  uint64_t ragged_rows = 0;       // records whose field count differed from the header's
  int64_t first_ragged_line = 0;  // 0 when none

  // Distinct individuals, counted exactly from keyed hashes of `subject_column`; nullopt when
  // no subject column was named or found.
  std::optional<uint64_t> individuals;
  std::string subject_column;              // empty when none
  std::optional<EntityType> subject_type;  // the identifier type counted, if known
  // Distinct individuals under 14 on the as-of date, from resident-ID birth dates in
  // `minors_column`; nullopt when the dataset has no resident-ID column.
  std::optional<uint64_t> minors_under_14;
  std::string minors_column;

  std::vector<ColumnProfile> columns;
  // What the reader should know about how the file was read (a first record read as data, a
  // column name withheld). Never quotes a value; not prefixed with the path.
  std::vector<std::string> warnings;
};

}  // namespace xb::scan

#endif  // XBORDER_SCAN_DATASET_PROFILE_H_
