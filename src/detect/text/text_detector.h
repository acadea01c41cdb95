// Free-text detection (DESIGN.md §3, §4 `xborder detect`): finds every entity of the vocabulary
// in one document of running text — validated identifiers (resident IDs, mobiles, cards …),
// Chinese and Latin personal names, Chinese and English street addresses, ethnicity, religion,
// health terms, gender, age and dates of birth — with code-point offsets and a score in [0, 1].
//
// Usage:
//   XB_ASSIGN_OR_RETURN(auto detector, TextDetector::Create());
//   std::vector<TextFinding> findings;
//   XB_RETURN_IF_ERROR(detector->Detect(line, &findings));
//
// Thread-safety: a TextDetector is immutable after Create(); Detect() may be called from any
// number of threads at once (each thread keeps its own scratch space).
#ifndef XBORDER_DETECT_TEXT_TEXT_DETECTOR_H_
#define XBORDER_DETECT_TEXT_TEXT_DETECTOR_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_date.h"
#include "core/status.h"
#include "detect/entity_type.h"

namespace xb {

struct TextFinding {
  EntityType type;
  uint32_t start = 0;       // Unicode code points from the start of the document
  uint32_t end = 0;         // exclusive
  uint32_t byte_start = 0;  // the same span in bytes of the input
  uint32_t byte_end = 0;
  float score = 0;  // confidence in [0, 1]
  // The value is already masked (110101********8531, 138****8000): it has the shape of `type`
  // but no longer identifies anyone by itself. Reported so masked data can be told apart.
  bool masked = false;
};

struct TextDetectorOptions {
  // Directory holding cn-admin-divisions/, dict/ and text/ (the repository's data/).
  // Empty: LocateDataDir() (core/locations.h).
  std::string data_dir;
  // Findings scoring below this are not reported.
  float min_score = 0.5f;
  // The latest plausible birth date (for resident IDs and dates of birth); default: today.
  std::optional<CivilDate> today;
};

class TextDetector {
 public:
  // Loads the dictionaries and compiles the patterns (tens of milliseconds). Errors: a missing
  // or malformed data file (named, with its line), or a pattern that fails to compile.
  static Result<std::unique_ptr<TextDetector>> Create(const TextDetectorOptions& options = {});

  TextDetector(const TextDetector&) = delete;  // owns compiled databases: share by pointer
  TextDetector& operator=(const TextDetector&) = delete;
  ~TextDetector();

  // Replaces *findings with the entities in `text`, sorted by start, non-overlapping. Total on
  // arbitrary bytes: invalid UTF-8 bytes count one code point each and never join an entity;
  // NUL bytes are ordinary separators. REQUIRES: text.size() < 2^31 (callers window longer
  // input; see `xborder detect`).
  // Errors (then *findings is empty): kResourceExhausted when Vectorscan cannot allocate its
  // scratch space or memory runs out; kInternal when a Vectorscan scan fails. Never a silent
  // partial result, never an exception.
  Status Detect(std::string_view text, std::vector<TextFinding>* findings) const;

  float min_score() const;

 private:
  struct Impl;
  explicit TextDetector(std::unique_ptr<Impl> impl);
  // Detect(), except that memory exhaustion throws std::bad_alloc.
  Status DetectOrThrow(std::string_view text, std::vector<TextFinding>* findings) const;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xb

#endif  // XBORDER_DETECT_TEXT_TEXT_DETECTOR_H_
