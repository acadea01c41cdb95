// Streaming readers for tabular input: CSV (RFC 4180), TSV and JSON Lines, in UTF-8 or
// GB18030/GBK. Memory stays flat in file size: a reader holds one buffer, never the file.
//
// Thread-safety: a reader is used by one thread at a time.
#ifndef XBORDER_IO_TABLE_READER_H_
#define XBORDER_IO_TABLE_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace xb::io {

enum class TableFormat { kAuto, kCsv, kTsv, kJsonLines };
enum class TextEncoding { kAuto, kUtf8, kGb18030 };

struct ReadOptions {
  TableFormat format = TableFormat::kAuto;      // kAuto: by extension, then by content
  TextEncoding encoding = TextEncoding::kAuto;  // kAuto: UTF-8 if the sample is valid UTF-8
  char delimiter = 0;                           // CSV only; 0 = detect among , ; \t |
  bool has_header = true;                       // CSV/TSV: first record names the columns
  size_t max_record_bytes = 64u << 20;          // a longer record is an error, not an OOM
  // Bytes read and handed on at a time (at least 4096): the unit of work of the scanner's
  // threads. The default suits files; fuzzers and tests use small blocks, which are cheap to set
  // up and make a small input span several blocks.
  size_t block_bytes = 1u << 20;
};

// One record. Field views point into the reader's buffer and stay valid until the next call to
// Next(); copy what must outlive it. Fields are always UTF-8 (GB18030 input is converted).
struct Row {
  std::vector<std::string_view> fields;  // one per column; missing trailing fields are empty
  int64_t line = 0;                      // 1-based line on which the record starts
  bool ragged = false;                   // the record had more or fewer fields than the header
};

class TableReader {
 public:
  virtual ~TableReader() = default;

  // Column names: the header (CSV/TSV), or the union of dotted keys seen in the first records
  // (JSON Lines, nested objects flattened as "a.b.c").
  virtual const std::vector<std::string>& columns() const = 0;

  // Reads the next record into *row. Returns false at the end of input.
  // Errors (kParse, kResourceExhausted, kIo) carry the file, the line and, where known, the
  // field; after an error the reader must not be used again.
  virtual Result<bool> Next(Row* row) = 0;

  virtual const std::string& path() const = 0;
  virtual TextEncoding encoding() const = 0;
  virtual uint64_t bytes_consumed() const = 0;  // for progress reporting
  virtual uint64_t ragged_rows() const = 0;     // records whose field count was off
};

// Opens `path` ("-" for standard input). Errors: kNotFound, kIo, kInvalidArgument (empty file,
// binary content, undecodable encoding), each naming the path.
Result<std::unique_ptr<TableReader>> OpenTable(const std::string& path,
                                               const ReadOptions& options = {});

const char* TableFormatName(TableFormat format);
const char* TextEncodingName(TextEncoding encoding);

}  // namespace xb::io

#endif  // XBORDER_IO_TABLE_READER_H_
