// Reads the plain-text word lists under data/ (data/text/*, data/dict/*): one entry per line,
// '#' starts a comment line, blank lines are skipped, tab-separated fields where a list has them.
#ifndef XBORDER_DETECT_TEXT_WORD_LIST_H_
#define XBORDER_DETECT_TEXT_WORD_LIST_H_

#include <string>
#include <vector>

#include "core/status.h"

namespace xb::text {

struct WordListLine {
  int line = 0;                     // 1-based line number in the file, for error messages
  std::vector<std::string> fields;  // split on tabs; at least one, none empty
};

// Errors: kNotFound / kIo naming the path; kParse (path, line) for invalid UTF-8 or an empty
// field.
Result<std::vector<WordListLine>> ReadWordList(const std::string& path);

// The first field of every line, and every whitespace-separated word when `split_words`.
Result<std::vector<std::string>> ReadWords(const std::string& path, bool split_words = false);

}  // namespace xb::text

#endif  // XBORDER_DETECT_TEXT_WORD_LIST_H_
