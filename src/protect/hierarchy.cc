#include "protect/hierarchy.h"

#include <utility>

namespace xb::protect {
namespace {

std::vector<std::string> SplitSemicolons(std::string_view line) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    size_t end = line.find(';', start);
    if (end == std::string_view::npos) {
      fields.emplace_back(line.substr(start));
      return fields;
    }
    fields.emplace_back(line.substr(start, end - start));
    start = end + 1;
  }
}

}  // namespace

Result<Hierarchy> Hierarchy::ParseCsv(std::string_view text, const std::string& source) {
  std::vector<std::vector<std::string>> rows;
  std::vector<int64_t> lines;
  int64_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (rows.size() >= (1u << 31)) {
      return MakeError(ErrorCode::kResourceExhausted, "hierarchy has too many rows",
                       Location(source, line_no));
    }
    rows.push_back(SplitSemicolons(line));
    lines.push_back(line_no);
  }
  auto result = FromRows(rows, source);
  if (!result.ok()) {
    // FromRows counts rows from 1; translate to file lines (blank lines are skipped).
    Error e = std::move(result).error();
    if (e.where.line > 0 && static_cast<size_t>(e.where.line) <= lines.size()) {
      e.where.line = lines[e.where.line - 1];
    }
    return e;
  }
  return result;
}

Result<Hierarchy> Hierarchy::FromRows(const std::vector<std::vector<std::string>>& rows,
                                      const std::string& source) {
  if (rows.empty()) {
    return ParseError("hierarchy is empty", Location(source));
  }
  const size_t height = rows[0].size();
  Hierarchy h;
  h.labels_.resize(height);
  h.leaf_label_.resize(height);
  std::vector<std::unordered_map<std::string, uint32_t>> label_index(height);
  for (size_t r = 0; r < rows.size(); ++r) {
    const auto& row = rows[r];
    const int64_t line = static_cast<int64_t>(r + 1);
    if (row.size() != height) {
      return ParseError("inconsistent hierarchy heights: row has " + std::to_string(row.size()) +
                            " levels, the first row has " + std::to_string(height),
                        Location(source, line));
    }
    for (size_t level = 0; level < height; ++level) {
      auto [it, inserted] =
          label_index[level].emplace(row[level], static_cast<uint32_t>(h.labels_[level].size()));
      if (inserted) {
        h.labels_[level].push_back(row[level]);
      } else if (level == 0) {
        return ParseError("original value (level 0) listed twice", Location(source, line));
      }
      h.leaf_label_[level].push_back(it->second);
    }
  }
  // Parent maps; reject a label with two different parents (not a tree).
  h.up_.resize(height);
  h.leaves_under_.resize(height);
  for (size_t level = 0; level < height; ++level) {
    const size_t labels = h.labels_[level].size();
    const size_t above = height - level - 1;
    h.up_[level].assign(labels, std::vector<uint32_t>(above, UINT32_MAX));
    h.leaves_under_[level].assign(labels, 0);
    for (size_t leaf = 0; leaf < rows.size(); ++leaf) {
      const uint32_t label = h.leaf_label_[level][leaf];
      ++h.leaves_under_[level][label];
      for (size_t d = 0; d < above; ++d) {
        uint32_t parent = h.leaf_label_[level + d + 1][leaf];
        uint32_t& slot = h.up_[level][label][d];
        if (slot == UINT32_MAX) {
          slot = parent;
        } else if (slot != parent) {
          return ParseError("label at level " + std::to_string(level) +
                                " has two different labels at level " +
                                std::to_string(level + d + 1) + " (the hierarchy must be a tree)",
                            Location(source, static_cast<int64_t>(leaf + 1)));
        }
      }
    }
  }
  h.leaf_index_.reserve(rows.size());
  for (size_t leaf = 0; leaf < rows.size(); ++leaf) {
    h.leaf_index_.emplace(rows[leaf][0], static_cast<uint32_t>(leaf));
  }
  return h;
}

std::optional<uint32_t> Hierarchy::FindLeaf(std::string_view value) const {
  auto it = leaf_index_.find(value);
  if (it == leaf_index_.end()) return std::nullopt;
  return it->second;
}

}  // namespace xb::protect
