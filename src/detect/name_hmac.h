// The keyed hash of a natural person's name: how the registry, the ledger and onward transfers
// record an individual recipient or third party, so that the name can be matched across
// records and never read back (issue #11 review F3). The one place that rule lives.
//
// Thread-safe as SubjectHasher is.
#ifndef XBORDER_DETECT_NAME_HMAC_H_
#define XBORDER_DETECT_NAME_HMAC_H_

#include <string>
#include <string_view>

#include "detect/subject_hasher.h"

namespace xb {

// SubjectHasher::Hash of `name` as written (no identifier type), lowercase hex.
std::string NameHmac(const SubjectHasher& hasher, std::string_view name);

}  // namespace xb

#endif  // XBORDER_DETECT_NAME_HMAC_H_
