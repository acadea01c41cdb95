// Where xborder finds what it ships (data/ and rules/) at run time, and where the tests find
// their fixtures. One lookup for every command and module:
//
//   rules:  --rules FLAG, else $XBORDER_RULES, else the source tree's rules/, else ./rules
//   data:   $XBORDER_DATA, else data/ beside the rules directory (a copied installation keeps
//           the two side by side), else the source tree's data/, else ./data
//
// "The source tree" is the checkout the binary was built from, compiled into this one
// translation unit (so no other object file depends on where the checkout lives).
#ifndef XBORDER_CORE_LOCATIONS_H_
#define XBORDER_CORE_LOCATIONS_H_

#include <string>

namespace xb {

// The source tree this binary was built from; tests read fixtures under it.
const std::string& SourceTreeDir();
// The build tree this binary was built in; tests write scratch files under it.
const std::string& BuildTreeDir();

std::string LocateRulesDir(const std::string& flag);
// `rules_dir` may be empty (a module that reads no rule packs).
std::string LocateDataDir(const std::string& rules_dir = "");

}  // namespace xb

#endif  // XBORDER_CORE_LOCATIONS_H_
