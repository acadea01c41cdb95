#include "detect/column_classifier.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "core/locations.h"
#include "core/utf8.h"
#include "detect/admin_regions.h"
#include "detect/cell_shape.h"
#include "detect/column_header.h"
#include "detect/lexicon.h"
#include "detect/validators.h"
#include "detect/word_filter.h"

namespace xb {
namespace {

using T = EntityType;

constexpr size_t Idx(T t) { return static_cast<size_t>(t); }
constexpr uint32_t Bit(T t) { return 1u << static_cast<unsigned>(t); }
static_assert(kEntityTypeCount <= 28, "type masks are 32-bit with 3 vocabulary flags on top");
// Vocabulary flags that are not entity types.
constexpr uint32_t kLatinName = 1u << 28;  // a Latin-script given name or surname
constexpr uint32_t kSurnameZh = 1u << 29;  // a Chinese surname
constexpr uint32_t kPlace = 1u << 30;      // a GB/T 2260 place name

// What one cell holds: at most one type validated from the whole cell (`strong`), and the types
// whose shape it has without proof (`weak`, a bit mask).
struct CellFinding {
  std::optional<T> strong;
  uint32_t weak = 0;
};

// Header hints let a semantic type name a column with this share of dictionary-confirmed
// values (names of rare surnames, foreign names, unusual spellings make 100% unreachable).
constexpr double kSemanticLift = 0.5;

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }

inline std::string_view TrimBlank(std::string_view s) {
  // Fast path: most cells start and end with a visible ASCII byte.
  if (!s.empty() && static_cast<unsigned char>(s.front()) > ' ' &&
      static_cast<unsigned char>(s.front()) < 0x80 && static_cast<unsigned char>(s.back()) > ' ' &&
      static_cast<unsigned char>(s.back()) < 0x80) {
    return s;
  }
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  // Ideographic spaces (U+3000) around a value are blank too.
  while (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xE3 &&
         static_cast<unsigned char>(s[1]) == 0x80 && static_cast<unsigned char>(s[2]) == 0x80) {
    s.remove_prefix(3);
  }
  while (s.size() >= 3 && static_cast<unsigned char>(s[s.size() - 3]) == 0xE3 &&
         static_cast<unsigned char>(s[s.size() - 2]) == 0x80 &&
         static_cast<unsigned char>(s.back()) == 0x80) {
    s.remove_suffix(3);
  }
  return s;
}

// Lead byte of a 3-byte UTF-8 sequence in the CJK Unified Ideographs block U+4E00..U+9FFF.
constexpr bool IsCjkLead(unsigned char c) { return c >= 0xE4 && c <= 0xE9; }

// True when `s` is 2..max_chars CJK ideographs and nothing else.
bool IsCjkWord(std::string_view s, size_t min_chars, size_t max_chars) {
  if (s.size() % 3 != 0 || s.size() < 3 * min_chars || s.size() > 3 * max_chars) return false;
  for (size_t i = 0; i < s.size(); i += 3) {
    if (!IsCjkLead(static_cast<unsigned char>(s[i])) ||
        (static_cast<unsigned char>(s[i + 1]) & 0xC0) != 0x80 ||
        (static_cast<unsigned char>(s[i + 2]) & 0xC0) != 0x80) {
      return false;
    }
  }
  return true;
}

// Characters that end the road/building part and the area part of a PRC address, as the
// 24-bit values of their UTF-8 encodings (one pass over the cell instead of a search each).
constexpr uint32_t Utf8Code(const char (&c)[4]) {
  return (static_cast<uint32_t>(static_cast<unsigned char>(c[0])) << 16) |
         (static_cast<uint32_t>(static_cast<unsigned char>(c[1])) << 8) |
         static_cast<uint32_t>(static_cast<unsigned char>(c[2]));
}
constexpr uint32_t kStreetMarkers[] = {
    Utf8Code("路"), Utf8Code("街"), Utf8Code("道"), Utf8Code("号"), Utf8Code("巷"),
    Utf8Code("弄"), Utf8Code("村"), Utf8Code("镇"), Utf8Code("乡"), Utf8Code("室"),
    Utf8Code("栋"), Utf8Code("楼"), Utf8Code("幢"), Utf8Code("组")};
constexpr uint32_t kAreaMarkers[] = {Utf8Code("省"), Utf8Code("市"), Utf8Code("区"), Utf8Code("县"),
                                     Utf8Code("州"), Utf8Code("旗"), Utf8Code("盟")};

constexpr std::array<bool, 256> MakeMarkerTails() {
  std::array<bool, 256> t{};
  for (uint32_t m : kStreetMarkers) t[m & 0xFF] = true;
  for (uint32_t m : kAreaMarkers) t[m & 0xFF] = true;
  return t;
}
constexpr std::array<bool, 256> kMarkerTails = MakeMarkerTails();

bool LooksLikeCnAddress(std::string_view s, const CellShape& shape) {
  if (s.size() < 15 || s.size() > 600) return false;
  bool street = false;
  bool area = false;
  for (size_t i = 0; i + 3 <= s.size();) {
    const unsigned char lead = static_cast<unsigned char>(s[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    if ((lead & 0xF0) != 0xE0) {  // 2- or 4-byte sequences never hold a marker
      i += (lead & 0xE0) == 0xC0 ? 2 : ((lead & 0xF8) == 0xF0 ? 4 : 1);
      continue;
    }
    if (!kMarkerTails[static_cast<unsigned char>(s[i + 2])]) {
      i += 3;
      continue;
    }
    const uint32_t code = (static_cast<uint32_t>(lead) << 16) |
                          (static_cast<uint32_t>(static_cast<unsigned char>(s[i + 1])) << 8) |
                          static_cast<uint32_t>(static_cast<unsigned char>(s[i + 2]));
    for (uint32_t m : kStreetMarkers) street |= (code == m);
    for (uint32_t m : kAreaMarkers) area |= (code == m);
    i += 3;
  }
  // A street word and either an area word or a house number (88号).
  return street && (area || shape.digits > 0);
}

constexpr uint32_t kCjkBlockSize = 0xA000 - 0x4E00;

// Index of the CJK ideograph that opens `s` within U+4E00..U+9FFF, or kCjkBlockSize when `s`
// does not start with one. REQUIRES: s.size() >= 3.
uint32_t CjkIndex(std::string_view s) {
  const uint32_t cp = ((static_cast<uint32_t>(static_cast<unsigned char>(s[0])) & 0x0F) << 12) |
                      ((static_cast<uint32_t>(static_cast<unsigned char>(s[1])) & 0x3F) << 6) |
                      (static_cast<uint32_t>(static_cast<unsigned char>(s[2])) & 0x3F);
  return (cp >= 0x4E00 && cp < 0xA000) ? cp - 0x4E00 : kCjkBlockSize;
}

bool TestBit(const std::vector<uint64_t>& bits, uint32_t i) {
  return (bits[i / 64] >> (i % 64)) & 1;
}
void SetBit(std::vector<uint64_t>* bits, uint32_t i) { (*bits)[i / 64] |= uint64_t{1} << (i % 64); }

// Value of a run of ASCII digits. REQUIRES: all digits, at most 9.
int DigitsValue(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// GB 11714-1997 organisation code: 8 characters and a check character, weights 3 7 9 10 5 8 4
// 2, check = 11 - sum mod 11 (10 -> 'X', 11 -> '0'). Positions 9-17 of a USCC.
bool IsOrganizationCode(std::string_view s) {
  static constexpr int kWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  if (s.size() != 9) return false;
  int sum = 0;
  for (size_t i = 0; i < 8; ++i) {
    const char c = s[i];
    int v;
    if (c >= '0' && c <= '9') {
      v = c - '0';
    } else if (c >= 'A' && c <= 'Z') {
      v = c - 'A' + 10;
    } else {
      return false;
    }
    sum += v * kWeights[i];
  }
  const int check = 11 - sum % 11;
  const char want = check == 10 ? 'X' : (check == 11 ? '0' : static_cast<char>('0' + check));
  return s[8] == want;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// IsBankCard for a string already known to be 13-19 ASCII digits.
bool IsBankCardDigits(std::string_view s) {
  return CardNetworkOf(s) != CardNetwork::kNone && LuhnValid(s);
}

class ColumnClassifierImpl final : public ColumnClassifier {
 public:
  ColumnClassifierImpl(const ClassifierOptions& options, std::unique_ptr<Lexicon> lexicon,
                       std::unique_ptr<AdminRegions> regions, Dictionary vocabulary,
                       std::vector<uint32_t> vocab_bits)
      : options_(options),
        today_(options.today ? *options.today : CivilDate::TodayInChina()),
        lexicon_(std::move(lexicon)),
        regions_(std::move(regions)),
        vocabulary_(std::move(vocabulary)),
        vocab_bits_(std::move(vocab_bits)) {
    for (std::string_view word : vocabulary_.Entries()) vocabulary_filter_.Add(word);
  }

  void AddCell(std::string_view cell, ColumnStats* stats) const override;
  ColumnVerdict Decide(std::string_view header, const ColumnStats& stats) const override;
  std::optional<std::string> CanonicalIdentifier(EntityType type,
                                                 std::string_view cell) const override;
  std::optional<CivilDate> BirthDateFromResidentId(std::string_view cell) const override;
  size_t max_samples() const override { return options_.max_samples; }

 private:
  CellFinding Classify(std::string_view s, const CellShape& shape, int depth) const;
  CellFinding DigitsOnly(std::string_view s) const;
  CellFinding Alphanumeric(std::string_view s, const CellShape& shape) const;
  CellFinding Words(std::string_view s, const CellShape& shape) const;
  CellFinding NonAscii(std::string_view s, const CellShape& shape, int depth) const;
  bool IsLatinName(std::string_view s) const;
  // `bits`: VocabBits(s), already looked up by the caller.
  bool IsChineseName(std::string_view s, uint32_t bits) const;
  // Validated identifiers inside a longer cell: a bit per type found.
  uint32_t ScanEmbedded(std::string_view s, const CellShape& shape) const;
  void Count(T type, std::string_view value, ColumnStats* stats) const;
  // True when `cell` is certainly of `guess` by the rules of Classify(); false means "use the
  // full path", never "not of this type".
  bool FastPath(T guess, std::string_view cell) const;

  // What `word` is in the vocabulary: entity bits plus kSurnameZh / kPlace / kLatinName.
  uint32_t VocabBits(std::string_view word) const {
    if (!vocabulary_filter_.MayContain(word)) return 0;
    const int64_t i = vocabulary_.IndexOf(word);
    return i < 0 ? 0 : vocab_bits_[static_cast<size_t>(i)];
  }

  ClassifierOptions options_;
  CivilDate today_;
  std::unique_ptr<Lexicon> lexicon_;
  std::unique_ptr<AdminRegions> regions_;
  // Every dictionary word in one table, so a cell costs one lookup, not one per dictionary.
  Dictionary vocabulary_;
  std::vector<uint32_t> vocab_bits_;
  WordFilter vocabulary_filter_;  // rejects most non-words before the table is touched

 public:
  // Bitmaps over the CJK Unified Ideographs block (filled by Create()): single-character
  // surnames, and first characters of compound ones — one bit test instead of a hash look-up.
  std::vector<uint64_t> surname_chars_ = std::vector<uint64_t>(kCjkBlockSize / 64 + 1);
  std::vector<uint64_t> compound_first_chars_ = std::vector<uint64_t>(kCjkBlockSize / 64 + 1);
};

// ------------------------------------------------------------------ per cell

void ColumnClassifierImpl::Count(T type, std::string_view value, ColumnStats* stats) const {
  ++stats->matches[Idx(type)];
  if (type == T::kCnResidentId && value.size() >= 6) {
    const std::string_view region = value.substr(0, 6);
    bool digits = true;
    for (char c : region) digits &= IsDigit(c);
    // Full-width IDs (rare) are not looked up; they count as known.
    if (digits && !regions_->IsKnownRegion(DigitsValue(region))) {
      ++stats->resident_ids_unknown_region;
    }
  }
  if (stats->masked_samples.size() < options_.max_samples) {
    stats->masked_samples.push_back(MaskedSample(type, value));
  }
}

void ColumnClassifierImpl::AddCell(std::string_view cell, ColumnStats* stats) const {
  ++stats->cells;
  cell = TrimBlank(cell);
  if (cell.empty()) return;
  ++stats->non_empty;
  // Columns hold one kind of value: try the last one first. Each guess accepts exactly the
  // cells the full path below would give the same type (same validator, same priority).
  if (stats->last_strong >= 0 && FastPath(static_cast<T>(stats->last_strong), cell)) {
    Count(static_cast<T>(stats->last_strong), cell, stats);
    return;
  }
  const CellShape shape = ComputeShape(cell);
  const CellFinding found = Classify(cell, shape, 0);
  if (found.strong) {
    Count(*found.strong, cell, stats);
    stats->last_strong = static_cast<int8_t>(*found.strong);
    return;
  }
  for (uint32_t w = found.weak; w != 0; w &= w - 1) {
    ++stats->weak[static_cast<size_t>(__builtin_ctz(w))];
  }
  // A longer cell may still carry identifiers (a remark with a phone number in it).
  // Cells made only of digits and number punctuation were judged whole above.
  // Tokens without spaces or non-ASCII text (hashes, UUIDs, codes) are not prose.
  constexpr uint16_t kTextual = kShHigh | kShSpace | kShOther | kShComma | kShColon;
  if (cell.size() > 11 && (shape.classes & kTextual) &&
      (shape.digits >= 11 || (shape.classes & kShAt))) {
    for (uint32_t m = ScanEmbedded(cell, shape); m != 0; m &= m - 1) {
      const T t = static_cast<T>(__builtin_ctz(m));
      ++stats->matches[Idx(t)];
    }
  }
}

bool ColumnClassifierImpl::FastPath(T guess, std::string_view s) const {
  auto all_digits = [](std::string_view d) {
    for (char c : d) {
      if (!IsDigit(c)) return false;
    }
    return true;
  };
  switch (guess) {
    case T::kCnResidentId:
      // 18 ASCII characters: Classify tries the resident ID before anything else.
      return s.size() == 18 && IsCnResidentId(s, today_);
    case T::kCnMobile:
      return s.size() == 11 && s[0] == '1' && s[1] >= '3' && all_digits(s);
    case T::kBankCard:
      // Lengths where no other type is tried first (13: mobiles, 15: IMEI, 18: IDs).
      return (s.size() == 14 || s.size() == 16 || s.size() == 17 || s.size() == 19) &&
             all_digits(s) && IsBankCardDigits(s);
    case T::kEmailAddress:
      return IsEmailAddress(s);  // ASCII only, and an '@' sends Classify to the same test
    case T::kPersonName: {
      if (!IsCjkWord(s, 2, 4)) return false;
      const uint32_t bits = VocabBits(s);
      // Dictionary words (gender, ethnic group ...) take precedence over names.
      constexpr uint32_t kBefore =
          Bit(T::kGender) | Bit(T::kEthnicity) | Bit(T::kReligion) | Bit(T::kHealth);
      return (bits & kBefore) == 0 && IsChineseName(s, bits);
    }
    default:
      return false;
  }
}

CellFinding ColumnClassifierImpl::Classify(std::string_view s, const CellShape& shape,
                                           int depth) const {
  const uint16_t c = shape.classes;
  if (c == kShDigit) return DigitsOnly(s);
  if ((c & ~kShAlnum) == 0) return Alphanumeric(s, shape);
  if (c & kShHigh) return NonAscii(s, shape, depth);
  CellFinding f;
  if (c & kShAt) {
    if (IsEmailAddress(s)) f.strong = T::kEmailAddress;
    return f;
  }
  if ((c & kShLetter) && (s[0] == 'h' || s[0] == 'w') &&
      (StartsWith(s, "http://") || StartsWith(s, "https://") || StartsWith(s, "www."))) {
    if (s.size() > 8 && s.find(' ') == std::string_view::npos) f.strong = T::kUrl;
    return f;
  }
  if (c & kShColon) {
    if (IsMacAddress(s)) {
      f.strong = T::kMacAddress;
    } else if ((c & ~(kShAlnum | kShColon | kShDot)) == 0 && IsIpv6Address(s)) {
      f.strong = T::kIpAddress;
    }
    return f;
  }
  if ((c & kShLetter) &&
      (c & ~(kShLetter | kShSpace | kShDash | kShApos | kShDot | kShComma)) == 0) {
    if (shape.digits == 0) return Words(s, shape);
  }
  // Numbers with punctuation: phones, cards, IMEI, IPv4, dates, coordinates, ICD-10 codes.
  if (c & kShLetter) {
    if ((c & ~(kShAlnum | kShDot)) == 0 && IsIcd10Code(s, /*require_dot=*/true)) {
      f.strong = T::kHealth;
    } else if ((c & ~(kShAlnum | kShSpace)) == 0 && s.size() >= 18 && IsIban(s)) {
      f.strong = T::kIban;
    } else if ((c & ~(kShAlnum | kShDash | kShDot)) == 0 && IsMacAddress(s)) {
      f.strong = T::kMacAddress;
    }
    return f;
  }
  if (shape.digits < 4) return f;
  if ((c & ~(kShDigit | kShDot)) == 0) {
    if (IsIpv4Address(s)) {
      f.strong = T::kIpAddress;
      return f;
    }
  }
  if ((c & ~(kShDigit | kShDash | kShSpace | kShPlus | kShParen | kShDot)) == 0 &&
      shape.digits >= 9) {
    if (IsCnMobile(s)) {
      f.strong = T::kCnMobile;
      return f;
    }
    if (IsPhoneNumber(s)) {
      f.strong = T::kPhoneNumber;
      return f;
    }
    if ((c & ~(kShDigit | kShDash | kShSpace)) == 0) {
      if (shape.digits >= 13 && IsBankCard(s)) {
        f.strong = T::kBankCard;
        return f;
      }
      if (shape.digits == 15 && IsImei(s)) {
        f.strong = T::kImei;
        return f;
      }
    }
  }
  if ((c & ~(kShDigit | kShDot | kShComma | kShSpace | kShDash | kShPlus)) == 0 && (c & kShDot) &&
      IsGpsCoordinate(s)) {
    f.strong = T::kGpsCoordinate;
    return f;
  }
  if ((c & ~(kShDigit | kShDash | kShSlash | kShDot)) == 0 && s.size() <= 10 &&
      ParseDateOfBirth(s, today_)) {
    f.weak |= Bit(T::kDateOfBirth);
  }
  return f;
}

CellFinding ColumnClassifierImpl::DigitsOnly(std::string_view s) const {
  CellFinding f;
  const size_t n = s.size();
  switch (n) {
    case 18:
      if (IsCnResidentId(s, today_)) {
        f.strong = T::kCnResidentId;
      } else if (IsBankCardDigits(s)) {
        f.strong = T::kBankCard;
      } else if (IsCnUscc(s) && regions_->IsKnownRegion(DigitsValue(s.substr(2, 6))) &&
                 IsOrganizationCode(s.substr(8, 9))) {
        // An all-digit string passes the USCC check character 1 time in 31: random order
        // numbers would. Demand also a real region code and a valid organisation code.
        f.strong = T::kCnUscc;
      } else {
        f.weak |= Bit(T::kFinancialAccount);
      }
      return f;
    case 11:
      if (s[0] == '1') {
        if (s[1] >= '3') f.strong = T::kCnMobile;  // all digits: 1[3-9] + 9 digits
      } else if (s[0] == '0' && IsPhoneNumber(s)) {
        f.strong = T::kPhoneNumber;
      }
      if (!f.strong) f.weak |= Bit(T::kFinancialAccount);
      return f;
    case 10:
    case 12:
      if (s[0] == '0' && IsPhoneNumber(s)) {
        f.strong = T::kPhoneNumber;
      } else {
        f.weak |= Bit(T::kFinancialAccount);
      }
      return f;
    case 13:
      if (IsCnMobile(s)) {
        f.strong = T::kCnMobile;
      } else if (IsBankCardDigits(s)) {
        f.strong = T::kBankCard;
      } else {
        f.weak |= Bit(T::kFinancialAccount);
      }
      return f;
    case 15:
      if (IsCnMobile(s)) {
        f.strong = T::kCnMobile;
      } else if (IsImei(s)) {
        f.strong = T::kImei;
      } else if (IsBankCardDigits(s)) {
        f.strong = T::kBankCard;
      } else if (auto id = ValidateCnResidentId(s, today_, /*allow_legacy=*/true);
                 id && regions_->IsKnownRegion(id->region_code)) {
        // Legacy IDs have no check character: demand a known region so that random 15-digit
        // numbers do not pass.
        f.strong = T::kCnResidentId;
      } else {
        f.weak |= Bit(T::kFinancialAccount);
      }
      return f;
    case 14:
    case 16:
    case 17:
    case 19:
      if (IsBankCardDigits(s)) {
        f.strong = T::kBankCard;
      } else {
        f.weak |= Bit(T::kFinancialAccount);
      }
      return f;
    case 8:
      if (ParseDateOfBirth(s, today_)) f.weak |= Bit(T::kDateOfBirth);
      f.weak |= Bit(T::kCnHmtPermit) | Bit(T::kPassport);
      return f;
    case 9:
      f.weak |= Bit(T::kPassport) | Bit(T::kFinancialAccount);
      return f;
    case 1:
    case 2:
    case 3: {
      int v = 0;
      for (char ch : s) v = v * 10 + (ch - '0');
      if (v <= 120) f.weak |= Bit(T::kAge);
      // GB/T 2261.1 sex codes: 0 unknown, 1 male, 2 female, 9 unstated.
      if (n == 1 && (v == 0 || v == 1 || v == 2 || v == 9)) f.weak |= Bit(T::kGender);
      return f;
    }
    default:
      if (n >= 20 && n <= 30) f.weak |= Bit(T::kFinancialAccount);
      return f;
  }
}

CellFinding ColumnClassifierImpl::Alphanumeric(std::string_view s, const CellShape& shape) const {
  CellFinding f;
  if (shape.digits == 0) return Words(s, shape);
  const size_t n = s.size();
  if (n == 18) {
    if (shape.digits == 17 && (s[17] == 'X' || s[17] == 'x') && IsCnResidentId(s, today_)) {
      f.strong = T::kCnResidentId;
    } else if (IsCnUscc(s)) {
      f.strong = T::kCnUscc;
    }
    return f;
  }
  if (n == 9 || n == 11) {
    if (IsCnPassport(s)) {
      f.strong = T::kCnPassport;
      return f;
    }
    if (IsCnHmtPermit(s)) {
      f.strong = T::kCnHmtPermit;
      return f;
    }
  }
  if (n >= 15 && n <= 34 && IsIban(s)) {
    f.strong = T::kIban;
    return f;
  }
  if (n == 3 && IsIcd10Code(s)) {
    f.weak |= Bit(T::kHealth);
    return f;
  }
  if (n >= 6 && n <= 9 && shape.digits >= 5) f.weak |= Bit(T::kPassport);
  // Long hex or base64-like blobs: templates, hashes. Biometric only if the header says so.
  if (n >= 64) f.weak |= Bit(T::kBiometric);
  return f;
}

CellFinding ColumnClassifierImpl::Words(std::string_view s, const CellShape& shape) const {
  CellFinding f;
  if (s.size() > Dictionary::kMaxEntryBytes) return f;
  const uint32_t bits = VocabBits(s);
  if (bits & Bit(T::kGender)) {
    f.strong = T::kGender;
  } else if (bits & Bit(T::kReligion)) {
    f.strong = T::kReligion;
  } else if (bits & Bit(T::kHealth)) {
    f.strong = T::kHealth;
  } else if (bits & Bit(T::kEthnicity)) {
    f.strong = T::kEthnicity;
  } else if ((shape.classes & (kShSpace | kShComma)) && IsLatinName(s)) {
    f.strong = T::kPersonName;
  }
  return f;
}

bool ColumnClassifierImpl::IsLatinName(std::string_view s) const {
  // 2-4 words of letters (and ' - .), at least one a known given name or surname.
  size_t words = 0;
  bool known = false;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',')) ++i;
    const size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != ',') ++i;
    if (i == start) break;
    std::string_view w = s.substr(start, i - start);
    if (w.back() == '.') w.remove_suffix(1);
    if (w.empty() || w.size() > 24) return false;
    if (++words > 4) return false;
    if (!known && (VocabBits(w) & kLatinName)) known = true;
  }
  return words >= 2 && known;
}

bool ColumnClassifierImpl::IsChineseName(std::string_view s, uint32_t bits) const {
  if (IsCjkWord(s, 2, 4)) {
    if (bits & kPlace) return false;
    // 2-3 characters after a single-character surname (张伟, 李小龙), 3-4 after a compound one
    // (欧阳娜娜). Four characters after a single surname are mostly phrases (金卡会员).
    const uint32_t first = CjkIndex(s);
    return (s.size() <= 9 && TestBit(surname_chars_, first)) ||
           (s.size() >= 9 && TestBit(compound_first_chars_, first) &&
            (VocabBits(s.substr(0, 6)) & kSurnameZh));
  }
  // Minority names are often written with a middle dot: 阿依古丽·买买提.
  const size_t dot = s.find("\xC2\xB7");
  return dot != std::string_view::npos && dot > 0 && IsCjkWord(s.substr(0, dot), 1, 8) &&
         IsCjkWord(s.substr(dot + 2), 1, 8);
}

CellFinding ColumnClassifierImpl::NonAscii(std::string_view s, const CellShape& shape,
                                           int depth) const {
  CellFinding f;
  // Full-width digits and letters (１３８…) come from Chinese input methods: fold and retry.
  if (depth == 0 && s.size() <= 3 * 64) {
    char buf[64];
    const int n = FoldFullWidthToAscii(s, buf, sizeof(buf));
    if (n > 0) {
      const std::string_view view(buf, static_cast<size_t>(n));
      return Classify(view, ComputeShape(view), depth + 1);
    }
  }
  if (s.size() >= 9 && s.size() <= 15 && (shape.classes & kShUpper) && IsCnLicensePlate(s)) {
    f.strong = T::kCnLicensePlate;
    return f;
  }
  if (shape.digits >= 6 && s.size() <= 20 && s.find("年") != std::string_view::npos) {
    if (ParseDateOfBirth(s, today_)) f.weak |= Bit(T::kDateOfBirth);
    return f;
  }
  if (s.size() <= Dictionary::kMaxEntryBytes) {
    const uint32_t bits = VocabBits(s);
    if (bits & Bit(T::kGender)) {
      f.strong = T::kGender;
    } else if (bits & Bit(T::kEthnicity)) {
      f.strong = T::kEthnicity;
    } else if (bits & Bit(T::kReligion)) {
      f.strong = T::kReligion;
    } else if (bits & Bit(T::kHealth)) {
      f.strong = T::kHealth;
    } else if (shape.classes == kShHigh && IsChineseName(s, bits)) {
      f.strong = T::kPersonName;
    } else if ((shape.classes & kShLetter) && (shape.classes & (kShSpace | kShComma)) &&
               shape.digits == 0 && IsLatinName(s)) {
      f.strong = T::kPersonName;  // Latin names with diacritics: Anna Müller
    }
    if (f.strong) return f;
  }
  if (LooksLikeCnAddress(s, shape)) f.strong = T::kAddress;
  return f;
}

uint32_t ColumnClassifierImpl::ScanEmbedded(std::string_view s, const CellShape& shape) const {
  uint32_t found = 0;
  // Bounded work: identifiers in the first 64 KiB of a cell are enough for column statistics.
  if (s.size() > 65536) s = s.substr(0, 65536);
  if (shape.digits >= 11) {
    size_t i = 0;
    while (i < s.size()) {
      if (!IsDigit(s[i])) {
        ++i;
        continue;
      }
      const size_t start = i;
      while (i < s.size() && IsDigit(s[i])) ++i;
      size_t len = i - start;
      // A letter glued to the run means a code, not a number (order no. A1380013800).
      const bool glued_before =
          start > 0 && ((s[start - 1] | 0x20) >= 'a' && (s[start - 1] | 0x20) <= 'z');
      if (len == 17 && i < s.size() && (s[i] == 'X' || s[i] == 'x')) {
        ++len;
        ++i;
      }
      if (glued_before || (i < s.size() && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))) {
        continue;
      }
      const std::string_view run = s.substr(start, len);
      if (len == 18 && IsCnResidentId(run, today_)) {
        found |= Bit(T::kCnResidentId);
      } else if (len == 11 && IsCnMobile(run)) {
        found |= Bit(T::kCnMobile);
      } else if (len >= 13 && len <= 19 && IsBankCardDigits(run)) {
        found |= Bit(T::kBankCard);
      }
    }
  }
  if (shape.classes & kShAt) {
    for (size_t at = s.find('@'); at != std::string_view::npos; at = s.find('@', at + 1)) {
      auto email_char = [](char ch) {
        return IsDigit(ch) || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') || ch == '.' ||
               ch == '_' || ch == '%' || ch == '+' || ch == '-';
      };
      size_t b = at;
      while (b > 0 && at - b < 64 && email_char(s[b - 1])) --b;
      size_t e = at + 1;
      while (e < s.size() && e - at < 254 && email_char(s[e])) ++e;
      std::string_view candidate = s.substr(b, e - b);
      while (!candidate.empty() && candidate.back() == '.') candidate.remove_suffix(1);
      if (IsEmailAddress(candidate)) {
        found |= Bit(T::kEmailAddress);
        break;
      }
    }
  }
  return found;
}

