// The text a writer hands the ledger: one JSON object, or JSON Lines of objects (blank lines
// skipped), as `xborder ledger append FILE` and `POST /v1/ledger/entries` take it. One reader
// for both, so both accept and refuse the same text.
//
// Thread-safety: a plain function.
#ifndef XBORDER_LEDGER_ENTRY_LINES_H_
#define XBORDER_LEDGER_ENTRY_LINES_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace xb::ledger {

// The entries of `text`, each a JSON object that canonicalises (canonical_json.h): the whole
// text when it is one object (pretty-printed over several lines or not), otherwise one per
// non-blank line. Errors name `where` and, for JSON Lines, the line: kInvalidArgument for text
// with no object, kParse for a line that is not one (the message never quotes the text).
Result<std::vector<std::string>> SplitEntryLines(std::string_view text, const std::string& where);

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_ENTRY_LINES_H_
