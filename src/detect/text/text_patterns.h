// The one Vectorscan database of the text detector: identifier shapes (regular expressions) and
// every dictionary (context words, gazetteer names, ethnic groups, religions, health terms,
// drugs, gender words) as literals, each tagged with what its match means.
#ifndef XBORDER_DETECT_TEXT_TEXT_PATTERNS_H_
#define XBORDER_DETECT_TEXT_TEXT_PATTERNS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "detect/text/pattern_set.h"

namespace xb::text {

enum class PatternKind : uint8_t {
  kDigitRun,         // digits with single ' ' / '-' separators, optional '+' and trailing X
  kMaskedDigits,     // 110101********8531, 138****8000
  kLandlineParen,    // (0755) 8888 6666
  kUsPhone,          // (415) 555-2671
  kCnPassport,       // E12345678, EA1234567
  kPassportGeneric,  // letters + digits, reported only next to a passport word
  kHmtPermit,        // H12345678, C12345678 ...
  kPlate,            // 粤B12345
  kUscc,             // 18 alphanumerics
  kEmail,
  kIpv4,
  kIpv6,
  kMac,
  kIban,
  kGps,
  kGpsHemisphere,  // 22.54°N, 114.05°E
  kDate,           // numeric and 年月日 dates (DATE_OF_BIRTH next to a birth word)
  kDateEnglish,    // March 7, 1990 / 7 March 1990
  kUrl,
  kAgeWhole,        // 45岁, 45 years old
  kAgeNumber,       // 年龄：45, aged 45 (the number only)
  kGenderLastChar,  // 性别：男 / ，女， (the 男/女 only)
  kGenderEnglish,   // Gender: Female (the value only)
  kIcd10,           // E11.9, reported only next to a health word
  kEnglishAddress,  // 1600 Amphitheatre Parkway, Mountain View, CA 94043
  kContext,         // payload: ContextClass
  kDictionary,      // payload: EntityType
  kAdmin,           // gazetteer name; payload: 1 province, 2 city, 3 county-level area
};

// How the start of a match is found (see match_starts.h).
enum class StartBy : uint8_t {
  kLiteral,     // to - literal_bytes
  kVectorscan,  // compiled with HS_FLAG_SOM_LEFTMOST: RawMatch::from
  kHand,        // HandStart() (shape_start.h) walks back from the end
  kRescan,      // TextPatterns::rescan, with SOM, over the few bytes around the match
};

struct PatternInfo {
  PatternKind kind;
  uint8_t payload = 0;
  uint16_t literal_bytes = 0;  // > 0 for literals (their match starts at to - literal_bytes)
  bool word_bounded = false;   // an ASCII word: must not touch other ASCII letters or digits
  StartBy start_by = StartBy::kLiteral;
  uint8_t rescan_id = 0;  // kRescan: the expression's id in TextPatterns::rescan
};

struct TextPatterns {
  std::unique_ptr<PatternSet> set;  // everything, one pass per document
  std::vector<PatternInfo> info;    // indexed by match id
  // The kRescan shapes again, with SOM_LEFTMOST. Their expressions are too irregular to walk
  // back by hand, but their matches stay inside short runs of a few byte classes, so scanning
  // that run again costs little and only happens where such a shape matched.
  // One set per expression (a call then runs only that automaton), indexed by rescan id.
  std::vector<std::unique_ptr<PatternSet>> rescan;
  std::vector<PatternKind> rescan_kinds;  // indexed by rescan id
};

// The end of the token a shape match covers: some shapes end with one terminating byte, which is
// not part of the value (see the pattern list). `to` is the match end reported by Vectorscan.
uint32_t TokenEnd(PatternKind kind, std::string_view text, uint32_t to);

// The shape expressions as written, SOM_LEFTMOST included (for tests of the start finders).
std::vector<std::pair<PatternKind, PatternSpec>> ShapeSpecs();

// Loads the word lists under `data_dir` (data/text/*, data/dict/*, data/cn-admin-divisions/*)
// and compiles everything. Errors name the file and line of a bad list, or the pattern.
Result<TextPatterns> BuildTextPatterns(const std::string& data_dir);

}  // namespace xb::text

#endif  // XBORDER_DETECT_TEXT_TEXT_PATTERNS_H_
