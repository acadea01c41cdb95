#include "protect/table.h"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace xb::protect {

namespace {

uint64_t HashText(std::string_view s) { return std::hash<std::string_view>{}(s); }

}  // namespace

uint32_t Column::Intern(std::string_view value) {
  if (2 * (dictionary_.size() + 1) > slots_.size()) Grow();
  const uint64_t h = HashText(value);
  const auto tag = static_cast<uint32_t>(h >> 32);
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.code_plus_one == 0) {
      const auto code = static_cast<uint32_t>(dictionary_.size());
      dictionary_.emplace_back(value);
      slot = {code + 1, tag};
      return code;
    }
    if (slot.tag == tag && dictionary_[slot.code_plus_one - 1] == value) {
      return slot.code_plus_one - 1;
    }
  }
}

void Column::Grow() {
  std::vector<Slot> slots(std::max<size_t>(16, slots_.size() * 2));
  const size_t mask = slots.size() - 1;
  for (uint32_t code = 0; code < dictionary_.size(); ++code) {
    const uint64_t h = HashText(dictionary_[code]);
    size_t i = h & mask;
    while (slots[i].code_plus_one != 0) i = (i + 1) & mask;
    slots[i] = {code + 1, static_cast<uint32_t>(h >> 32)};
  }
  slots_ = std::move(slots);
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

Table Table::SelectRows(const std::vector<bool>& keep) const {
  Table out(names_);
  size_t kept = 0;
  for (size_t r = 0; r < lines_.size(); ++r) kept += keep[r] ? 1 : 0;
  out.Reserve(kept);
  for (size_t r = 0; r < lines_.size(); ++r) {
    if (keep[r]) out.lines_.push_back(lines_[r]);
  }
  constexpr uint32_t kUnseen = UINT32_MAX;
  std::vector<uint32_t> remap;
  for (size_t c = 0; c < columns_.size(); ++c) {
    const Column& in = columns_[c];
    Column& to = out.columns_[c];
    remap.assign(in.dictionary().size(), kUnseen);
    for (size_t r = 0; r < lines_.size(); ++r) {
      if (!keep[r]) continue;
      uint32_t& code = remap[in.codes()[r]];
      if (code == kUnseen) code = to.Intern(in.dictionary()[in.codes()[r]]);
      to.AppendCode(code);
    }
  }
  return out;
}

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
