// Whether a dataset's column names may appear in a document (issue #11 item 3: column names can
// be data — a headerless CSV's "header" is its first row of personal data).
//
// A name is vetted when it is short (at most 40 code points), valid UTF-8 without control
// characters, holds no run of four or more digits and no '@', and the free-text detector finds
// no entity in it (a name, an identifier, an address, a health term …). If any name of a dataset
// fails, the header row is treated as data and every column of that dataset is referred to by
// its position only ("第 3 列" / "column 3"); a document never prints an unvetted name.
//
// Thread-safe after Create (the detector is immutable).
#ifndef XBORDER_REPORT_COLUMN_NAMES_H_
#define XBORDER_REPORT_COLUMN_NAMES_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "detect/text/text_detector.h"
#include "report/document.h"

namespace xb::report {

// The free-text detector for `data_dir` (empty: located), built once per data directory per
// process (tens of milliseconds) and shared, immutable, by every caller. Errors: the detector's.
Result<std::shared_ptr<const TextDetector>> SharedTextDetector(const std::string& data_dir);

class ColumnNamer {
 public:
  // `data_dir`: the data/ directory (empty: located). Errors: the detector's. The detector is
  // SharedTextDetector's (the service makes many documents).
  static Result<std::unique_ptr<ColumnNamer>> Create(const std::string& data_dir);

  bool Vetted(std::string_view name) const;
  // True when every name may be shown.
  bool HeaderIsVetted(const std::vector<std::string>& names) const;

 private:
  explicit ColumnNamer(std::shared_ptr<const TextDetector> detector)
      : detector_(std::move(detector)) {}
  std::shared_ptr<const TextDetector> detector_;
};

// A pipeline message (a refusal reason, a warning) with its quoted parts ('mobile') withheld:
// they are column names, and column names can be data. "column '[withheld]' is beyond …".
std::string WithholdQuoted(const std::string& message);

// "第 3 列" / "column 3" (positions count from 1).
std::string ColumnByPosition(Lang lang, int position);

}  // namespace xb::report

#endif  // XBORDER_REPORT_COLUMN_NAMES_H_
