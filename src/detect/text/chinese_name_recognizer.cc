#include "detect/text/chinese_name_recognizer.h"

#include <algorithm>
#include <cstdlib>
#include <string_view>
#include <unordered_map>

#include "core/utf8.h"
#include "detect/text/word_list.h"

namespace xb::text {
namespace {

constexpr uint32_t kSurname = 1;
constexpr uint32_t kCommonSurname = 2;
constexpr uint32_t kCompoundFirst = 4;
constexpr uint32_t kGivenCommon = 8;
constexpr uint32_t kGivenPlausible = 16;
constexpr uint32_t kTransliteration = 32;
constexpr uint32_t kStop = 64;
constexpr uint32_t kFormPrefix = 128;  // 小, 老, 阿 (name_forms.tsv prefix / nick)
// Index bits: the character can start (or end) an entry of a word list, so the per-character
// scan looks a list up only where it can match.
constexpr uint32_t kMinorityFirst = 256;
constexpr uint32_t kTitleFirst = 512;
constexpr uint32_t kWordFirst = 1024;       // first character of a non-name word
constexpr uint32_t kCueLast = 2048;         // last character of a "before" cue of 2+ characters
constexpr uint32_t kOneCharCue = 4096;      // a "before" cue on its own (由, 和, 给)
constexpr uint32_t kStrongCueFirst = 8192;  // first character of an "after" cue (2+, >= 0.35)
constexpr uint32_t kLongWordFirst = 16384;  // first character of a non-name word of 4+
constexpr uint32_t kBeforeCueLast = 1u << 15;  // last character of any "before" cue
constexpr uint32_t kAfterCueFirst = 1u << 16;  // first character of any "after" cue
constexpr uint32_t kWordSecond = 1u << 17;     // second character of a non-name word
constexpr uint32_t kCompoundSecond = 1u << 18;  // second character of a compound surname
constexpr uint32_t kWordThird = 1u << 19;       // third character of a non-name word

// The most frequent single-character surnames (the first entries of surnames_zh.txt, which is
// ordered by population) carry a prior; rarer ones need stronger context.
constexpr int kCommonSurnameCount = 200;

// Function words and other characters that never occur in a given name; a candidate whose
// given part contains one is not a name ("张说了", "王在家").
constexpr std::u32string_view kStopChars =
    U"的了在是和与及或我你他她它们这那个不也都就还很吗呢吧啊把被从向对给让说请有没要会能到去来"
    U"上下里外后时年日号元为之以其所而且并但如因于等着过将已曾又再才只更最太非无该些每各某"
    U"此其啦嘛哦呀吃喝看听做住打电话手机身份证地址姓名先女士病患者客户";

// Administrative suffixes: a candidate followed by one is a place name (邵阳市, 黄山区).
constexpr std::u32string_view kPlaceSuffixes = U"市省县区镇乡村";

}  // namespace

Result<std::unique_ptr<ChineseNameRecognizer>> ChineseNameRecognizer::Load(
    const std::string& data_dir) {
  std::unique_ptr<ChineseNameRecognizer> r(new ChineseNameRecognizer());
  r->flags_.assign(0x10000, 0);
  auto set = [&r](char32_t c, uint32_t flag) {
    if (c < r->flags_.size()) r->flags_[c] |= flag;
  };

  XB_ASSIGN_OR_RETURN(std::vector<std::string> surnames,
                      ReadWords(data_dir + "/dict/surnames_zh.txt"));
  int singles = 0;
  for (const std::string& s : surnames) {
    std::u32string u = utf8::DecodeAll(s);
    if (u.size() == 1) {
      set(u[0], kSurname);
      if (singles++ < kCommonSurnameCount) set(u[0], kCommonSurname);
    } else if (u.size() == 2) {
      r->compound_surnames_.Insert(u);
      set(u[0], kCompoundFirst);
      set(u[1], kCompoundSecond);
    }
  }

  const std::string given_path = data_dir + "/text/given_name_chars.txt";
  XB_ASSIGN_OR_RETURN(std::vector<WordListLine> given, ReadWordList(given_path));
  for (const WordListLine& line : given) {
    if (line.fields.size() != 2 || (line.fields[0] != "common" && line.fields[0] != "plausible")) {
      return ParseError("expected common|plausible<TAB>characters",
                        Location(given_path, line.line));
    }
    uint32_t flag = line.fields[0] == "common" ? kGivenCommon : kGivenPlausible;
    for (char32_t c : utf8::DecodeAll(line.fields[1])) set(c, flag);
  }

  XB_ASSIGN_OR_RETURN(std::vector<std::string> translit,
                      ReadWords(data_dir + "/text/transliteration_chars.txt"));
  for (const std::string& line : translit) {
    for (char32_t c : utf8::DecodeAll(line)) set(c, kTransliteration);
  }
  for (char32_t c : kStopChars) {
    if (c < r->flags_.size())
      r->flags_[c] = (r->flags_[c] & ~(kGivenCommon | kGivenPlausible)) | kStop;
  }

  XB_ASSIGN_OR_RETURN(std::vector<std::string> non_names,
                      ReadWords(data_dir + "/text/non_name_words.txt", /*split_words=*/true));
  // Medicines and diagnoses are words a name cannot start inside (舍曲林, 白血病).
  for (const std::string& file :
       {data_dir + "/text/drugs.txt", data_dir + "/dict/health_terms.txt"}) {
    XB_ASSIGN_OR_RETURN(std::vector<std::string> terms, ReadWords(file));
    for (const std::string& t : terms) {
      if (!t.empty() && IsHan(utf8::DecodeAll(t)[0])) non_names.push_back(t);
    }
  }
  for (const std::string& w : non_names) {
    std::u32string u = utf8::DecodeAll(w);
    if (u.empty()) continue;
    set(u[0], kWordFirst);
    if (u.size() >= 2) set(u[1], kWordSecond);
    if (u.size() >= 3) set(u[2], kWordThird);
    if (u.size() >= 4) set(u[0], kLongWordFirst);
    r->non_name_words_.Insert(u);
  }

  const std::string forms_path = data_dir + "/text/name_forms.tsv";
  XB_ASSIGN_OR_RETURN(std::vector<WordListLine> forms, ReadWordList(forms_path));
  std::unordered_map<char32_t, std::vector<Title>> titles;
  for (const WordListLine& line : forms) {
    const std::u32string word =
        line.fields.size() == 2 ? utf8::DecodeAll(line.fields[1]) : std::u32string();
    const std::string kind = line.fields.empty() ? "" : line.fields[0];
    const bool one_char = word.size() == 1;
    if (word.empty() || !(kind == "title" ||
                          (one_char && (kind == "short" || kind == "prefix" || kind == "nick")))) {
      return ParseError("expected title|short|prefix|nick<TAB>word",
                        Location(forms_path, line.line));
    }
    if (kind == "title" || kind == "short") {
      titles[word[0]].push_back({word, kind == "short"});
      set(word[0], kTitleFirst);
    } else {
      (kind == "prefix" ? r->prefixes_ : r->nicks_).push_back(word[0]);
      set(word[0], kFormPrefix);
    }
  }

  r->titles_.Build(titles);

  XB_ASSIGN_OR_RETURN(std::vector<std::string> minority,
                      ReadWords(data_dir + "/text/minority_names.txt", /*split_words=*/true));
  std::unordered_map<char32_t, std::vector<std::u32string>> minority_by_first;
  for (const std::string& w : minority) {
    std::u32string u = utf8::DecodeAll(w);
    if (u.size() >= 2) minority_by_first[u[0]].push_back(u);
    if (u.size() >= 2) set(u[0], kMinorityFirst);
  }
  r->minority_.Build(minority_by_first);

  const std::string cue_path = data_dir + "/text/name_context.tsv";
  XB_ASSIGN_OR_RETURN(std::vector<WordListLine> cues, ReadWordList(cue_path));
  std::unordered_map<char32_t, std::vector<Cue>> before, after;
  for (const WordListLine& line : cues) {
    char* end = nullptr;
    float weight = line.fields.size() == 3 ? std::strtof(line.fields[1].c_str(), &end) : 0;
    if (line.fields.size() != 3 || end == nullptr || *end != '\0' ||
        (line.fields[0] != "before" && line.fields[0] != "after")) {
      return ParseError("expected before|after<TAB>weight<TAB>word", Location(cue_path, line.line));
    }
    std::u32string word = utf8::DecodeAll(line.fields[2]);
    if (line.fields[0] == "before") {
      before[word.back()].push_back({word, weight});
      set(word.back(), kBeforeCueLast);
      if (word.size() >= 2) set(word.back(), kCueLast);
      if (word.size() == 1) set(word[0], kOneCharCue);
    } else {
      after[word.front()].push_back({word, weight});
      set(word.front(), kAfterCueFirst);
      if (word.size() >= 2 && weight >= 0.35f) set(word.front(), kStrongCueFirst);
    }
  }
  r->before_.Build(before);
  r->after_.Build(after);
  r->starts_.assign(0x10000 / 64, 0);
  for (char32_t c = 0; c < 0x10000; ++c) {
    if (r->flags_[c] & (kMinorityFirst | kFormPrefix | kSurname | kCompoundFirst))
      r->starts_[c >> 6] |= uint64_t{1} << (c & 63);
  }
  return r;
}

// Inline: called several times per surname candidate, and the character bits reject nearly
// every call before the table is probed.
inline bool ChineseNameRecognizer::IsNonNameWord(const Document& doc, size_t i,
                                                 size_t length) const {
  if (i + length > doc.size()) return false;
  const uint32_t f = Flags(doc.cps[i]);
  if (!(f & kWordFirst) || (length > 3 && !(f & kLongWordFirst))) return false;
  const char32_t* p = doc.cps.data() + i;
  if (length >= 2 && !Maybe(p[1], kWordSecond)) return false;
  if (length >= 3 && !Maybe(p[2], kWordThird)) return false;
  return non_name_words_.Contains(p, length);
}

float ChineseNameRecognizer::BeforeCue(const Document& doc, size_t i) const {
  if (i == 0) return 0.15f;
  // A cue may be separated from the name by a colon or a space: "收件人：张伟".
  const char32_t prev = doc.cps[i - 1];
  const bool separator = prev == U'：' || prev == ':' || prev == ' ';
  float best = 0;
  // Without a separator the second pass would repeat the first: skipped, same maximum.
  for (size_t end : {i, i - 1}) {
    if (end == 0 || (end != i && !separator)) continue;
    if (!Maybe(doc.cps[end - 1], kBeforeCueLast)) continue;
    for (const Cue& cue : before_.For(doc.cps[end - 1])) {
      const size_t n = cue.word.size();
      if (n > end || cue.weight <= best) continue;
      if (SameCodePoints(cue.word, doc.cps.data() + end - n)) {
        best = cue.weight;
      }
    }
  }
  if (best == 0) {
    if (!IsHan(prev) && !IsAsciiAlpha(prev)) return 0.15f;
    if (IsHan(prev)) return -0.05f;
  }
  return best;
}

float ChineseNameRecognizer::AfterCue(const Document& doc, size_t i, size_t* cue_length) const {
  *cue_length = 0;
  if (i >= doc.size()) return 0.25f;
  float best = 0;
  const std::span<const Cue> cues =
      Maybe(doc.cps[i], kAfterCueFirst) ? after_.For(doc.cps[i]) : std::span<const Cue>();
  for (const Cue& cue : cues) {
    const size_t n = cue.word.size();
    if (i + n > doc.size() || cue.weight < best) continue;
    if (SameCodePoints(cue.word, doc.cps.data() + i)) {
      if (cue.weight > best || n > *cue_length) *cue_length = n;
      best = cue.weight;
    }
  }
  if (best == 0 && !IsHan(doc.cps[i])) return 0.15f;
  // A form of address after a full name (赵刚厂长, 刘洋导演): as strong as the title cues.
  if (best < 0.4f) {
    bool short_title = false;
    const size_t tl = TitleAt(doc, i, &short_title);
    if (tl > 0 && !short_title) {
      *cue_length = tl;
      return 0.4f;
    }
    // 张伟总说 (but not 张伟总是): a one-character title that starts no word.
    if (tl > 0 && best < 0.25f && !IsNonNameWord(doc, i, 2) && !IsNonNameWord(doc, i, 3)) {
      *cue_length = tl;
      return 0.25f;
    }
  }
  // A known word starts here (方面, 路过, 明天): the name ends before it.
  if (best == 0 && (IsNonNameWord(doc, i, 2) || IsNonNameWord(doc, i, 3))) return 0.25f;
  return best;
}

bool ChineseNameRecognizer::PlaceFollows(const Document& doc, size_t i) const {
  if (i >= doc.size() || kPlaceSuffixes.find(doc.cps[i]) == std::u32string_view::npos) {
    return false;
  }
  // 王市长, 李村长 are people; 区别, 村里 … are ordinary words after a name.
  bool short_title = false;
  return TitleAt(doc, i, &short_title) == 0 && !(i + 1 < doc.size() && doc.cps[i + 1] == U'长') &&
         !IsNonNameWord(doc, i, 2);
}

bool ChineseNameRecognizer::SpeakerOrQuoted(const Document& doc, size_t start, size_t end) {
  const size_t n = doc.size();
  if (end >= n) return false;
  const char32_t next = doc.cps[end];
  // A chat-log speaker at the start of a line: "仝卓：好的".
  if ((start == 0 || doc.cps[start - 1] == '\n') && (next == ':' || next == U'：')) return true;
  if (start == 0) return false;
  // A token alone in brackets or quotes: "【那英】明天值班", "[储昭] 已签收".
  constexpr std::u32string_view kOpen = U"【[「“(（《";
  constexpr std::u32string_view kClose = U"】]」”)）》";
  const size_t k = kOpen.find(doc.cps[start - 1]);
  return k != std::u32string_view::npos && kClose[k] == next;
}

bool ChineseNameRecognizer::IsOneCharCue(char32_t c) const {
  return (Flags(c) & kOneCharCue) && IsHan(c);
}

bool ChineseNameRecognizer::EndsBeforeCue(const Document& doc, size_t i) const {
  if (i == 0 || !(Flags(doc.cps[i]) & kCueLast)) return false;
  for (const Cue& cue : before_.For(doc.cps[i])) {
    const size_t n = cue.word.size();
    if (n >= 2 && n <= i + 1 &&
        SameCodePoints(cue.word, doc.cps.data() + i + 1 - n)) {
      return true;
    }
  }
  return false;
}

bool ChineseNameRecognizer::InsideNonNameWord(const Document& doc, size_t i) const {
  // Known words are at most three characters where this matters (值班, 王老吉).
  for (size_t back = 1; back <= 2 && back <= i; ++back) {
    for (size_t len = back + 1; len <= 3; ++len) {
      if (IsNonNameWord(doc, i - back, len)) return true;
    }
  }
  return false;
}

size_t ChineseNameRecognizer::TitleAt(const Document& doc, size_t i, bool* short_title) const {
  if (i >= doc.size() || !(Flags(doc.cps[i]) & kTitleFirst)) return 0;
  size_t best = 0;
  for (const Title& t : titles_.For(doc.cps[i])) {
    const size_t n = t.word.size();
    if (n <= best || i + n > doc.size()) continue;
    if (SameCodePoints(t.word, doc.cps.data() + i)) {
      best = n;
      *short_title = t.short_title;
    }
  }
  return best;
}

float ChineseNameRecognizer::TitleForm(const Document& doc, size_t i, size_t sl, float prior,
                                       float before, size_t* length) const {
  bool short_title = false;
  const size_t tl = TitleAt(doc, i + sl, &short_title);
  if (tl == 0) return -1;
  // The surname character ends a word (值班医生, 语文老师) or surname and title spell one
  // (班主任): no name here.
  if (InsideNonNameWord(doc, i) || IsNonNameWord(doc, i, sl + tl)) return -1;
  // A surname that is also a preposition (向, 于) right after other text is the preposition:
  // 岳峰向经理汇报.
  if ((Flags(doc.cps[i]) & kStop) && i > 0 && IsHan(doc.cps[i - 1])) return -1;
  const size_t end = i + sl + tl;
  if (short_title) {
    // 李总 but not 总是, 工作: a one-character title must not start a word, and needs a common
    // surname.
    if (prior < 0.3f || IsNonNameWord(doc, i + sl, 2) || IsNonNameWord(doc, i + sl, 3)) return -1;
    if (end < doc.size() && (Flags(doc.cps[end]) & (kGivenCommon | kGivenPlausible)) &&
        !(Flags(doc.cps[end]) & kStop)) {
      size_t cue_len = 0;
      if (AfterCue(doc, end, &cue_len) <= 0) return -1;  // 王总监 missed, 李工程 … not a title
    }
  }
  *length = sl + tl;
  // Any text may precede the form (我们组的刘姐): words it could be part of are excluded above.
  return prior + (short_title ? 0.45f : 0.55f) + std::max(before, 0.0f);
}

float ChineseNameRecognizer::PrefixForm(const Document& doc, size_t i, size_t* length) const {
  const size_t n = doc.size();
  if (i + 2 > n || IsNonNameWord(doc, i, 2) || IsNonNameWord(doc, i, 3) ||
      InsideNonNameWord(doc, i)) {
    return -1;
  }
  const char32_t c = doc.cps[i];
  const uint32_t f = Flags(doc.cps[i + 1]);
  size_t len = 0;
  if (prefixes_.find(c) != std::u32string::npos) {
    if (f & kCommonSurname) {
      len = 2;
    } else if ((f & kCompoundFirst) && i + 3 <= n &&
               compound_surnames_.Contains(doc.cps.data() + i + 1, 2)) {
      len = 3;
    }
  }
  if (len == 0 && nicks_.find(c) != std::u32string::npos && (f & kGivenCommon) && !(f & kStop)) {
    len = 2;
  }
  if (len == 0) return -1;
  const size_t end = i + len;
  size_t cue_len = 0;
  float after = AfterCue(doc, end, &cue_len);
  if (after == 0 && end < n) {
    // 小黄车, 阿波罗: the form runs on into a word.
    const uint32_t nf = Flags(doc.cps[end]);
    after = (nf & (kGivenCommon | kGivenPlausible | kSurname)) ? -0.15f : -0.05f;
  }
  *length = len;
  return 0.6f + BeforeCue(doc, i) + after;
}

size_t ChineseNameRecognizer::MinorityNameAt(const Document& doc, size_t i) const {
  if (i >= doc.size() || !(Flags(doc.cps[i]) & kMinorityFirst)) return 0;
  size_t best = 0;
  for (const std::u32string& w : minority_.For(doc.cps[i])) {
    if (w.size() > best && i + w.size() <= doc.size() &&
        SameCodePoints(w, doc.cps.data() + i)) {
      best = w.size();
    }
  }
  return best;
}

size_t ChineseNameRecognizer::FindMinority(const Document& doc, size_t i,
                                           std::vector<Candidate>* out) const {
  const size_t first = MinorityNameAt(doc, i);
  if (first == 0) return i;
  const size_t second = MinorityNameAt(doc, i + first);
  // One name glued to a preceding word needs a cue there; two in a row stand on their own.
  if (second == 0 && i > 0 && IsHan(doc.cps[i - 1]) && BeforeCue(doc, i) <= 0) return i;
  const size_t end = i + first + second;
  size_t cue_len = 0;
  const float after = AfterCue(doc, end, &cue_len);
  float score = 0;
  if (second > 0) {
    score = 0.85f;  // 扎西多吉: two names in a row
  } else {
    // One name alone is a common word often enough (乌云, 哈斯): needs context on both sides.
    score = 0.3f + (first >= 3 ? 0.1f : 0.0f) + BeforeCue(doc, i) + after;
    if (after <= 0 || score < 0.5f) return i;
  }
  out->push_back({EntityType::kPersonName, static_cast<uint32_t>(i), static_cast<uint32_t>(end),
                  std::min(0.9f, score), Tier::kName, false});
  return end;
}

void ChineseNameRecognizer::FindDotted(const Document& doc, size_t dot,
                                       std::vector<Candidate>* out) const {
  // Each part: a run of transliteration characters, at least two on each side of the dot.
  size_t start = dot;
  while (start > 0 && dot - start < 10 && (Flags(doc.cps[start - 1]) & kTransliteration)) {
    --start;
  }
  // A function word may sit inside a transliteration (阿布都热合曼) but not start it (他和…).
  while (start < dot && (Flags(doc.cps[start]) & kStop)) ++start;
  if (dot - start < 2) return;
  size_t end = dot + 1;
  while (true) {
    size_t part = end;
    while (end < doc.size() && end - part < 10 && (Flags(doc.cps[end]) & kTransliteration)) {
      ++end;
    }
    if (end - part < 2) {
      end = part - 1;  // drop a dangling dot
      break;
    }
    if (end + 2 < doc.size() && IsNameDot(doc.cps[end]) &&
        (Flags(doc.cps[end + 1]) & kTransliteration)) {
      ++end;
      continue;
    }
    break;
  }
  if (end <= dot + 2) return;
  out->push_back({EntityType::kPersonName, static_cast<uint32_t>(start), static_cast<uint32_t>(end),
                  0.88f, Tier::kName, false});
}

void ChineseNameRecognizer::Find(const Document& doc, std::vector<Candidate>* out) const {
  const size_t n = doc.size();
  // Dotted names first: their first part may begin with a surname character (古丽娜扎尔·…).
  const size_t first_dotted = out->size();
  for (size_t i = 1; i + 1 < n; ++i) {
    if (doc.cps[i] >= 0xB7 && IsNameDot(doc.cps[i]) && doc.cps[i] != '.' &&
        (out->size() == first_dotted || out->back().end <= i)) {
      FindDotted(doc, i, out);
    }
  }
  const size_t last_dotted = out->size();
  size_t next_dotted = first_dotted;
  size_t skip_until = 0;
  size_t last_name_end = 0;
  for (size_t i = 0; i < n; ++i) {
    const char32_t c = doc.cps[i];
    if (next_dotted < last_dotted && (*out)[next_dotted].start == i) {
      skip_until = (*out)[next_dotted++].end;
    }
    if (i < skip_until) continue;
    // Most characters start nothing: one bit (a table that stays in L1) says so.
    if (c < 0x10000 && !((starts_[c >> 6] >> (c & 63)) & 1)) continue;
    if (Flags(c) & kMinorityFirst) {
      const size_t end = FindMinority(doc, i, out);
      if (end > i) {
        skip_until = end;
        last_name_end = end;
        continue;
      }
    }
    const uint32_t f = Flags(c);
    if (f & kFormPrefix) {
      size_t len = 0;
      const float raw = PrefixForm(doc, i, &len);
      if (raw - 0.25f >= 0.5f) {
        out->push_back({EntityType::kPersonName, static_cast<uint32_t>(i),
                        static_cast<uint32_t>(i + len), std::min(0.95f, raw - 0.25f), Tier::kName,
                        false});
        skip_until = i + len;
        last_name_end = i + len;
        continue;
      }
    }
    if ((f & (kSurname | kCompoundFirst)) == 0) continue;
    // 感谢吴彤, 非常美丽: the character closes a cue or a known word, so starts no name.
    if (EndsBeforeCue(doc, i) || InsideNonNameWord(doc, i)) continue;
    // A one-character cue that is also a rare surname (由, 和) is the cue when a surname
    // follows: 由闵浩负责, 和林峰一起 (but 客户向阳投诉: 向 is a common surname).
    if (i + 1 < n && !(f & kCommonSurname) && IsOneCharCue(c) &&
        (Flags(doc.cps[i + 1]) & kSurname)) {
      continue;
    }

    struct Option {
      size_t surname_len;
      size_t given_len;
      float raw;
    };
    Option best{0, 0, -1};
    const float before = BeforeCue(doc, i);
    for (size_t sl = 1; sl <= 2; ++sl) {
      if (sl == 1 && !(f & kSurname)) continue;
      if (sl == 2 && (i + 1 >= n || !Maybe(c, kCompoundFirst) ||
                      !Maybe(doc.cps[i + 1], kCompoundSecond) ||
                      !compound_surnames_.Contains(doc.cps.data() + i, 2))) {
        continue;
      }
      const float prior = sl == 2 ? 0.45f : (f & kCommonSurname) ? 0.3f : 0.05f;
      // Surname + form of address: 王先生, 欧阳女士, 李总, 张经理. The title is part of the span.
      size_t form_len = 0;
      const float form = TitleForm(doc, i, sl, prior, before, &form_len);
      if (form_len > 0) {
        if (form > best.raw) best = {sl, form_len - sl, form};
        continue;
      }
      if (IsNonNameWord(doc, i, sl + 1) || (sl == 1 && IsNonNameWord(doc, i, 3))) continue;
      float given_score = 0;
      for (size_t gl = 1; gl <= 2 && i + sl + gl <= n; ++gl) {
        const char32_t g = doc.cps[i + sl + gl - 1];
        const uint32_t gf = Flags(g);
        if (!IsHan(g) || (gf & kStop) || kPlaceSuffixes.find(g) != std::u32string_view::npos) {
          break;
        }
        if (gl == 1 && (gf & kStrongCueFirst)) {
          // The given part cannot start with a strong cue word (阳投诉, 王来电): those end the
          // name. Weaker ones (刚出) may start with a given-name character (魏刚出生).
          size_t cue_len = 0;
          const float cue = AfterCue(doc, i + sl, &cue_len);
          if (cue_len >= 2 && cue >= 0.35f) break;
        }
        given_score += (gf & kGivenCommon) ? 0.25f : (gf & kGivenPlausible) ? 0.15f : -0.05f;
        if (gl == 2 && IsNonNameWord(doc, i + sl, 2)) break;
        const size_t end = i + sl + gl;
        if (PlaceFollows(doc, end)) continue;  // 邵阳市, 黄山区: a place, not a person
        // The last given character starts a known word (于本周五, 王明天): the name cannot end
        // inside that word.
        if (end < n && IsNonNameWord(doc, end - 1, 2)) continue;
        size_t cue_len = 0;
        float after = AfterCue(doc, end, &cue_len);
        if (after == 0 && end < n) {
          const uint32_t nf = Flags(doc.cps[end]);
          after = (gl == 1 && (nf & (kGivenCommon | kGivenPlausible))) ? -0.15f : -0.05f;
        }
        float raw = prior + given_score + before + after;
        if (gl == 2) {
          // The second given character starts a cue word or is a title (夏侯杰代签了, 张伟总说):
          // it more likely belongs to the cue than to the name.
          size_t inner_len = 0;
          const float inner = AfterCue(doc, end - 1, &inner_len);
          bool short_title = false;
          if (inner_len >= 2 || TitleAt(doc, end - 1, &short_title) > 0) raw -= inner;
        }
        // Set off on both sides (punctuation, cue words): a standalone token.
        if (before >= 0.15f && after >= 0.15f) raw += 0.1f;
        if (SpeakerOrQuoted(doc, i, end)) raw += 0.15f;
        if (raw > best.raw) best = {sl, gl, raw};
      }
    }
    if (best.raw < 0) continue;
    // Enumerations of people: "严军、袁媛", "张三和李四".
    if (last_name_end > 0 && i == last_name_end + 1) {
      const char32_t link = doc.cps[i - 1];
      if (link == U'、' || link == U'和' || link == U'与' || link == U'及' || link == U'跟') {
        best.raw += 0.2f;
      }
    }
    const float raw = best.raw;
    const size_t end = i + best.surname_len + best.given_len;
    float score = std::min(0.95f, raw - 0.25f);
    if (score < 0.3f) continue;
    out->push_back({EntityType::kPersonName, static_cast<uint32_t>(i), static_cast<uint32_t>(end),
                    score, Tier::kName, false});
    skip_until = end;
    if (score >= 0.5f) last_name_end = end;
  }
}

}  // namespace xb::text
