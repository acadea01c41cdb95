// The per-row pass of a transfer: who each row is about (a keyed hash of the subject column's
// canonical identifier), whether they are under 14, and whether the row carries sensitive
// personal information in a column that will be sent.
//
// Unlike the scan's in-memory hashes, these are SubjectHasher::Hash (HMAC-SHA-256, see
// detect/subject_hasher.h): they go to the ledger's counters and meet consent records.
#ifndef XBORDER_TRANSFER_SUBJECT_PASS_H_
#define XBORDER_TRANSFER_SUBJECT_PASS_H_

#include <optional>
#include <string>
#include <vector>

#include "core/civil_date.h"
#include "core/crypto.h"
#include "detect/column_classifier.h"
#include "detect/subject_hasher.h"
#include "detect/text/text_detector.h"
#include "protect/table.h"
#include "scan/dataset_profile.h"
#include "taxonomy/taxonomy.h"

namespace xb::transfer {

struct RowSubject {
  std::optional<Digest> subject;  // nullopt: the row names nobody recognisable
  bool minor = false;             // under the minor age on as_of (from a resident-ID birth date)
  // A sensitive column that is sent holds a value in this row, or a free-text column that is
  // sent holds a sensitive entity (a diagnosis in a remark) in this row.
  bool sensitive = false;
};

struct SubjectPassInput {
  const protect::Table* table = nullptr;
  const scan::DatasetProfile* profile = nullptr;
  const ColumnClassifier* classifier = nullptr;
  const SubjectHasher* subject_hasher = nullptr;
  CivilDate as_of;
  int minor_age_limit = 0;  // Taxonomy::minor_age_limit(), for IsMinor (taxonomy/taxonomy.h)
  // Columns (by name) whose content is sensitive PI and will leave in some form.
  std::vector<std::string> sensitive_sent_columns;
  // Free-text columns that will leave and hold sensitive entities somewhere: a row counts as
  // sensitive only when the detector finds one of `sensitive_text_types` in its own cell, so
  // one diagnosis among thousands of delivery notes does not make every row sensitive.
  std::vector<std::string> sensitive_text_columns;
  std::vector<EntityType> sensitive_text_types;
  const TextDetector* text_detector = nullptr;  // required when sensitive_text_columns is set
};

// One RowSubject per table row. Errors: kInvalidArgument if the profile's subject or minors
// column is missing from the table (the scan and the load disagree).
Result<std::vector<RowSubject>> IdentifyRows(const SubjectPassInput& input);

// Distinct subjects among the rows with keep[i] (all rows when keep is empty), sorted. With
// `minors_sensitive` (Taxonomy::MinorsSensitive: PIPL Art. 28), every minor counts as sensitive.
struct SubjectSets {
  std::vector<Digest> individuals;  // everyone sent
  std::vector<Digest> sensitive;    // those whose sensitive PI is sent
  uint64_t minors = 0;              // distinct minors sent
  uint64_t unidentified_rows = 0;   // rows sent without a recognisable subject
};
SubjectSets CollectSubjects(const std::vector<RowSubject>& rows, const std::vector<bool>& keep,
                            bool minors_sensitive);

}  // namespace xb::transfer

#endif  // XBORDER_TRANSFER_SUBJECT_PASS_H_
