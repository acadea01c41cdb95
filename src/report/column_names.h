// Whether a dataset's column names may appear in a document (issue #11 item 3: column names can
// be data — a headerless CSV's "header" is its first row of personal data).
//
// A name is vetted when it does not hold data by the one rule `transfer` and `scan` use too
// (detect/text/name_vetting.h NameHoldsData: short, printable, no run of digits or '@', and
// neither the column classifier nor the free-text detector recognises anything in it). If any
// name of a dataset fails, the header row is treated as data and every column of that dataset
// is referred to by its position only ("第 3 列" / "column 3"); a document never prints an
// unvetted name.
//
// Thread-safe after Create (the classifier and the detector are immutable).
#ifndef XBORDER_REPORT_COLUMN_NAMES_H_
#define XBORDER_REPORT_COLUMN_NAMES_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "detect/column_classifier.h"
#include "detect/text/text_detector.h"
#include "report/document.h"

namespace xb::report {

// The free-text detector for `data_dir` (empty: located), built once per data directory per
// process (tens of milliseconds) and shared, immutable, by every caller. Errors: the detector's.
Result<std::shared_ptr<const TextDetector>> SharedTextDetector(const std::string& data_dir);

// The column classifier for `data_dir`, built and shared as SharedTextDetector's detector.
// Errors: the classifier's.
Result<std::shared_ptr<const ColumnClassifier>> SharedColumnClassifier(const std::string& data_dir);

class ColumnNamer {
 public:
  // `data_dir`: the data/ directory (empty: located). Errors: the classifier's and the
  // detector's. Both are shared (SharedColumnClassifier, SharedTextDetector): the service makes
  // many documents.
  static Result<std::unique_ptr<ColumnNamer>> Create(const std::string& data_dir);

  // True when `name` may be shown: !NameHoldsData (detect/text/name_vetting.h).
  bool Vetted(std::string_view name) const;
  // True when every name may be shown.
  bool HeaderIsVetted(const std::vector<std::string>& names) const;

 private:
  ColumnNamer(std::shared_ptr<const ColumnClassifier> classifier,
              std::shared_ptr<const TextDetector> detector)
      : classifier_(std::move(classifier)), detector_(std::move(detector)) {}
  std::shared_ptr<const ColumnClassifier> classifier_;
  std::shared_ptr<const TextDetector> detector_;
};

// A pipeline message (a refusal reason, a warning) with its quoted parts ('mobile') withheld:
// they are column names, and column names can be data. "column '[withheld]' is beyond …".
std::string WithholdQuoted(const std::string& message);

// "第 3 列" / "column 3" (positions count from 1).
std::string ColumnByPosition(Lang lang, int position);

}  // namespace xb::report

#endif  // XBORDER_REPORT_COLUMN_NAMES_H_
