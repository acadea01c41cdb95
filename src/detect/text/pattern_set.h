// A compiled Vectorscan (Hyperscan) database: every regular expression and every dictionary
// literal the text detector looks for, matched in one pass over the text.
//
// Why Vectorscan for the dictionaries too: the literals (gazetteer names, ethnic groups, religions,
// diagnoses, drugs, context words) number a few thousand; Vectorscan compiles them into the same
// automaton as the identifier patterns (its literal matcher is a SIMD Teddy/FDR scan), so the
// text is read once for everything, and there is no second hand-written trie to maintain.
#ifndef XBORDER_DETECT_TEXT_PATTERN_SET_H_
#define XBORDER_DETECT_TEXT_PATTERN_SET_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

struct hs_database;

namespace xb::text {

struct PatternSpec {
  std::string expression;  // Vectorscan syntax
  unsigned flags = 0;      // HS_FLAG_*
};

// Escapes every byte so `literal` matches itself.
std::string EscapeLiteral(std::string_view literal);

struct RawMatch {
  uint32_t id;    // index into the specs given to Compile()
  uint32_t from;  // byte offsets in the scanned text; `from` is exact only for patterns compiled
  uint32_t to;    // with HS_FLAG_SOM_LEFTMOST (otherwise 0)
};

// Immutable once compiled; Scan() is thread-safe (each thread uses its own scratch space).
// Not copyable: the database is large; share the owner by pointer.
class PatternSet {
 public:
  // Errors name the pattern index and Vectorscan's message.
  static Result<std::unique_ptr<PatternSet>> Compile(const std::vector<PatternSpec>& specs);
  ~PatternSet();
  PatternSet(const PatternSet&) = delete;
  PatternSet& operator=(const PatternSet&) = delete;

  // Appends every match, in order of end offset, to *out. REQUIRES: text.size() < 4 GiB.
  // Errors (then *out is as it was): kResourceExhausted when Vectorscan cannot allocate its
  // scratch space or the matches do not fit in memory; kInternal when Vectorscan fails the scan.
  Status Scan(std::string_view text, std::vector<RawMatch>* out) const;

 private:
  PatternSet(hs_database* db, uint64_t serial) : db_(db), serial_(serial) {}
  hs_database* db_;
  uint64_t serial_;  // unique per compiled set in this process (scratch bookkeeping)
};

}  // namespace xb::text

#endif  // XBORDER_DETECT_TEXT_PATTERN_SET_H_
