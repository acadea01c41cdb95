// An in-memory table with dictionary-encoded columns: every distinct cell text of a column is
// stored once and rows hold 32-bit codes. The anonymisation search works on codes (distinct
// quasi-identifier tuples with counts), and deterministic transforms run once per distinct value.
//
// Thread-safety: const methods may be called concurrently; mutation needs exclusive access.
#ifndef XBORDER_PROTECT_TABLE_H_
#define XBORDER_PROTECT_TABLE_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace xb::protect {

// One dictionary-encoded column. codes[row] indexes dictionary.
class Column {
 public:
  // Returns the code for `value`, adding it to the dictionary if new.
  uint32_t Intern(std::string_view value);
  void Append(std::string_view value) { codes_.push_back(Intern(value)); }
  void AppendCode(uint32_t code) { codes_.push_back(code); }  // REQUIRES: code < dictionary size

  std::string_view Value(size_t row) const { return dictionary_[codes_[row]]; }
  const std::vector<std::string>& dictionary() const { return dictionary_; }
  const std::vector<uint32_t>& codes() const { return codes_; }
  size_t size() const { return codes_.size(); }
  void Reserve(size_t rows) { codes_.reserve(rows); }

 private:
  // The index from text to code: open addressing over codes, each slot keeping a tag of the
  // text's hash so most probes skip the string compare. The text itself lives only in
  // dictionary_ (a node-based map kept a second copy and one allocation per distinct value,
  // which dominated loading large tables of unique identifiers).
  struct Slot {
    uint32_t code_plus_one = 0;  // 0: empty
    uint32_t tag = 0;            // high 32 bits of the hash
  };
  void Grow();

  std::vector<std::string> dictionary_;
  std::vector<uint32_t> codes_;
  std::vector<Slot> slots_;  // size a power of two, at most half full
};

class Table {
 public:
  Table() = default;
  explicit Table(std::vector<std::string> column_names);

  // REQUIRES: fields.size() == column_count(). `line` is the input line the row came from
  // (0 if unknown); error messages use it to point at a row without quoting it.
  void AppendRow(std::span<const std::string_view> fields, int64_t line = 0);

  size_t row_count() const { return lines_.size(); }
  size_t column_count() const { return names_.size(); }
  const std::vector<std::string>& column_names() const { return names_; }
  // Index of the column called `name`, or -1.
  int FindColumn(std::string_view name) const;

  const Column& column(size_t index) const { return columns_[index]; }
  Column& mutable_column(size_t index) { return columns_[index]; }
  std::string_view cell(size_t row, size_t col) const { return columns_[col].Value(row); }
  int64_t line(size_t row) const { return lines_[row]; }
  void Reserve(size_t rows);

  // Adds a column built elsewhere. REQUIRES: column.size() == row_count().
  void AddColumn(std::string name, Column column);
  // Replaces column `index` (same name). REQUIRES: column.size() == row_count().
  void ReplaceColumn(size_t index, Column column);
  // Takes the row count and source lines of `other` (for a table assembled with AddColumn).
  void CopyLines(const Table& other) { lines_ = other.lines_; }
  // Removes the columns whose `keep` flag is false.
  void KeepColumns(const std::vector<bool>& keep);
  // The rows whose `keep` flag is true, in order, with their lines. Each column's dictionary
  // holds only the values of those rows, coded by first appearance: the same table as appending
  // the kept rows one by one, but hashing each distinct kept value once instead of every cell.
  // REQUIRES: keep.size() == row_count().
  Table SelectRows(const std::vector<bool>& keep) const;

 private:
  std::vector<std::string> names_;
  std::vector<Column> columns_;
  std::vector<int64_t> lines_;
};

}  // namespace xb::protect

#endif  // XBORDER_PROTECT_TABLE_H_
