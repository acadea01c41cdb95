#include "io/csv_writer.h"

namespace xb::io {
namespace {

constexpr size_t kFlushBytes = 1 << 20;

bool NeedsQuotes(std::string_view field, char delimiter) {
  if (field.empty()) return false;
  if (field.front() == ' ' || field.back() == ' ') return true;
  for (char c : field) {
    if (c == delimiter || c == '"' || c == '\n' || c == '\r') return true;
  }
  return false;
}

}  // namespace

void AppendCsvRecord(const std::vector<std::string_view>& fields, const CsvWriteOptions& options,
                     std::string* out) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i != 0) out->push_back(options.delimiter);
    std::string_view f = fields[i];
    if (!NeedsQuotes(f, options.delimiter)) {
      out->append(f);
      continue;
    }
    out->push_back('"');
    for (char c : f) {
      if (c == '"') out->push_back('"');
      out->push_back(c);
    }
    out->push_back('"');
  }
  // A record of one empty field would read back as a blank line: quote it to keep the row.
  if (fields.size() == 1 && fields[0].empty()) out->append("\"\"");
  out->append(options.crlf ? "\r\n" : "\n");
}

Result<CsvWriter> CsvWriter::Create(const std::string& path, const CsvWriteOptions& options) {
  XB_ASSIGN_OR_RETURN(AtomicFile file, AtomicFile::Create(path));
  return CsvWriter(std::move(file), options);
}

Status CsvWriter::WriteRecord(const std::vector<std::string_view>& fields) {
  AppendCsvRecord(fields, options_, &buffer_);
  if (buffer_.size() >= kFlushBytes) {
    XB_RETURN_IF_ERROR(file_.Write(buffer_));
    buffer_.clear();
  }
  return Status::Ok();
}

Status CsvWriter::Commit() {
  if (!buffer_.empty()) {
    XB_RETURN_IF_ERROR(file_.Write(buffer_));
    buffer_.clear();
  }
  return file_.Commit();
}

}  // namespace xb::io
