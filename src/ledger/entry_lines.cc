#include "ledger/entry_lines.h"

#include "ledger/canonical_json.h"

namespace xb::ledger {

Result<std::vector<std::string>> SplitEntryLines(std::string_view text, const std::string& where) {
  std::vector<std::string> lines;
  std::vector<int64_t> line_numbers;
  size_t start = 0;
  int64_t number = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    ++number;
    std::string line(text.substr(start, nl - start));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) {
      lines.push_back(std::move(line));
      line_numbers.push_back(number);
    }
    start = nl + 1;
  }
  if (lines.empty()) return InvalidArgument("no JSON object to append", {where});
  // A pretty-printed single object spans several lines: accept it whole if it parses whole.
  if (lines.size() > 1 && CanonicalizeObject(text).ok()) return std::vector{std::string(text)};
  for (size_t i = 0; i < lines.size(); ++i) {
    auto canonical = CanonicalizeObject(lines[i]);
    if (!canonical.ok()) {
      Error e = std::move(canonical).error();
      e.where = Location(where, line_numbers[i]);
      return e;
    }
  }
  return lines;
}

}  // namespace xb::ledger
