// Reads a whole input table into a dictionary-encoded Table (src/io readers: CSV, TSV, JSON Lines,
// UTF-8 or GB18030) and writes a Table as RFC 4180 CSV, all or nothing.
#ifndef XBORDER_PROTECT_TABLE_IO_H_
#define XBORDER_PROTECT_TABLE_IO_H_

#include <string>

#include "core/status.h"
#include "io/csv_writer.h"
#include "io/table_reader.h"
#include "protect/table.h"

namespace xb::protect {

// Errors: those of io::OpenTable and TableReader::Next; kParse (with the line) for a record with
// more fields than the header.
Result<Table> LoadTable(const std::string& path, const io::ReadOptions& options = {});

// Writes header and rows to `path` atomically (nothing appears under `path` on error). Errors: kIo.
Status WriteTableCsv(const Table& table, const std::string& path,
                     const io::CsvWriteOptions& options = {});

}  // namespace xb::protect

#endif  // XBORDER_PROTECT_TABLE_IO_H_
