// Column names are data too: a CSV whose first row is a person's record rather than a header
// would otherwise carry that person's identifiers into every message that names a column, and
// into the immutable ledger through a refusal reason (issue #11, defect 3). These checks use
// the column classifier's own validators (the detection `scan` uses on cells), so a name is
// judged exactly as a cell would be.
//
// Pure functions of their inputs; thread-safe as the classifier is.
#ifndef XBORDER_TRANSFER_COLUMN_NAMES_H_
#define XBORDER_TRANSFER_COLUMN_NAMES_H_

#include <span>
#include <string>
#include <string_view>

#include "detect/column_classifier.h"
#include "detect/text/text_detector.h"

namespace xb::transfer {

// True when a CSV/TSV's first record is data, not column names: one of its fields is a valid
// identifier that names a person (IsSubjectIdentifierType, detect/subject_hasher.h: a resident ID,
// passport, mobile number or e-mail address). No header names a column that way; a header word that
// merely looks like a name (金额 reads as a surname plus a given name) does not count, so
// real headers are not mistaken for data.
bool FirstRecordIsData(const ColumnClassifier& classifier, std::span<const std::string> fields);

// True when `name`, read as a cell, holds anything the classifier recognises (an identifier,
// a person's name, a date, a number shaped like an age ...): such a name must not be printed
// or recorded; refer to the column by its position instead.
bool NameHoldsData(const ColumnClassifier& classifier, std::string_view name);

// True when `part`, a folder or file name of a dataset's path, holds personal data: the whole
// part or any of its pieces between '_', '-', '.' and blanks fails NameHoldsData, or the
// free-text detector finds an entity in it (or fails to read it). Such a path is never recorded
// (dataset_names.h WithholdNamesHoldingData).
bool PathPartHoldsData(const ColumnClassifier& classifier, const TextDetector& detector,
                       std::string_view part);

}  // namespace xb::transfer

#endif  // XBORDER_TRANSFER_COLUMN_NAMES_H_
