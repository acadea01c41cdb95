// Fuzzes `xborder scan` end to end on one input file: format sniffing, the pilot block, the
// workers (two, dealt blocks in turn, merged), JSON flattening, subject counting and the free-text
// detector on prose cells. Checks the profile's invariants: counts never exceed what was read,
// free-text counts are consistent, and errors name the input.
#include <cstdlib>
#include <memory>
#include <string>

#include "detect/column_classifier.h"
#include "detect/text/text_detector.h"
#include "fuzz/fuzz_target.h"
#include "scan/dataset_scanner.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

const xb::ColumnClassifier& Classifier() {
  static auto classifier = xb::ColumnClassifier::Create();
  Check(classifier.ok());
  return **classifier;
}

const xb::TextDetector& Detector() {
  static auto detector = xb::TextDetector::Create();
  Check(detector.ok());
  return **detector;
}

void ScanWith(const std::string& path, xb::scan::ScanOptions options) {
  auto profile = xb::scan::ScanDataset(path, Classifier(), options);
  if (!profile.ok()) {
    Check(profile.error().where.file == path);
    return;
  }
  Check(profile->rows > 0);
  Check(profile->ragged_rows <= profile->rows);
  if (profile->individuals) Check(*profile->individuals <= profile->rows);
  for (const xb::scan::ColumnProfile& c : profile->columns) {
    Check(c.non_empty <= c.cells && c.cells <= profile->rows);
    Check(c.verdict.matches <= c.non_empty);
    if (!c.text) continue;
    Check(c.text->cells <= c.non_empty);
    Check(c.text->cells_with_findings <= c.text->cells);
    for (const xb::scan::TextEntityCount& e : c.text->entities) {
      Check(e.cells > 0 && e.cells <= c.text->cells_with_findings);
      Check(e.cells <= e.findings && e.masked <= e.findings);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (64 << 10)) return 0;
  xb::fuzz::MemFile file(data, size);
  if (!file.ok()) return 0;
  xb::scan::ScanOptions options;
  options.threads = 1;
  options.read.block_bytes = 4096;
  options.read.max_record_bytes = 8192;
  options.text_detector = &Detector();
  ScanWith(file.path(), options);
  // Two workers dealt blocks in turn, with their per-worker statistics merged as with threads,
  // but on this thread: deterministic (a crash replays) and no thread start-up per input.
  // The threaded pipeline itself is covered by the unit tests under ThreadSanitizer.
  options.threads = 2;
  options.sequential = true;
  options.read.format = xb::io::TableFormat::kJsonLines;
  ScanWith(file.path(), options);
  return 0;
}
