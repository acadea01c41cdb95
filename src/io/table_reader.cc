#include "io/table_reader.h"

#include <cstring>
#include <unordered_map>

#include "io/block_reader.h"
#include "io/csv_syntax.h"
#include "io/json_flattener.h"

namespace xb::io {
namespace {

// CSV and TSV, one record at a time over the shared block reader.
class DelimitedTableReader final : public TableReader {
 public:
  explicit DelimitedTableReader(std::unique_ptr<BlockReader> blocks) : blocks_(std::move(blocks)) {}

  Status Init(bool has_header) {
    XB_ASSIGN_OR_RETURN(bool any, FetchBlock());
    if (!any) return InvalidArgument("empty file", Location(blocks_->path()));
    int64_t first_line;
    bool blank;
    do {
      if (cursor_ == end_) return InvalidArgument("empty file", Location(blocks_->path()));
      first_line = line_;
      blank = ParseOne();
    } while (blank);
    columns_ = ColumnNamesFromHeader(fields_);
    if (!has_header) {
      // The record read to count the columns is the first row: Next() returns it first.
      for (size_t i = 0; i < columns_.size(); ++i) columns_[i] = "column_" + std::to_string(i + 1);
      replay_first_ = true;
      first_line_ = first_line;
      first_fields_.assign(fields_.begin(), fields_.end());
    }
    return Status::Ok();
  }

  const std::vector<std::string>& columns() const override { return columns_; }

  Result<bool> Next(Row* row) override {
    while (true) {
      if (replay_first_) {
        // Without a header, the record read to count the columns is the first row.
        replay_first_ = false;
        fields_ = first_fields_;
        row->line = first_line_;
      } else {
        if (cursor_ == end_) {
          XB_ASSIGN_OR_RETURN(bool more, FetchBlock());
          if (!more) return false;
          continue;
        }
        row->line = line_;
        if (ParseOne()) continue;
      }
      row->ragged = fields_.size() != columns_.size();
      if (row->ragged) ++ragged_;
      row->fields.assign(fields_.begin(),
                         fields_.begin() + std::min(fields_.size(), columns_.size()));
      row->fields.resize(columns_.size());
      return true;
    }
  }

  const std::string& path() const override { return blocks_->path(); }
  TextEncoding encoding() const override { return blocks_->encoding(); }
  uint64_t bytes_consumed() const override { return block_.input_end; }
  uint64_t ragged_rows() const override { return ragged_; }

 private:
  Result<bool> FetchBlock() {
    XB_ASSIGN_OR_RETURN(bool more, blocks_->Next(&block_));
    if (!more) return false;
    cursor_ = block_.data.data();
    end_ = cursor_ + block_.data.size();
    line_ = block_.first_line;
    return true;
  }

  // Parses the record at the cursor; returns true if it was a blank line.
  bool ParseOne() {
    bool blank = IsBlankRecordAt(cursor_, end_);
    int newlines = 0;
    cursor_ = ParseCsvRecord(cursor_, end_, blocks_->delimiter(), &fields_, &newlines);
    line_ += newlines;
    return blank;
  }

  std::unique_ptr<BlockReader> blocks_;
  RecordBlock block_;
  char* cursor_ = nullptr;
  char* end_ = nullptr;
  int64_t line_ = 1;
  std::vector<std::string> columns_;
  std::vector<std::string_view> fields_;
  std::vector<std::string_view> first_fields_;
  bool replay_first_ = false;
  int64_t first_line_ = 0;
  uint64_t ragged_ = 0;
};

// JSON Lines: the columns are the dotted keys of the first block's records, in the order first
// seen; a key first seen later makes its record ragged and is left out of the row.
class JsonLinesTableReader final : public TableReader {
 public:
  explicit JsonLinesTableReader(std::unique_ptr<BlockReader> blocks) : blocks_(std::move(blocks)) {}

  Status Init() {
    XB_ASSIGN_OR_RETURN(bool any, FetchBlock());
    if (!any) return InvalidArgument("empty file", Location(blocks_->path()));
    // Learn the columns from the first block, then rewind to its start.
    const char* save = cursor_;
    int64_t save_line = line_;
    std::vector<FlatField> fields;
    while (true) {
      int64_t line = 0;
      XB_ASSIGN_OR_RETURN(bool got, ParseLine(&fields, &line));
      if (!got) break;
      for (const FlatField& f : fields) {
        if (index_.find(std::string(f.name)) == index_.end()) {
          index_.emplace(std::string(f.name), columns_.size());
          columns_.emplace_back(f.name);
        }
      }
    }
    cursor_ = save;
    line_ = save_line;
    return Status::Ok();
  }

