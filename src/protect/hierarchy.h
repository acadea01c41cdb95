// A generalisation hierarchy for one quasi-identifier: each original value (a leaf, level 0) has
// one label per level up to the most general (usually "*"). Labels are dense ids per level, and a
// label at one level has exactly one parent label at every higher level (the hierarchy is a tree),
// which is what lets the search roll classes up from a less general node.
//
// File format (ARX's): one row per original value, fields separated by ';', from level 0 to the
// most general. Blank lines are skipped; a trailing '\r' is ignored; fields are not quoted.
//
// Thread-safety: immutable after construction; share freely.
#ifndef XBORDER_PROTECT_HIERARCHY_H_
#define XBORDER_PROTECT_HIERARCHY_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace xb::protect {

class Hierarchy {
 public:
  // Parses ARX's CSV format. `source` names the file in errors. Errors (kParse, with the line):
  // a row with a different number of levels than the first ("inconsistent heights"), a repeated
  // original value, a label with two different parents, an empty file, more than 2^31 rows.
  // Hierarchy values are categories chosen by the policy author, yet errors still describe them
  // by line and level rather than by content.
  static Result<Hierarchy> ParseCsv(std::string_view text, const std::string& source);

  // Builds from rows (row[0] the original value, row[j] its label at level j). Same errors.
  static Result<Hierarchy> FromRows(const std::vector<std::vector<std::string>>& rows,
                                    const std::string& source);

  int height() const { return static_cast<int>(labels_.size()); }  // number of levels, >= 1
  size_t domain_size() const { return labels_[0].size(); }         // number of original values

  // The leaf id of an original value, or nullopt when the hierarchy does not list it.
  std::optional<uint32_t> FindLeaf(std::string_view value) const;

  size_t label_count(int level) const { return labels_[level].size(); }
  const std::string& label_text(int level, uint32_t label) const { return labels_[level][label]; }
  // The label of leaf `leaf` at `level`.
  uint32_t LabelOf(int level, uint32_t leaf) const { return leaf_label_[level][leaf]; }
  // Parent of `label` (at `from`) at level `to`. REQUIRES: from <= to.
  uint32_t Generalize(int from, int to, uint32_t label) const {
    return from == to ? label : up_[from][label][to - from - 1];
  }
  // Number of original values under `label`.
  uint32_t LeavesUnder(int level, uint32_t label) const { return leaves_under_[level][label]; }

 private:
  Hierarchy() = default;
  std::vector<std::vector<std::string>> labels_;        // [level][label] -> text
  std::vector<std::vector<uint32_t>> leaf_label_;       // [level][leaf] -> label
  std::vector<std::vector<std::vector<uint32_t>>> up_;  // [level][label][d-1] -> label at level+d
  std::vector<std::vector<uint32_t>> leaves_under_;     // [level][label]
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> leaf_index_;
};

}  // namespace xb::protect

#endif  // XBORDER_PROTECT_HIERARCHY_H_
