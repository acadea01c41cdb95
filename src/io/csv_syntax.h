// The syntax of delimited text (RFC 4180 CSV, TSV): finding record boundaries, splitting a record
// into fields, and guessing the delimiter. Shared by the row-at-a-time TableReader and by the
// block-parallel scanner, so both read a file the same way.
//
// Quotes follow RFC 4180 by parity: a '"' opens or closes a quoted section, "" inside one is a
// literal quote, and delimiters, CR and LF inside a quoted section belong to the field. For
// well-formed RFC 4180 input this is exactly the standard reading; for a stray quote inside an
// unquoted field (5"10) it is what the boundary scan must agree with, so the parser follows it
// too. A record ends at LF or CRLF outside quotes; a lone CR is data.
#ifndef XBORDER_IO_CSV_SYNTAX_H_
#define XBORDER_IO_CSV_SYNTAX_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace xb::io {

// Incremental search for record boundaries in a growing buffer that starts at a record
// boundary. `last_boundary` is the offset just after the last complete record found so far.
struct CsvBoundaryScan {
  size_t pos = 0;            // bytes of the buffer examined
  bool in_quotes = false;    // at `pos`, inside a quoted section
  size_t last_boundary = 0;  // 0: no complete record yet

  // Restarts the scan for a buffer whose first `consumed` bytes were removed.
  void Consume(size_t consumed) {
    pos -= consumed;
    last_boundary -= consumed;
  }
};

// Advances *scan over `text` (the whole buffer; scanning resumes at scan->pos). Costs a memchr
// per quote character, so unquoted data is scanned at memory speed.
void ScanCsvBoundaries(std::string_view text, CsvBoundaryScan* scan);

// Splits the record that starts at `begin` into *fields and returns a pointer just past its
// terminating LF (or `end`). Quoted fields are unquoted and unescaped in place, so the views in
// *fields point into [begin, end) and the bytes there are rewritten. *newlines receives the
// number of LFs consumed (1 for an ordinary record, more when quoted fields hold line breaks).
// REQUIRES: begin < end.
char* ParseCsvRecord(char* begin, char* end, char delimiter, std::vector<std::string_view>* fields,
                     int* newlines);

// True when the record starting at `p` is an empty line (LF or CRLF alone): such records are
// skipped, not rows. A record holding "" is not blank: it is one empty field.
// REQUIRES: p < end.
inline bool IsBlankRecordAt(const char* p, const char* end) {
  return *p == '\n' || (*p == '\r' && (p + 1 == end || p[1] == '\n'));
}

// Column names from a header record: surrounding spaces trimmed, an empty name becomes
// "column_N" (1-based), so every column can be named in reports.
std::vector<std::string> ColumnNamesFromHeader(const std::vector<std::string_view>& fields);

// Number of LF bytes in `text` (SIMD; line numbers of whole blocks).
size_t CountNewlines(std::string_view text);

// Picks the delimiter among , ; TAB | that splits the first records of `sample` into the same,
// largest number of fields. Returns ',' when none splits anything.
char DetectDelimiter(std::string_view sample);

}  // namespace xb::io

#endif  // XBORDER_IO_CSV_SYNTAX_H_
