// What a column header says about the column's content ("phone", "dob", 身份证, 性别 ...).
//
// Headers only help (DESIGN.md §3, issue #2): the classifier uses these hints to confirm
// weakly-shaped values (an 8-digit number under "台胞证号"), to lift a semantic type whose
// values are consistent but not conclusive, and to break ties — never to override what
// validated identifiers say.
#ifndef XBORDER_DETECT_COLUMN_HEADER_H_
#define XBORDER_DETECT_COLUMN_HEADER_H_

#include <bitset>
#include <string_view>

#include "detect/entity_type.h"

namespace xb {

using EntityTypeSet = std::bitset<kEntityTypeCount>;

// The entity types `header` names. ASCII is compared case-insensitively: short keywords
// ("sex", "dob", "age", "ip", "tel") must be whole tokens (split at non-alphanumerics, at
// camelCase boundaries and at script changes), longer ones ("passport", "birth") may occur
// inside a token; Chinese keywords (身份证, 手机, 性别, 民族 ...) match anywhere. Pure,
// thread-safe, no allocation for headers up to 256 bytes (longer ones are cut there).
EntityTypeSet HeaderHints(std::string_view header);

}  // namespace xb

#endif  // XBORDER_DETECT_COLUMN_HEADER_H_
