#include "detect/text/word_list.h"

#include <string_view>

#include "core/atomic_file.h"
#include "core/utf8.h"

namespace xb::text {

Result<std::vector<WordListLine>> ReadWordList(const std::string& path) {
  XB_ASSIGN_OR_RETURN(std::string contents, ReadFile(path));
  std::vector<WordListLine> lines;
  std::string_view rest = contents;
  int number = 0;
  while (!rest.empty()) {
    ++number;
    size_t eol = rest.find('\n');
    std::string_view line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    if (!utf8::IsValid(line)) return ParseError("invalid UTF-8", Location(path, number));
    WordListLine parsed;
    parsed.line = number;
    while (true) {
      size_t tab = line.find('\t');
      std::string_view field = line.substr(0, tab);
      if (field.empty()) return ParseError("empty field", Location(path, number));
      parsed.fields.emplace_back(field);
      if (tab == std::string_view::npos) break;
      line.remove_prefix(tab + 1);
    }
    lines.push_back(std::move(parsed));
  }
  return lines;
}

Result<std::vector<std::string>> ReadWords(const std::string& path, bool split_words) {
  XB_ASSIGN_OR_RETURN(std::vector<WordListLine> lines, ReadWordList(path));
  std::vector<std::string> words;
  for (const WordListLine& line : lines) {
    if (!split_words) {
      words.push_back(line.fields[0]);
      continue;
    }
    std::string_view s = line.fields[0];
    while (!s.empty()) {
      size_t start = s.find_first_not_of(' ');
      if (start == std::string_view::npos) break;
      s.remove_prefix(start);
      size_t end = s.find(' ');
      words.emplace_back(s.substr(0, end));
      s = end == std::string_view::npos ? std::string_view() : s.substr(end);
    }
  }
  return words;
}

}  // namespace xb::text
