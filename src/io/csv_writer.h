// RFC 4180 CSV output (the protect stage writes de-identified tables with it).
//
// A field is quoted when it holds the delimiter, a quote, CR or LF, or starts or ends with a
// space; quotes inside are doubled. Records end with CRLF (RFC 4180) unless told otherwise.
#ifndef XBORDER_IO_CSV_WRITER_H_
#define XBORDER_IO_CSV_WRITER_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/atomic_file.h"
#include "core/status.h"

namespace xb::io {

struct CsvWriteOptions {
  char delimiter = ',';
  bool crlf = true;  // RFC 4180 line ends; false writes LF
};

// Appends one record (with its line end) to *out.
void AppendCsvRecord(const std::vector<std::string_view>& fields, const CsvWriteOptions& options,
                     std::string* out);

// Writes a CSV file all or nothing (core/atomic_file.h): nothing appears under `path` until
// Commit() succeeds. Not copyable; movable. Not thread-safe.
class CsvWriter {
 public:
  // Errors: kIo when the temporary file cannot be created.
  static Result<CsvWriter> Create(const std::string& path, const CsvWriteOptions& options = {});

  // Buffers the record and writes in large chunks. Errors: kIo.
  Status WriteRecord(const std::vector<std::string_view>& fields);
  // Flushes, fsyncs and renames into place. Errors: kIo.
  Status Commit();

 private:
  CsvWriter(AtomicFile file, CsvWriteOptions options) : file_(std::move(file)), options_(options) {}
  AtomicFile file_;
  CsvWriteOptions options_;
  std::string buffer_;
};

}  // namespace xb::io

#endif  // XBORDER_IO_CSV_WRITER_H_
