// Column names are data too (issue #11, defect 3 and review F5/F8): a CSV whose first record is a
// person's row rather than a header would otherwise carry that person's identifiers into every
// message, document and ledger entry that names a column. One rule decides, for `scan`,
// `transfer` and the documents alike, whether a name may be shown and whether a first record is
// a header at all. A name is judged as a cell would be: by the column classifier (the validators
// `scan` uses on cells) and the free-text detector.
//
// Pure functions of their inputs; thread-safe as the classifier and the detector are.
#ifndef XBORDER_DETECT_TEXT_NAME_VETTING_H_
#define XBORDER_DETECT_TEXT_NAME_VETTING_H_

#include <span>
#include <string>
#include <string_view>

#include "detect/column_classifier.h"
#include "detect/text/text_detector.h"

namespace xb {

// True when `name` must not be shown or recorded; refer to the column by its position instead.
// That is when it is empty, not valid UTF-8, longer than 40 code points, holds a control
// character, an '@' or a run of four or more digits, or holds data: the classifier, reading it
// as a cell, recognises anything in it (an identifier, a person's name, a date, a number shaped
// like an age ...), or the detector (when given) finds an entity in it or fails to read it.
// `detector` may be null (`scan --no-text`): the other checks still apply.
bool NameHoldsData(const ColumnClassifier& classifier, const TextDetector* detector,
                   std::string_view name);

// True when a CSV/TSV's first record is data, not column names: one of its fields is a valid
// identifier that names a person (IsSubjectIdentifierType, detect/subject_hasher.h: a resident
// ID, passport, mobile number or e-mail address), or most of its non-blank fields (more than
// half) hold data as NameHoldsData's classifier and detector see it (a name, an address, a bank
// card, a birth date ...) and are not column-header words (HeaderHints, detect/column_header.h:
// 姓名 names a column even though it reads as a surname and a given name). The shape-only checks
// of NameHoldsData (digit runs, length) do not count here: a header of years (2023,2024) is
// still a header, it is only not shown.
bool FirstRecordIsData(const ColumnClassifier& classifier, const TextDetector* detector,
                       std::span<const std::string> fields);

// True when `part`, a folder or file name of a dataset's path, holds personal data: the
// classifier or the detector recognises something in the whole part or in any of its pieces
// between '_', '-', '.' and blanks, or the detector finds an entity in the pieces read apart as
// prose (or fails to read them). The shape-only checks of NameHoldsData do not apply: a file
// named for its year (people_2024.csv) is recorded as named. Such a path is never recorded
// (transfer/dataset_names.h WithholdNamesHoldingData).
bool PathPartHoldsData(const ColumnClassifier& classifier, const TextDetector& detector,
                       std::string_view part);

}  // namespace xb

#endif  // XBORDER_DETECT_TEXT_NAME_VETTING_H_
