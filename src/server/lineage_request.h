// The identifiers of POST /v1/lineage (DESIGN.md §12; issue 15, lineage question 3): which
// transfers and recipients hold these people's data. Each identifier is hashed as it is read,
// with the installation's one subject hasher (detect/subject_hasher.h) the way `xborder lineage
// --subjects` hashes a file's lines, and is named afterwards only by its position: nothing here
// keeps, logs or echoes an identifier, and no error quotes one.
//
// Body: JSON {"identifiers": ["...", ...]} (application/json), or text with one identifier a
// line (any other type). `line` in the answer is the identifier's line in a text body, or its
// position (from 1) in the JSON list.
//
// Thread-safety: plain functions (the hasher is thread-safe).
#ifndef XBORDER_SERVER_LINEAGE_REQUEST_H_
#define XBORDER_SERVER_LINEAGE_REQUEST_H_

#include <cstddef>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "detect/subject_hasher.h"
#include "registry/lineage.h"

namespace xb::server {

// At most this many identifiers in one request (a lineage question reads every transfer's
// subject set once per request, not once per identifier, but the answer grows with each).
inline constexpr size_t kMaxLineageIdentifiers = 10000;

// Errors: kParse naming "body" (not JSON, no identifiers member, empty) or "identifiers"
// (an element that is not a string; too many), by position only.
Result<std::vector<registry::SubjectQuery>> ReadLineageIdentifiers(std::string_view body,
                                                                   std::string_view content_type,
                                                                   const SubjectHasher& hasher);

}  // namespace xb::server

#endif  // XBORDER_SERVER_LINEAGE_REQUEST_H_
