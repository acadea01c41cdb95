// Small string helpers shared by every stage.
#ifndef XBORDER_CORE_STRINGS_H_
#define XBORDER_CORE_STRINGS_H_

#include <string_view>

namespace xb {

// `s` without leading and trailing spaces, tabs and carriage returns. One definition for the
// whole pipeline matters: scan, transfer and consent import must see the same identifier, or
// the same person would hash differently in a dataset and in a consent file.
inline std::string_view TrimBlanks(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace xb

#endif  // XBORDER_CORE_STRINGS_H_
