// Fuzzes the delimited-text reader end to end (encoding detection, GB18030 decoding, record
// boundaries, RFC 4180 field parsing, header handling) through an in-memory file, and checks
// its invariants: every row has one field per column, line numbers never go backwards, and
// errors name the input.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "fuzz/fuzz_target.h"
#include "io/csv_syntax.h"
#include "io/table_reader.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

void ReadAll(const std::string& path, const xb::io::ReadOptions& options) {
  auto reader = xb::io::OpenTable(path, options);
  if (!reader.ok()) {
    Check(reader.error().where.file == path);
    return;
  }
  const size_t width = (*reader)->columns().size();
  xb::io::Row row;
  int64_t last_line = 0;
  for (int rows = 0; rows < 100000; ++rows) {
    auto more = (*reader)->Next(&row);
    if (!more.ok()) {
      Check(more.error().where.file == path);
      return;
    }
    if (!*more) return;
    Check(row.fields.size() == width);
    Check(row.line > last_line);
    last_line = row.line;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (64 << 10)) return 0;
  xb::fuzz::MemFile file(data, size);
  if (!file.ok()) return 0;
  const std::string& path = file.path();
  xb::io::ReadOptions options;
  options.format = xb::io::TableFormat::kCsv;
  options.max_record_bytes = 4096;
  options.block_bytes = 4096;  // the smallest: a 1 MiB buffer per input costs more than parsing
  ReadAll(path, options);
  options.has_header = false;
  options.encoding = xb::io::TextEncoding::kGb18030;
  ReadAll(path, options);

  // The field parser on its own, over the raw bytes, with each delimiter.
  std::string text(reinterpret_cast<const char*>(data), size);
  for (char delimiter : {',', ';', '\t', '|'}) {
    std::string copy = text;
    std::vector<std::string_view> fields;
    char* p = copy.data();
    char* end = p + copy.size();
    while (p < end) {
      int newlines = 0;
      char* next = xb::io::ParseCsvRecord(p, end, delimiter, &fields, &newlines);
      Check(next > p && next <= end);
      for (std::string_view f : fields)
        Check(f.data() >= copy.data() && f.data() + f.size() <= end);
      p = next;
    }
  }
  xb::io::DetectDelimiter(text);
  return 0;
}
