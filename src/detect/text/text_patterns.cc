#include "detect/text/text_patterns.h"

#include <hs/hs.h>

#include <string_view>
#include <unordered_set>
#include <utility>

#include "core/atomic_file.h"
#include "detect/entity_type.h"
#include "detect/text/context_index.h"
#include "detect/text/digit_run_shapes.h"
#include "detect/text/hand_shapes.h"
#include "detect/text/shape_start.h"
#include "detect/text/word_list.h"

namespace xb::text {
namespace {

constexpr unsigned kSom = HS_FLAG_SOM_LEFTMOST;

struct Regex {
  PatternKind kind;
  const char* expression;
  unsigned flags;
};

// Shapes over the normalised text (full-width forms already folded to ASCII). Each reports its
// leftmost start: through Vectorscan (kSom), by hand or by rescanning (see StartBy). The
// IsHandMatched() kinds (hand_shapes.h) and IsDigitRunShape() kinds (digit_run_shapes.h) are
// listed for reference and tests only: they are not compiled. The high-volume shapes (digit
// runs, 18-character codes, IBANs, e-mails) end with one byte that cannot continue the token (or
// the end of the text), so Vectorscan reports them once per token instead of once per character;
// TokenEnd() drops that byte. boundaries (not
// inside a longer token), checksums and context are checked by the recognisers, which keeps these
// simple and the scan a single pass.
constexpr Regex kRegexes[] = {
    {PatternKind::kDigitRun, R"(\+?\d(?:[ \-]?\d){6,}(?:[ \-]?[Xx])?(?:[^0-9Xx]|$))", kSom},
    {PatternKind::kMaskedDigits, R"(\d{1,6}(?:[ \-]?\*){3,14}(?:[ \-]?\d){0,4}[ \-]?[\dXx])", kSom},
    {PatternKind::kLandlineParen, R"(\(0\d{2,3}\)[ \-]?\d{3,4}[ \-]?\d{4})", kSom},
    {PatternKind::kUsPhone, R"(\(\d{3}\)[ \-]?\d{3}-\d{4})", kSom},
    {PatternKind::kCnPassport, R"([EeGg]\d{8}|[Ee][A-Za-z]\d{7})", kSom},
    {PatternKind::kPassportGeneric, R"([A-Z]{1,2}\d{6,9})", kSom},
    {PatternKind::kHmtPermit, R"([HhMm]\d{8}(?:\d{2})?|[Cc][0-9A-Za-z]\d{7}|[LlTt]\d{8})", kSom},
    {PatternKind::kPlate,
     "[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Za-z][·•\\- ]?"
     "[0-9A-Za-z]{4,6}[挂学警港澳领试超]?",
     kSom | HS_FLAG_UTF8},
    {PatternKind::kUscc, R"([0-9A-Za-z]{18}(?:[^0-9A-Za-z]|$))", kSom},
    {PatternKind::kEmail,
     R"([A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+(?:[^A-Za-z0-9\-]|$))", kSom},
    {PatternKind::kIpv4, R"(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})", kSom},
    {PatternKind::kIpv6, R"((?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4})", kSom},
    {PatternKind::kMac,
     R"([0-9A-Fa-f]{2}(?:[:\-][0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})",
     kSom},
    {PatternKind::kIban, R"([A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){10,30}(?:[^A-Za-z0-9]|$))", kSom},
    {PatternKind::kGps, R"(-?\d{1,2}\.\d{2,} ?, ?-?\d{1,3}\.\d{2,})", kSom},
    {PatternKind::kGpsHemisphere, "\\d{1,2}\\.\\d{2,}°? ?[NSns][ ,，]*\\d{1,3}\\.\\d{2,}°? ?[EWew]",
     kSom | HS_FLAG_UTF8},
    {PatternKind::kDate,
     "(?:19|20)\\d{2}(?:[\\-/.]\\d{1,2}[\\-/.]\\d{1,2}|年\\d{1,2}月\\d{1,2}日?|\\d{4})|"
     "\\d{1,2}[\\-/.]\\d{1,2}[\\-/.](?:19|20)\\d{2}",
     kSom | HS_FLAG_UTF8},
    {PatternKind::kDateEnglish,
     R"((?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december)\.? \d{1,2}(?:st|nd|rd|th)?,? (?:19|20)\d{2}|\d{1,2}(?:st|nd|rd|th)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december)\.?,? (?:19|20)\d{2})",
     kSom | HS_FLAG_CASELESS},
    {PatternKind::kUrl,
     R"((?:https?|ftp)://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+|www\.[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+(?:/[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*)?)",
     kSom},
    {PatternKind::kAgeWhole, "\\d{1,3} ?(?:周岁|岁)|\\d{1,3}[ \\-]years?[ \\-]old",
     kSom | HS_FLAG_UTF8},
    {PatternKind::kAgeNumber, "(?:年龄|[Aa]ge|[Aa]ged)[:：]? ?\\d{1,3}", kSom | HS_FLAG_UTF8},
    {PatternKind::kGenderLastChar, "性别[:：]? ?[男女]|[，,、] ?[男女] ?[，,、；;。]",
     kSom | HS_FLAG_UTF8},
    {PatternKind::kGenderEnglish, R"((?:gender|sex)[:=]? ?(?:female|male|f|m))",
     kSom | HS_FLAG_CASELESS},
    {PatternKind::kIcd10, R"([A-TV-Z]\d{2}(?:\.\d{1,2})?)", kSom},
    {PatternKind::kEnglishAddress,
     R"(\d{1,5}[A-Za-z]? (?:[A-Z][A-Za-z']+ ){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Court|Ct|Place|Pl|Parkway|Pkwy|Terrace|Highway|Hwy|Square|Sq|Crescent|Close)\.?(?:,? (?:Apt|Apartment|Suite|Ste|Unit|Flat|Room|Rm|Floor|Fl)\.? ?#?[0-9A-Za-z\-]+)?(?:, [A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+){0,2}){0,3}(?:,? [A-Z]{2} \d{5}(?:-\d{4})?)?)",
     kSom},
};

bool IsAsciiWord(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

class Builder {
 public:
  // Shapes whose start is found by hand or by rescanning are compiled without SOM_LEFTMOST in
  // the main set, which makes the whole pass markedly faster.
  void AddRegex(const Regex& r) {
    if (IsHandMatched(r.kind)) return;  // FindHandShapes (hand_shapes.h)
    if (IsDigitRunShape(r.kind)) return;  // FindDigitRunShapes (digit_run_shapes.h)
    PatternInfo info{r.kind, 0, 0, false, StartBy::kVectorscan, 0};
    unsigned flags = r.flags;
    if (HasHandStart(r.kind)) {
      info.start_by = StartBy::kHand;
      flags &= ~kSom;
    } else if (HasRescanStart(r.kind)) {
      info.start_by = StartBy::kRescan;
      info.rescan_id = static_cast<uint8_t>(rescan_specs_.size());
      rescan_specs_.push_back({r.expression, r.flags | kSom});
      rescan_kinds_.push_back(r.kind);
      flags &= ~kSom;
    }
    specs_.push_back({r.expression, flags});
    info_.push_back(info);
  }
  void AddLiteral(PatternKind kind, uint8_t payload, std::string_view literal) {
    if (literal.empty() || literal.size() > 0xFFFF) return;
    const bool ascii = IsAsciiWord(literal);
    std::string key =
        std::string(literal) + '\x01' + static_cast<char>(kind) + static_cast<char>(payload);
    if (!seen_.insert(key).second) return;
    specs_.push_back(
        {EscapeLiteral(literal), ascii ? static_cast<unsigned>(HS_FLAG_CASELESS) : 0u});
    info_.push_back({kind, payload, static_cast<uint16_t>(literal.size()), ascii,
                     StartBy::kLiteral, 0});
  }
  Result<TextPatterns> Compile() {
    XB_ASSIGN_OR_RETURN(std::unique_ptr<PatternSet> set, PatternSet::Compile(specs_));
    std::vector<std::unique_ptr<PatternSet>> rescan;
    for (const PatternSpec& spec : rescan_specs_) {
      XB_ASSIGN_OR_RETURN(std::unique_ptr<PatternSet> one, PatternSet::Compile({spec}));
      rescan.push_back(std::move(one));
    }
    return TextPatterns{std::move(set), std::move(info_), std::move(rescan),
                        std::move(rescan_kinds_)};
  }

 private:
  std::vector<PatternSpec> specs_;
  std::vector<PatternSpec> rescan_specs_;
  std::vector<PatternKind> rescan_kinds_;
  std::vector<PatternInfo> info_;
  std::unordered_set<std::string> seen_;
};

// "code,\"name\",..." → name; the gazetteer files are plain CSV without embedded commas.
std::string_view CsvName(std::string_view line) {
  size_t comma = line.find(',');
  if (comma == std::string_view::npos) return {};
  std::string_view rest = line.substr(comma + 1);
  rest = rest.substr(0, rest.find(','));
  if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"') {
    rest = rest.substr(1, rest.size() - 2);
  }
  return rest;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Common short forms: 广东省 → 广东, 深圳市 → 深圳, 广西壮族自治区 → 广西. County-level
// areas keep their full names (朝阳区, not 朝阳, an ordinary word).
std::string_view ShortForm(std::string_view name) {
  static constexpr std::string_view kSuffixes[] = {
      "壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市"};
  for (std::string_view suffix : kSuffixes) {
    if (EndsWith(name, suffix)) {
      std::string_view stem = name.substr(0, name.size() - suffix.size());
      return stem.size() >= 6 ? stem : std::string_view();  // at least two characters
    }
  }
  return {};
}

Status AddGazetteer(const std::string& dir, uint8_t level, Builder* b) {
  const char* file = level == 1 ? "provinces.csv" : level == 2 ? "cities.csv" : "areas.csv";
  const std::string path = dir + "/" + file;
  XB_ASSIGN_OR_RETURN(std::string contents, ReadFile(path));
  std::string_view rest = contents;
  bool header = true;
  while (!rest.empty()) {
    size_t eol = rest.find('\n');
    std::string_view line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
    if (header) {
      header = false;
      continue;
    }
    std::string_view name = CsvName(line);
    if (name.size() < 6 || name == "市辖区" || name == "县") continue;
    b->AddLiteral(PatternKind::kAdmin, level, name);
    if (level <= 2) {
      std::string_view short_form = ShortForm(name);
      if (!short_form.empty()) b->AddLiteral(PatternKind::kAdmin, level, short_form);
    }
  }
  return Status::Ok();
}

Status AddDictionary(const std::string& path, EntityType type, Builder* b,
                     bool (*keep)(std::string_view) = nullptr) {
  XB_ASSIGN_OR_RETURN(std::vector<std::string> words, ReadWords(path));
  for (const std::string& w : words) {
    if (keep != nullptr && !keep(w)) continue;
    b->AddLiteral(PatternKind::kDictionary, static_cast<uint8_t>(type), w);
  }
  return Status::Ok();
}

// In running text a bare 汉, 回 or "Han" is an ordinary word: only the 族 forms and the
// unambiguous English names mean an ethnic group.
bool KeepEthnicity(std::string_view w) {
  if (EndsWith(w, "族")) return w.size() >= 6;
  static const std::unordered_set<std::string_view> kEnglish = {
      "Uyghur", "Uighur", "Tibetan",     "Zhuang",    "Manchu", "Kazakh",
      "Kyrgyz", "Tujia",  "Han Chinese", "Dongxiang", "Lisu",   "Naxi",
      "Evenki", "Oroqen", "Bouyei",      "Gelao",     "Hezhen"};
  return kEnglish.count(w) > 0;
}

// Very short English religion words collide with names and ordinary words.
bool KeepReligion(std::string_view w) { return w != "Jew" && w != "Jain" && w != "Orthodox"; }

// One- and two-letter English health words (flu, ocd) are kept; the bare 抑郁 (low mood) too.
bool KeepHealth(std::string_view w) { return w.size() >= 3; }

}  // namespace

uint32_t TokenEnd(PatternKind kind, std::string_view text, uint32_t to) {
  if (to == 0) return to;
  const auto c = static_cast<unsigned char>(text[to - 1]);
  const bool alnum = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  switch (kind) {
    case PatternKind::kDigitRun:
      return (c >= '0' && c <= '9') || c == 'X' || c == 'x' ? to : to - 1;
    case PatternKind::kUscc:
    case PatternKind::kIban:
    case PatternKind::kEmail:
      return alnum ? to : to - 1;
    default:
      return to;
  }
}

std::vector<std::pair<PatternKind, PatternSpec>> ShapeSpecs() {
  std::vector<std::pair<PatternKind, PatternSpec>> out;
  for (const Regex& r : kRegexes) out.push_back({r.kind, {r.expression, r.flags}});
  return out;
}

Result<TextPatterns> BuildTextPatterns(const std::string& data_dir) {
  Builder b;
  for (const Regex& r : kRegexes) b.AddRegex(r);

  XB_ASSIGN_OR_RETURN(std::vector<WordListLine> context,
                      ReadWordList(data_dir + "/text/context_words.tsv"));
  for (const WordListLine& line : context) {
    std::optional<ContextClass> cls =
        line.fields.size() == 2 ? ParseContextClass(line.fields[0]) : std::nullopt;
    if (!cls) {
      return ParseError("expected <class>\\t<word> with a known class",
                        Location(data_dir + "/text/context_words.tsv", line.line));
    }
    b.AddLiteral(PatternKind::kContext, static_cast<uint8_t>(*cls), line.fields[1]);
  }
  for (uint8_t level = 1; level <= 3; ++level) {
    XB_RETURN_IF_ERROR(AddGazetteer(data_dir + "/cn-admin-divisions", level, &b));
  }
  XB_RETURN_IF_ERROR(AddDictionary(data_dir + "/dict/ethnic_groups.txt", EntityType::kEthnicity, &b,
                                   KeepEthnicity));
  XB_RETURN_IF_ERROR(
      AddDictionary(data_dir + "/dict/religions.txt", EntityType::kReligion, &b, KeepReligion));
  XB_RETURN_IF_ERROR(
      AddDictionary(data_dir + "/dict/health_terms.txt", EntityType::kHealth, &b, KeepHealth));
  XB_RETURN_IF_ERROR(AddDictionary(data_dir + "/text/drugs.txt", EntityType::kHealth, &b));
  for (std::string_view g : {"男性", "女性", "male", "female"}) {
    b.AddLiteral(PatternKind::kDictionary, static_cast<uint8_t>(EntityType::kGender), g);
  }
  return b.Compile();
}

}  // namespace xb::text
