// Fuzzes the JSON Lines reader (simdjson, dotted-name flattening) end to end through an
// in-memory file: no crash, one field per column, errors name the input.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "fuzz/fuzz_target.h"
#include "io/json_flattener.h"
#include "io/table_reader.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (64 << 10)) return 0;
  xb::fuzz::MemFile file(data, size);
  if (!file.ok()) return 0;
  const std::string& path = file.path();
  xb::io::ReadOptions options;
  options.format = xb::io::TableFormat::kJsonLines;
  options.max_record_bytes = 4096;
  options.block_bytes = 4096;  // the smallest: a 1 MiB buffer per input costs more than parsing
  auto reader = xb::io::OpenTable(path, options);
  if (reader.ok()) {
    const size_t width = (*reader)->columns().size();
    xb::io::Row row;
    for (int rows = 0; rows < 100000; ++rows) {
      auto more = (*reader)->Next(&row);
      if (!more.ok()) {
        Check(more.error().where.file == path);
        break;
      }
      if (!*more) break;
      Check(row.fields.size() == width);
    }
  } else {
    Check(reader.error().where.file == path);
  }

  // The flattener alone on the whole input as one record.
  std::string padded(reinterpret_cast<const char*>(data), size);
  padded.resize(size + 64, ' ');
  xb::io::JsonFlattener flattener;
  std::vector<xb::io::FlatField> fields;
  (void)flattener.Flatten(padded.data(), size, padded.size(), &fields);
  return 0;
}
