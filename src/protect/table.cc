#include "protect/table.h"

#include <utility>

namespace xb::protect {

uint32_t Column::Intern(std::string_view value) {
  auto it = index_.find(value);
  if (it != index_.end()) return it->second;
  uint32_t code = static_cast<uint32_t>(dictionary_.size());
  dictionary_.emplace_back(value);
  index_.emplace(std::string(value), code);
  return code;
}

Table::Table(std::vector<std::string> column_names)
    : names_(std::move(column_names)), columns_(names_.size()) {}

void Table::AppendRow(std::span<const std::string_view> fields, int64_t line) {
  for (size_t i = 0; i < columns_.size(); ++i) columns_[i].Append(fields[i]);
  lines_.push_back(line);
}

int Table::FindColumn(std::string_view name) const {
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

void Table::Reserve(size_t rows) {
  lines_.reserve(rows);
  for (auto& c : columns_) c.Reserve(rows);
}

void Table::AddColumn(std::string name, Column column) {
  names_.push_back(std::move(name));
  columns_.push_back(std::move(column));
}

void Table::ReplaceColumn(size_t index, Column column) { columns_[index] = std::move(column); }

void Table::KeepColumns(const std::vector<bool>& keep) {
  std::vector<std::string> names;
  std::vector<Column> columns;
  for (size_t i = 0; i < names_.size(); ++i) {
    if (!keep[i]) continue;
    names.push_back(std::move(names_[i]));
    columns.push_back(std::move(columns_[i]));
  }
  names_ = std::move(names);
  columns_ = std::move(columns);
}

}  // namespace xb::protect
