#include "detect/text/latin_name_recognizer.h"

#include <algorithm>
#include <string_view>

#include "detect/text/word_list.h"

namespace xb::text {
namespace {

// What a lower-cased word is (WordBitsTable bits).
constexpr uint8_t kGiven = 1;    // data/dict/given_names_latin.txt
constexpr uint8_t kSurname = 2;  // data/dict/surnames_latin.txt
constexpr uint8_t kNonName = 4;  // kNonNameWords
constexpr uint8_t kTitle = 8;    // kTitles
constexpr uint8_t kCue = 16;     // kNameCues

// Lower-cases ASCII letters of s into *out (other bytes unchanged).
void LowerInto(std::string_view s, std::string* out) {
  out->assign(s);
  for (char& c : *out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
}

// Capitalised words that are not names but often stand next to one.
constexpr std::string_view kNonNameWords[] = {
      "the",       "this",      "that",       "these",     "those",      "a",        "an",
      "and",       "or",        "of",         "to",        "in",         "on",       "at",
      "for",       "from",      "with",       "by",        "is",         "was",      "are",
      "be",        "has",       "have",       "it",        "he",         "she",      "we",
      "they",      "i",         "you",        "my",        "our",        "your",     "his",
      "her",       "their",     "please",     "hi",        "hello",      "dear",     "thanks",
      "thank",     "regards",   "best",       "sincerely", "yes",        "no",       "ok",
      "street",    "st",        "road",       "rd",        "avenue",     "ave",      "boulevard",
      "blvd",      "lane",      "ln",         "drive",     "dr",         "way",      "court",
      "place",     "square",    "parkway",    "highway",   "district",   "city",     "county",
      "province",  "state",     "town",       "village",   "north",      "south",    "east",
      "west",      "new",       "china",      "beijing",   "shanghai",   "shenzhen", "guangzhou",
      "hong",      "kong",      "macau",      "taiwan",    "london",     "york",     "monday",
      "tuesday",   "wednesday", "thursday",   "friday",    "saturday",   "sunday",   "january",
      "february",  "march",     "april",      "may",       "june",       "july",     "august",
      "september", "october",   "november",   "december",  "inc",        "ltd",      "llc",
      "co",        "corp",      "company",    "bank",      "university", "college",  "school",
      "hospital",  "clinic",    "center",     "centre",    "group",      "team",     "department",
      "dept",      "hotel",     "airport",    "station",   "park",       "plaza",    "tower",
      "building",  "floor",     "room",       "suite",     "unit",       "apt",      "id",
      "ip",        "email",     "phone",      "mobile",    "card",       "account",  "customer",
      "patient",   "name",      "address",    "date",      "birth",      "order",    "ticket",
      "passport",  "visa",      "mastercard", "union",     "pay",        "service",  "support",
      "manager",   "doctor",    "nurse",      "note",      "notes",      "call",     "called",
      "said",      "says",      "will",       "can",       "not",        "all",      "any",
      "via",       "per",       "ms",         "mr",        "mrs",        "miss",     "prof",
      "sir",       "madam",     "hr",         "it",        "ceo",        "cto",      "vip",
      "api",       "pm",        "am",         "level",     "diabetes",   "cancer",   "christian",
      "muslim",    "buddhist",  "catholic",   "english",   "chinese",    "american", "british",
      "german",    "french",    "japanese",   "korean",    "gmbh",       "ag",       "plc",
      "limited",   "llp",       "bv",         "srl",       "kg"};

constexpr std::string_view kTitles[] = {"mr", "mrs", "ms", "miss", "dr", "prof", "mx"};

// Words just before a name that make it one: labels and greetings.
constexpr std::string_view kNameCues[] = {
    "name",     "customer", "patient", "contact", "dear", "hi", "hello",     "employee",
    "applicant", "by",      "from",    "cc",      "attn", "recipient", "colleague"};

// Whether a token is set directly in Chinese text: a Han character or full-width punctuation
// touches it on one side, and nothing Latin (a letter, or a space before one) on the other.
bool CjkNeighbour(const Document& doc, uint32_t start, uint32_t end) {
  auto cjk = [](char32_t c) {
    return IsHan(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF65);
  };
  auto latin_side = [&](uint32_t k, int dir) {
    for (int step = 0; step < 2; ++step) {
      if ((dir < 0 && k == 0) || (dir > 0 && k >= doc.size())) return false;
      const char32_t c = doc.cps[dir < 0 ? k - 1 : k];
      if (IsAsciiAlnum(c)) return true;
      if (c != ' ') return false;
      k = dir < 0 ? k - 1 : k + 1;
    }
    return false;
  };
  // Full-width punctuation is folded to ASCII before detection: look one step past it.
  auto punct = [](char32_t c) { return c == ',' || c == ':' || c == ';' || c == '!' || c == '?'; };
  const size_t n = doc.size();
  const bool han_before = (start > 0 && cjk(doc.cps[start - 1])) ||
                          (start > 1 && punct(doc.cps[start - 1]) && cjk(doc.cps[start - 2]));
  const bool han_after = (end < n && cjk(doc.cps[end])) ||
                         (end + 1 < n && punct(doc.cps[end]) && cjk(doc.cps[end + 1]));
  return (han_before || han_after) && !latin_side(start, -1) && !latin_side(end, 1);
}

// Letters of Latin names, with the accented ones of Western European spellings (Müller, José,
// François): ASCII plus Latin-1 Supplement and Latin Extended-A letters.
bool IsNameLetter(char32_t c) {
  return IsAsciiAlpha(c) || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}
bool IsNameUpper(char32_t c) { return IsAsciiUpper(c) || (c >= 0xC0 && c <= 0xDE && c != 0xD7); }

struct Token {
  uint32_t start;
  uint32_t end;
  uint8_t bits;  // of the lower-cased token; looked up only when capitalised or asked for
  bool looked_up;
  bool capitalised;
  bool initial;  // "J." — one capital letter followed by a dot
};

}  // namespace

Result<std::unique_ptr<LatinNameRecognizer>> LatinNameRecognizer::Load(
    const std::string& data_dir) {
  std::unique_ptr<LatinNameRecognizer> r(new LatinNameRecognizer());
  XB_ASSIGN_OR_RETURN(std::vector<std::string> given,
                      ReadWords(data_dir + "/dict/given_names_latin.txt"));
  std::string lower;
  for (const std::string& g : given) {
    LowerInto(g, &lower);
    r->words_.Add(lower, kGiven);
  }
  XB_ASSIGN_OR_RETURN(std::vector<std::string> surnames,
                      ReadWords(data_dir + "/dict/surnames_latin.txt"));
  for (const std::string& s : surnames) {
    LowerInto(s, &lower);
    r->words_.Add(lower, kSurname);
  }
  for (std::string_view w : kNonNameWords) r->words_.Add(w, kNonName);
  for (std::string_view w : kTitles) r->words_.Add(w, kTitle);
  for (std::string_view w : kNameCues) r->words_.Add(w, kCue);
  return r;
}

void LatinNameRecognizer::Find(const Document& doc, std::vector<Candidate>* out) const {
  // Reused across calls (per thread), so the steady state allocates nothing.
  thread_local std::vector<Token> tokens;
  thread_local std::string lower;
  tokens.clear();
  const size_t n = doc.size();
  for (size_t i = 0; i < n;) {
    if (!IsNameLetter(doc.cps[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < n && (IsNameLetter(doc.cps[j]) || ((doc.cps[j] == '\'' || doc.cps[j] == '-') &&
                                                  j + 1 < n && IsNameLetter(doc.cps[j + 1])))) {
      ++j;
    }
    // Letters glued to digits (SF123, A座) are codes, not words.
    if ((i > 0 && IsAsciiDigit(doc.cps[i - 1])) || (j < n && IsAsciiDigit(doc.cps[j]))) {
      i = j;
      continue;
    }
    Token t{static_cast<uint32_t>(i), static_cast<uint32_t>(j), 0, false,
            IsNameUpper(doc.cps[i]), false};
    bool all_caps = j - i > 1;
    for (size_t k = i; k < j; ++k) all_caps = all_caps && !IsAsciiLower(doc.cps[k]);
    if (all_caps) t.capitalised = false;  // acronyms: ID, IMEI, HR
    t.initial = j - i == 1 && t.capitalised && j < n && doc.cps[j] == '.';
    if (t.capitalised) {
      LowerInto(doc.Bytes(i, j), &lower);
      t.bits = words_.Get(lower);
      t.looked_up = true;
    }
    tokens.push_back(t);
    i = j;
  }
  // Tokens k and k+1 are neighbours when only one space (or ". " after a title or initial)
  // separates them.
  auto adjacent = [&](size_t k) {
    if (k + 1 >= tokens.size()) return false;
    uint32_t gap_start = tokens[k].end, gap_end = tokens[k + 1].start;
    if (gap_end - gap_start == 1) return doc.cps[gap_start] == ' ';
    return gap_end - gap_start == 2 && doc.cps[gap_start] == '.' && doc.cps[gap_start + 1] == ' ';
  };
  // Lower-case words are classified only when a capitalised word follows (the cue "by John").
  auto bits = [&](size_t k) {
    Token& t = tokens[k];
    if (!t.looked_up) {
      LowerInto(doc.Bytes(t.start, t.end), &lower);
      t.bits = words_.Get(lower);
      t.looked_up = true;
    }
    return t.bits;
  };
  auto name_part = [&](size_t k) {
    return k < tokens.size() && tokens[k].capitalised && !(tokens[k].bits & kNonName) &&
           tokens[k].end - tokens[k].start >= 2;
  };
  for (size_t k = 0; k < tokens.size(); ++k) {
    const Token& t = tokens[k];
    if (!t.capitalised) continue;
    const bool cue = k > 0 && (bits(k - 1) & kCue);
    // Title + name: "Mr. Smith", "Dr. Li Na".
    if ((t.bits & kTitle) && adjacent(k) && name_part(k + 1)) {
      size_t last = k + 1;
      if (adjacent(last) && name_part(last + 1)) ++last;
      out->push_back({EntityType::kPersonName, tokens[k + 1].start, tokens[last].end, 0.88f,
                      Tier::kName, false});
      k = last;
      continue;
    }
    if ((t.bits & kNonName) || t.end - t.start < 2) continue;
    const bool is_given = t.bits & kGiven;
    const bool is_surname = t.bits & kSurname;
    if (!is_given && !is_surname) continue;
    size_t last = k;
    // Middle initial: "John F. Kennedy".
    if (adjacent(last) && tokens[last + 1].initial && adjacent(last + 1) && name_part(last + 2)) {
      last += 2;
    } else if (adjacent(last) && name_part(last + 1)) {
      ++last;
    } else {
      // A known given name alone, set in Chinese text ("Kevin，你把PPT发我"): the way colleagues
      // with English names are addressed in Chinese chats and tickets.
      // Or after a greeting or label cue: "Hi Tom,", "Dear Sarah".
      if (is_given && t.end - t.start >= 3 && (cue || CjkNeighbour(doc, t.start, t.end))) {
        out->push_back({EntityType::kPersonName, t.start, t.end, 0.6f, Tier::kName, false});
      }
      continue;
    }
    const bool other_known = tokens[last].bits & (kGiven | kSurname);
    float score = other_known ? 0.9f : 0.72f;
    if (cue) score = std::min(0.95f, score + 0.1f);
    // A third capitalised part belongs to the name when it is a known surname.
    if (adjacent(last) && name_part(last + 1) && (tokens[last + 1].bits & kSurname)) ++last;
    out->push_back({EntityType::kPersonName, t.start, tokens[last].end, score, Tier::kName, false});
    k = last;
  }
}

}  // namespace xb::text