// ------------------------------------------------------------------ per column

ColumnVerdict ColumnClassifierImpl::Decide(std::string_view header,
                                           const ColumnStats& stats) const {
  ColumnVerdict v;
  const EntityTypeSet hints = HeaderHints(header);
  std::array<uint64_t, kEntityTypeCount> counts = stats.matches;
  // Weak shapes count only for the types the header names.
  for (size_t t = 0; t < kEntityTypeCount; ++t) {
    if (hints.test(t)) counts[t] += stats.weak[t];
  }
  for (size_t t = 0; t < kEntityTypeCount; ++t) {
    if (counts[t] > 0) v.types.emplace_back(static_cast<T>(t), counts[t]);
  }
  // Most matches first; ties: a type the header names, then vocabulary order (identifiers
  // before semantic types).
  std::stable_sort(v.types.begin(), v.types.end(), [&](const auto& a, const auto& b) {
    if (a.second != b.second) return a.second > b.second;
    return hints.test(Idx(a.first)) && !hints.test(Idx(b.first));
  });
  if (stats.non_empty == 0 || v.types.empty()) return v;
  const double n = static_cast<double>(stats.non_empty);
  // `certainty` discounts verdicts that needed the header.
  auto choose = [&](T t, uint64_t count, double certainty) {
    v.type = t;
    v.matches = count;
    v.ratio = static_cast<double>(count) / n;
    double confidence = std::min(1.0, v.ratio) * certainty;
    if (t == T::kCnResidentId && stats.matches[Idx(t)] > 0) {
      // Unknown region codes are plausible (merged counties) but less sure: halve their weight.
      confidence *= 1.0 - 0.5 * static_cast<double>(stats.resident_ids_unknown_region) /
                              static_cast<double>(stats.matches[Idx(t)]);
    }
    v.confidence = confidence;
  };
  auto certainty_of = [&](T t) { return counts[Idx(t)] > stats.matches[Idx(t)] ? 0.9 : 1.0; };
  // 1. Validated values decide. v.types[0] is the most frequent (header breaks ties).
  const auto [top, top_count] = v.types[0];
  if (static_cast<double>(top_count) >= options_.dominance * n) {
    choose(top, top_count, certainty_of(top));
    return v;
  }
  // 2. Phone columns mix mobiles and landlines: together they may dominate.
  const uint64_t phones = counts[Idx(T::kCnMobile)] + counts[Idx(T::kPhoneNumber)];
  if (static_cast<double>(phones) >= options_.dominance * n) {
    const T t =
        counts[Idx(T::kCnMobile)] >= counts[Idx(T::kPhoneNumber)] ? T::kCnMobile : T::kPhoneNumber;
    // Confidence reflects all phones, not only the larger kind.
    choose(
        t, counts[Idx(t)],
        static_cast<double>(phones) / static_cast<double>(std::max<uint64_t>(1, counts[Idx(t)])));
    return v;
  }
  // 3. A header may lift a semantic type whose values are consistent but not conclusive —
  // unless validated identifiers make up a real share of the column.
  uint64_t identifiers = 0;
  for (T t : {T::kCnResidentId, T::kCnMobile, T::kBankCard, T::kCnPassport, T::kCnUscc,
              T::kEmailAddress, T::kImei, T::kIban}) {
    identifiers += stats.matches[Idx(t)];
  }
  if (static_cast<double>(identifiers) >= (1.0 - options_.dominance) * n) return v;
  for (T t : {T::kPersonName, T::kGender, T::kEthnicity, T::kReligion, T::kHealth, T::kAddress}) {
    if (hints.test(Idx(t)) && static_cast<double>(counts[Idx(t)]) >= kSemanticLift * n) {
      choose(t, counts[Idx(t)], 0.8);
      return v;
    }
  }
  return v;
}

