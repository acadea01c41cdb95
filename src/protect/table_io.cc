#include "protect/table_io.h"

#include <vector>

#include "core/out_of_memory.h"

namespace xb::protect {

namespace {

// LoadTable, except that memory exhaustion throws std::bad_alloc.
Result<Table> LoadTableOrThrow(const std::string& path, const io::ReadOptions& options) {
  XB_ASSIGN_OR_RETURN(auto reader, io::OpenTable(path, options));
  Table table(reader->columns());
  const size_t width = reader->columns().size();
  io::Row row;
  std::vector<std::string_view> fields(width);
  while (true) {
    XB_ASSIGN_OR_RETURN(bool more, reader->Next(&row));
    if (!more) break;
    if (row.fields.size() > width) {
      return ParseError("record has " + std::to_string(row.fields.size()) +
                            " fields, the header has " + std::to_string(width),
                        Location(path, row.line));
    }
    for (size_t i = 0; i < width; ++i) {
      fields[i] = i < row.fields.size() ? row.fields[i] : std::string_view();
    }
    table.AppendRow(fields, row.line);
  }
  return table;
}

}  // namespace

Result<Table> LoadTable(const std::string& path, const io::ReadOptions& options) {
  return CatchOutOfMemory([&] { return LoadTableOrThrow(path, options); },
                          [] { return "reading the table"; }, [&] { return Location(path); });
}

Status WriteTableCsv(const Table& table, const std::string& path,
                     const io::CsvWriteOptions& options) {
  XB_ASSIGN_OR_RETURN(io::CsvWriter writer, io::CsvWriter::Create(path, options));
  std::vector<std::string_view> fields(table.column_names().begin(), table.column_names().end());
  XB_RETURN_IF_ERROR(writer.WriteRecord(fields));
  for (size_t r = 0; r < table.row_count(); ++r) {
    for (size_t c = 0; c < table.column_count(); ++c) fields[c] = table.cell(r, c);
    XB_RETURN_IF_ERROR(writer.WriteRecord(fields));
  }
  return writer.Commit();
}

}  // namespace xb::protect
