// Reads a table file as blocks of whole records, decoded to UTF-8: the unit of work of the
// scanner (one reader thread, many classifying threads) and the input of the row readers.
//
// Memory is flat in file size: the reader holds about one block of input plus at most one
// partial record, itself bounded by ReadOptions::max_record_bytes.
//
// Thread-safety: one thread at a time. Blocks it returns are independent and may be handed to
// other threads.
#ifndef XBORDER_IO_BLOCK_READER_H_
#define XBORDER_IO_BLOCK_READER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"
#include "io/csv_syntax.h"
#include "io/table_reader.h"

namespace xb::io {

// Bytes kept readable past the end of every block's data (simdjson's padding requirement).
inline constexpr size_t kBlockPadding = 64;

struct RecordBlock {
  std::string data;        // whole records, UTF-8; capacity >= size + kBlockPadding
  int64_t first_line = 1;  // line number of data[0] in the file (1-based)
  uint64_t input_end = 0;  // input bytes read from the file once this block was cut (progress)
  uint64_t sequence = 0;   // 0, 1, 2 ... in file order
};

class BlockReader {
 public:
  // Opens `path` ("-" for standard input), reads its first bytes and settles the format (from
  // the extension, else the content), the encoding (UTF-8 if they are valid UTF-8, else
  // GB18030 if well-formed, unless forced) and, for CSV, the delimiter. A UTF-8 or GB18030
  // byte-order mark is dropped.
  // Errors, each naming the path: kNotFound; kIo (unreadable, a directory); kInvalidArgument
  // (empty file, binary content, neither UTF-8 nor GB18030).
  static Result<std::unique_ptr<BlockReader>> Open(const std::string& path,
                                                   const ReadOptions& options);
  ~BlockReader();
  BlockReader(const BlockReader&) = delete;  // owns a file descriptor
  BlockReader& operator=(const BlockReader&) = delete;

  // Replaces block->data with the next run of whole records (at least one, about
  // ReadOptions::block_bytes
  // in total; the buffer is reused). Returns false at the end of input.
  // Errors naming the file and line: kResourceExhausted (a record longer than
  // max_record_bytes), kParse (an unterminated quoted field at the end of input; bytes that are
  // not valid in the encoding), kIo (a read failed). After an error, do not call again.
  Result<bool> Next(RecordBlock* block);

  const std::string& path() const { return path_; }
  TableFormat format() const { return format_; }
  TextEncoding encoding() const { return encoding_; }
  char delimiter() const { return delimiter_; }        // CSV/TSV only
  uint64_t input_size() const { return input_size_; }  // 0 when unknown (a pipe)
  uint64_t input_read() const { return input_read_; }

 private:
  BlockReader() = default;
  Status ReadMore();  // appends decoded input to pending_; sets eof_
  Status Decode(std::string_view raw, bool final);
  void ScanBoundaries();
  void Emit(size_t length, RecordBlock* block);

  std::string path_;
  int fd_ = -1;
  bool owns_fd_ = false;
  ReadOptions options_;
  size_t block_bytes_ = 0;
  TableFormat format_ = TableFormat::kCsv;
  TextEncoding encoding_ = TextEncoding::kUtf8;
  char delimiter_ = ',';
  uint64_t input_size_ = 0;
  uint64_t input_read_ = 0;
  bool eof_ = false;

  std::string raw_;      // GB18030 input not yet decoded (a cut sequence)
  std::string pending_;  // decoded text starting at a record boundary
  CsvBoundaryScan scan_;
  int64_t next_line_ = 1;  // line number of pending_[0]
  uint64_t sequence_ = 0;
  std::unique_ptr<class Gb18030Decoder> decoder_;
};

// Format from the file name: .csv → CSV, .tsv/.tab → TSV, .jsonl/.ndjson/.json → JSON Lines;
// kAuto for anything else (then the content decides).
TableFormat FormatFromExtension(const std::string& path);

}  // namespace xb::io

#endif  // XBORDER_IO_BLOCK_READER_H_