// ------------------------------------------------------------------ identifiers

std::optional<std::string> ColumnClassifierImpl::CanonicalIdentifier(EntityType type,
                                                                     std::string_view cell) const {
  cell = TrimBlank(cell);
  // Validators accept full-width digits (１３８…); canonical forms are ASCII.
  std::string folded;
  if (utf8::HasNonAscii(cell)) {
    folded = utf8::FoldFullWidth(cell);
    cell = TrimBlank(folded);
  }
  switch (type) {
    case T::kCnResidentId: {
      std::array<char, 18> id;
      if (!CanonicalCnResidentId(cell, today_, &id, /*allow_legacy=*/true)) return std::nullopt;
      return std::string(id.data(), id.size());
    }
    case T::kCnMobile: {
      auto m = NormalizeCnMobile(cell);
      if (!m) return std::nullopt;
      return std::string(m->data(), m->size());
    }
    case T::kBankCard: {
      std::array<char, 19> d;
      const size_t n = NormalizeBankCard(cell, &d);
      if (n == 0) return std::nullopt;
      return std::string(d.data(), n);
    }
    case T::kEmailAddress: {
      if (!IsEmailAddress(cell)) return std::nullopt;
      std::string out(cell);
      for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      return out;
    }
    case T::kCnPassport:
    case T::kCnHmtPermit:
    case T::kCnUscc:
    case T::kIban:
    case T::kMacAddress:
    case T::kImei:
    case T::kPhoneNumber: {
      const bool ok =
          (type == T::kCnPassport && IsCnPassport(cell)) ||
          (type == T::kCnHmtPermit && IsCnHmtPermit(cell)) ||
          (type == T::kCnUscc && IsCnUscc(cell)) || (type == T::kIban && IsIban(cell)) ||
          (type == T::kMacAddress && IsMacAddress(cell)) || (type == T::kImei && IsImei(cell)) ||
          (type == T::kPhoneNumber && IsPhoneNumber(cell));
      if (!ok) return std::nullopt;
      // Upper-case letters and digits only: separators are presentation.
      std::string out;
      if (type == T::kPhoneNumber && cell.find('+') != std::string_view::npos) out.push_back('+');
      for (char c : cell) {
        if (IsDigit(c) || (c >= 'A' && c <= 'Z')) out.push_back(c);
        if (c >= 'a' && c <= 'z') out.push_back(static_cast<char>(c - 'a' + 'A'));
      }
      return out;
    }
    case T::kIpAddress: {
      // inet_ntop gives one text form per address (RFC 5952 for IPv6).
      char in[46];
      if (cell.size() >= sizeof(in)) return std::nullopt;
      std::memcpy(in, cell.data(), cell.size());
      in[cell.size()] = '\0';
      unsigned char addr[16];
      char out[46];
      if (IsIpv4Address(cell) && inet_pton(AF_INET, in, addr) == 1 &&
          inet_ntop(AF_INET, addr, out, sizeof(out)) != nullptr) {
        return std::string(out);
      }
      if (IsIpv6Address(cell) && inet_pton(AF_INET6, in, addr) == 1 &&
          inet_ntop(AF_INET6, addr, out, sizeof(out)) != nullptr) {
        return std::string(out);
      }
      return std::nullopt;
    }
    default:
      // Names, dates, categories are not identifiers: they do not single out a person.
      return std::nullopt;
  }
}