  const std::vector<std::string>& columns() const override { return columns_; }

  Result<bool> Next(Row* row) override {
    while (true) {
      int64_t line = 0;
      XB_ASSIGN_OR_RETURN(bool got, ParseLine(&flat_, &line));
      if (!got) {
        XB_ASSIGN_OR_RETURN(bool more, FetchBlock());
        if (!more) return false;
        continue;
      }
      row->line = line;
      row->ragged = false;
      row->fields.assign(columns_.size(), std::string_view());
      for (const FlatField& f : flat_) {
        auto it = index_.find(std::string(f.name));
        if (it == index_.end()) {
          row->ragged = true;
          continue;
        }
        row->fields[it->second] = f.value;
      }
      if (row->ragged) ++ragged_;
      return true;
    }
  }

  const std::string& path() const override { return blocks_->path(); }
  TextEncoding encoding() const override { return blocks_->encoding(); }
  uint64_t bytes_consumed() const override { return block_.input_end; }
  uint64_t ragged_rows() const override { return ragged_; }

 private:
  Result<bool> FetchBlock() {
    XB_ASSIGN_OR_RETURN(bool more, blocks_->Next(&block_));
    if (!more) return false;
    cursor_ = block_.data.data();
    line_ = block_.first_line;
    return true;
  }

  // Parses the next non-blank line of the current block; false when the block is used up.
  Result<bool> ParseLine(std::vector<FlatField>* fields, int64_t* line_out) {
    const char* end = block_.data.data() + block_.data.size();
    const size_t capacity_end = block_.data.capacity();
    while (cursor_ < end) {
      const char* nl = static_cast<const char*>(std::memchr(cursor_, '\n', end - cursor_));
      const char* line_end = nl == nullptr ? end : nl;
      const char* start = cursor_;
      int64_t line = line_;
      cursor_ = nl == nullptr ? end : nl + 1;
      ++line_;
      std::string_view text(start, line_end - start);
      if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      size_t capacity = capacity_end - (start - block_.data.data());
      Status s = flattener_.Flatten(start, text.size(), capacity, fields);
      if (!s.ok()) {
        return ParseError(s.error().message,
                          Location(blocks_->path(), line, s.error().where.field));
      }
      *line_out = line;
      return true;
    }
    return false;
  }

  std::unique_ptr<BlockReader> blocks_;
  RecordBlock block_;
  const char* cursor_ = nullptr;
  int64_t line_ = 1;
  JsonFlattener flattener_;
  std::vector<FlatField> flat_;
  std::vector<std::string> columns_;
  std::unordered_map<std::string, size_t> index_;
  uint64_t ragged_ = 0;
};

}  // namespace

Result<std::unique_ptr<TableReader>> OpenTable(const std::string& path,
                                               const ReadOptions& options) {
  XB_ASSIGN_OR_RETURN(std::unique_ptr<BlockReader> blocks, BlockReader::Open(path, options));
  if (blocks->format() == TableFormat::kJsonLines) {
    auto reader = std::make_unique<JsonLinesTableReader>(std::move(blocks));
    XB_RETURN_IF_ERROR(reader->Init());
    return std::unique_ptr<TableReader>(std::move(reader));
  }
  auto reader = std::make_unique<DelimitedTableReader>(std::move(blocks));
  XB_RETURN_IF_ERROR(reader->Init(options.has_header));
  return std::unique_ptr<TableReader>(std::move(reader));
}

const char* TableFormatName(TableFormat format) {
  switch (format) {
    case TableFormat::kAuto:
      return "auto";
    case TableFormat::kCsv:
      return "csv";
    case TableFormat::kTsv:
      return "tsv";
    case TableFormat::kJsonLines:
      return "jsonl";
  }
  return "?";
}

const char* TextEncodingName(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::kAuto:
      return "auto";
    case TextEncoding::kUtf8:
      return "UTF-8";
    case TextEncoding::kGb18030:
      return "GB18030";
  }
  return "?";
}

}  // namespace xb::io
