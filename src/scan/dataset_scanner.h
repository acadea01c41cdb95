// Scans datasets: reads each file as blocks of records (one reader thread), classifies every
// cell on worker threads (one ColumnStats per column per thread, merged at the end), counts
// distinct individuals exactly and minors under 14, and returns a DatasetProfile.
//
// Memory is flat in file size: a bounded queue of blocks (about 2 per worker, ~1 MiB each), the
// per-thread column stats, and the distinct sets (about 32-64 bytes per distinct individual).
//
// The subject column (whose values identify individuals) is --subject-column when given, else
// the best identifier column, chosen from a pilot classification of the first block (priority
// CN_RESIDENT_ID > CN_PASSPORT > PASSPORT > CN_MOBILE > EMAIL_ADDRESS, then most matches);
// choosing up front lets the full pass hash one column instead of every candidate. Values are
// hashed as SubjectHasher::FastHash of the column's type (detect/subject_hasher.h), and only
// the keyed hashes are kept.
#ifndef XBORDER_SCAN_DATASET_SCANNER_H_
#define XBORDER_SCAN_DATASET_SCANNER_H_

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/civil_date.h"
#include "core/key_file.h"
#include "core/status.h"
#include "detect/column_classifier.h"
#include "detect/text/text_detector.h"
#include "io/table_reader.h"
#include "scan/dataset_profile.h"
#include "taxonomy/taxonomy.h"

namespace xb::scan {

struct ScanProgress {
  std::string path;
  uint64_t bytes_read = 0;
  uint64_t bytes_total = 0;  // 0 when unknown (standard input)
};

struct ScanOptions {
  io::ReadOptions read;
  int threads = 0;  // classifying threads; 0: one per core
  // Runs the `threads` workers on the calling thread, dealing them blocks in turn: the same
  // per-worker statistics and merge as with threads, but deterministic and without starting
  // any (fuzzing, tests). No faster than one thread.
  bool sequential = false;
  std::string subject_column;                   // empty: the best identifier column
  CivilDate as_of = CivilDate::TodayInChina();  // minors are under 14 on this date
  // Keys the in-memory subject hashes. They never leave the scan, so counts do not depend on
  // the key; a key no one else knows keeps crafted inputs from colliding.
  SecretKey key;
  bool keep_samples = false;  // keep the classifier's masked samples
  // Grades columns (category, PIPL-sensitive, GDPR Art. 9). Null: categories stay unknown.
  // Not owned; must outlive the call.
  const Taxonomy* taxonomy = nullptr;
  // Finds entities inside free-text cells (remarks, notes): cells that read as prose
  // (LooksLikeProse) in columns that had no dominant type in the first block. Null: free text
  // is only seen by the column classifier (validated identifiers inside it still count).
  // Not owned; must outlive the call.
  const TextDetector* text_detector = nullptr;
  // Bytes the distinct sets (individuals, minors; about 32-64 per distinct value, more while a
  // set grows) may take in all; 0: no limit. A scan that needs more fails with
  // kResourceExhausted instead of exhausting the machine.
  uint64_t subject_memory_limit = 0;
  // Bytes the cell memos of one classifying thread may take in all (scan/cell_memo.h): columns
  // beyond it are classified without a memo. The default holds about 130 replaying columns.
  uint64_t memo_bytes_per_thread = uint64_t{8} << 20;
  // For tests and benchmarks; not owned, may be null: receives the most bytes the cell memos of
  // any one classifying thread held at once.
  uint64_t* memo_peak_bytes = nullptr;
  // Called on the reading thread after each block; must be cheap and thread-compatible.
  std::function<void(const ScanProgress&)> progress;
};

// Scans one file ("-" for standard input). Minors are counted with IsMinor
// (taxonomy/taxonomy.h) and the taxonomy's minor_age_limit(). With a taxonomy, a column's
// category and sensitivity come from its type; when the dataset holds minors under 14, every PI
// column is sensitive under PIPL (Art. 28).
// Header rows are vetted (detect/text/name_vetting.h), one rule for `scan` and `transfer`: when
// options.read.has_header is set but a CSV/TSV's first record is a person's data
// (FirstRecordIsData), it is read as data, the columns are named column_1 ... column_N and the
// profile says so (first_record_is_data, warnings); a column whose name holds data is marked
// (ColumnProfile::name_holds_data) and never shown.
// Memory: while it runs, the scan holds raw cell values beyond the block being read: each
// thread's cell memos (scan/cell_memo.h: up to memo_bytes_per_thread of repeated short values,
// zeroed when the scan ends) and each thread's last resident ID checked (detect/validators.h),
// which the scan zeroes before it returns, on its own threads and on the calling thread.
// Errors, each naming the file and, where known, the line: those of io::BlockReader (missing,
// unreadable, empty, binary, undecodable, overlong record, unterminated quote); kParse for a
// JSON Lines record that is not a JSON object or repeats a key; kInvalidArgument for a file with
// a header but no data rows, and for a --subject-column the file does not have; those of
// TextDetector::Detect, with the line; kResourceExhausted when memory or
// subject_memory_limit runs out. Never throws, never ends the process: every worker thread
// is joined before it returns, whatever happened.
Result<DatasetProfile> ScanDataset(const std::string& path, const ColumnClassifier& classifier,
                                   const ScanOptions& options);

// Expands the command line's paths: files as given, directories into the supported table files
// they contain (.csv .tsv .tab .jsonl .ndjson .json, recursively), sorted by path.
// Errors: kNotFound for a path that does not exist; kInvalidArgument for a directory holding no
// supported file.
Result<std::vector<std::string>> ExpandScanPaths(const std::vector<std::string>& paths);

}  // namespace xb::scan

#endif  // XBORDER_SCAN_DATASET_SCANNER_H_