std::optional<CivilDate> ColumnClassifierImpl::BirthDateFromResidentId(
    std::string_view cell) const {
  auto info = ValidateCnResidentId(TrimBlank(cell), today_, /*allow_legacy=*/true);
  if (!info) return std::nullopt;
  return info->birth_date;
}

}  // namespace

void ColumnStats::Merge(const ColumnStats& other) {
  cells += other.cells;
  non_empty += other.non_empty;
  for (size_t t = 0; t < kEntityTypeCount; ++t) {
    matches[t] += other.matches[t];
    weak[t] += other.weak[t];
  }
  resident_ids_unknown_region += other.resident_ids_unknown_region;
  const size_t limit = std::max(masked_samples.size(), other.masked_samples.size());
  for (const std::string& s : other.masked_samples) {
    if (masked_samples.size() >= limit) break;
    masked_samples.push_back(s);
  }
}

Result<std::unique_ptr<ColumnClassifier>> ColumnClassifier::Create(
    const ClassifierOptions& options) {
  if (!(options.dominance > 0.0 && options.dominance <= 1.0)) {
    return InvalidArgument("classifier dominance must be in (0, 1]");
  }
  const std::string data_dir = options.data_dir.empty() ? LocateDataDir() : options.data_dir;
  XB_ASSIGN_OR_RETURN(auto lexicon, Lexicon::Load(data_dir));
  XB_ASSIGN_OR_RETURN(auto regions, AdminRegions::Load(data_dir + "/cn-admin-divisions"));
  // One table over every dictionary: word -> what it can be.
  std::unordered_map<std::string, uint32_t> words;
  auto add = [&](const Dictionary& dict, uint32_t bit) {
    for (std::string_view w : dict.Entries()) words[std::string(w)] |= bit;
  };
  add(lexicon->gender_terms, Bit(T::kGender));
  add(lexicon->religions, Bit(T::kReligion));
  add(lexicon->health_terms, Bit(T::kHealth));
  add(lexicon->ethnic_groups, Bit(T::kEthnicity));
  add(lexicon->surnames_latin, kLatinName);
  add(lexicon->given_names_latin, kLatinName);
  add(lexicon->surnames_zh, kSurnameZh);
  for (std::string_view w : regions->PlaceNames()) words[std::string(w)] |= kPlace;
  std::vector<std::string> keys;
  keys.reserve(words.size());
  for (const auto& [w, bits] : words) keys.push_back(w);
  XB_ASSIGN_OR_RETURN(Dictionary vocabulary, Dictionary::FromEntries(keys, "vocabulary"));
  std::vector<uint32_t> bits(vocabulary.size());
  for (const auto& [w, b] : words) bits[static_cast<size_t>(vocabulary.IndexOf(w))] = b;
  const std::vector<std::string_view> surnames = lexicon->surnames_zh.Entries();
  auto impl = std::make_unique<ColumnClassifierImpl>(
      options, std::move(lexicon), std::move(regions), std::move(vocabulary), std::move(bits));
  for (std::string_view name : surnames) {  // views into the lexicon, which impl now owns
    if (name.size() < 3) continue;
    const uint32_t first = CjkIndex(name);
    if (first == kCjkBlockSize) continue;
    SetBit(name.size() == 3 ? &impl->surname_chars_ : &impl->compound_first_chars_, first);
  }
  return std::unique_ptr<ColumnClassifier>(std::move(impl));
}

}  // namespace xb
