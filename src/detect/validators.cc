#include "detect/validators.h"

#include <arpa/inet.h>
#include <string.h>  // explicit_bzero

#include <cstring>
#include <iterator>

namespace xb {
namespace {

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
constexpr bool IsAlpha(char c) { return IsUpper(c) || IsLower(c); }
constexpr char ToUpper(char c) { return IsLower(c) ? static_cast<char>(c - 'a' + 'A') : c; }
constexpr bool IsHex(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
constexpr int DigitAt(std::string_view s, size_t i) { return s[i] - '0'; }

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// Parses a run of ASCII digits as a number. REQUIRES: AllDigits(s), s.size() <= 9.
int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// Returns `s` itself when it is ASCII, else its folded copy in `buf`; nullopt when it cannot be
// folded.
std::optional<std::string_view> AsciiView(std::string_view s, char* buf, size_t cap) {
  bool ascii = true;
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return s;
  const int n = FoldFullWidthToAscii(s, buf, cap);
  if (n < 0) return std::nullopt;
  return std::string_view(buf, static_cast<size_t>(n));
}

// True for a real calendar date between 1900-01-01 and `latest`.
std::optional<CivilDate> PlausibleBirthDate(int y, int m, int d, CivilDate latest) {
  if (y < 1900) return std::nullopt;
  const auto date = CivilDate::FromYmd(y, m, d);
  if (!date || *date > latest) return std::nullopt;
  return date;
}

// ------------------------------------------------------------------ phone-number tokeniser

// The digits of a written phone number and whether it began with '+'.
struct PhoneDigits {
  char digits[20];
  size_t count = 0;
  bool plus = false;
};

// Splits an ASCII phone number into digits. Accepts an optional leading '+' (possibly inside
// one pair of parentheses, "(+86)"), single separators ' ', '-', '.' between groups, and one
// pair of parentheses around a group ("(010) 6552 9988"). Anything else fails.
bool TokenizePhone(std::string_view s, PhoneDigits* out) {
  if (s.empty()) return false;
  bool prev_sep = true;  // no separator may start the number
  bool open = false;
  bool parens_used = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (IsDigit(c)) {
      if (out->count == sizeof(out->digits)) return false;
      out->digits[out->count++] = c;
      prev_sep = false;
    } else if (c == '+') {
      if (out->plus || out->count != 0) return false;
      if (!(i == 0 || (i == 1 && open))) return false;
      out->plus = true;
      prev_sep = true;
    } else if (c == '(') {
      if (parens_used || open) return false;
      if (i != 0 && !prev_sep) return false;  // "138(0013)" is not a written form
      open = true;
      prev_sep = true;
    } else if (c == ')') {
      if (!open || out->count == 0 || (prev_sep && s[i - 1] != '+')) return false;
      open = false;
      parens_used = true;
      prev_sep = false;
      // A separator may follow ')' but is optional: "(010)65529988".
      if (i + 1 < s.size() && (s[i + 1] == ' ' || s[i + 1] == '-')) ++i;
      prev_sep = true;
      if (i + 1 == s.size()) return false;
    } else if (c == ' ' || c == '-' || c == '.') {
      if (prev_sep) return false;
      prev_sep = true;
    } else {
      return false;
    }
  }
  return !open && !prev_sep && out->count > 0;
}

bool IsMobileDigits(const char* d) {
  if (d[0] != '1' || d[1] < '3' || d[1] > '9') return false;
  for (int i = 2; i < 11; ++i) {
    if (!IsDigit(d[i])) return false;
  }
  return true;
}

// ------------------------------------------------------------------ resident ID

// ISO 7064 MOD 11-2 weights 2^(17-i) mod 11 and the check character for each remainder.
constexpr int kResidentIdWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr char kResidentIdCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

std::optional<ResidentIdInfo> ValidateAsciiResidentIdUncached(std::string_view s, CivilDate latest,
                                                              bool allow_legacy) {
  if (s.size() == 18) {
    // One pass for digits and the weighted sum: this runs for every 18-digit cell of a scan.
    int sum = 0;
    for (size_t i = 0; i < 17; ++i) {
      const unsigned d = static_cast<unsigned char>(s[i]) - static_cast<unsigned>('0');
      if (d > 9) return std::nullopt;
      sum += static_cast<int>(d) * kResidentIdWeights[i];
    }
    if (kResidentIdCheck[sum % 11] != ToUpper(s[17])) return std::nullopt;
    if (!IsCnProvinceCode(ToInt(s.substr(0, 2)))) return std::nullopt;
    const auto birth = PlausibleBirthDate(ToInt(s.substr(6, 4)), ToInt(s.substr(10, 2)),
                                          ToInt(s.substr(12, 2)), latest);
    if (!birth) return std::nullopt;
    ResidentIdInfo info;
    info.birth_date = *birth;
    info.male = DigitAt(s, 16) % 2 == 1;
    info.region_code = ToInt(s.substr(0, 6));
    return info;
  }
  if (s.size() == 15 && allow_legacy) {
    if (!AllDigits(s) || !IsCnProvinceCode(ToInt(s.substr(0, 2)))) return std::nullopt;
    const auto birth = PlausibleBirthDate(1900 + ToInt(s.substr(6, 2)), ToInt(s.substr(8, 2)),
                                          ToInt(s.substr(10, 2)), latest);
    if (!birth) return std::nullopt;
    ResidentIdInfo info;
    info.birth_date = *birth;
    info.male = DigitAt(s, 14) % 2 == 1;
    info.region_code = ToInt(s.substr(0, 6));
    info.legacy = true;
    return info;
  }
  return std::nullopt;
}

// The last 18-character ID this thread checked, with its answer (see ValidateAsciiResidentId).
struct LastResidentId {
  std::array<char, 18> id{};
  CivilDate latest;
  bool used = false;
  std::optional<ResidentIdInfo> result;
};
thread_local LastResidentId last_resident_id;

// The same answer for the same 18 characters and date, from the last one this thread checked: a
// scan checks each row's resident ID up to three times in a row (classifying the cell, keying
// the individual, counting minors). The result is a function of (s, latest), so caching it
// changes nothing but the time. It holds the last ID checked in this thread's memory until
// ForgetLastResidentId().
std::optional<ResidentIdInfo> ValidateAsciiResidentId(std::string_view s, CivilDate latest,
                                                      bool allow_legacy) {
  if (s.size() != 18) return ValidateAsciiResidentIdUncached(s, latest, allow_legacy);
  LastResidentId& last = last_resident_id;
  if (last.used && last.latest == latest && std::memcmp(last.id.data(), s.data(), 18) == 0) {
    return last.result;
  }
  last.result = ValidateAsciiResidentIdUncached(s, latest, allow_legacy);
  std::memcpy(last.id.data(), s.data(), 18);
  last.latest = latest;
  last.used = true;
  return last.result;
}

// ------------------------------------------------------------------ USCC

// GB 32100-2015 alphabet: value of each character, -1 outside it (I O Z S V are excluded).
constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kUsccWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

constexpr std::array<signed char, 256> MakeUsccTable() {
  std::array<signed char, 256> t{};
  for (auto& v : t) v = -1;
  for (size_t i = 0; i < kUsccAlphabet.size(); ++i) {
    const char c = kUsccAlphabet[i];
    t[static_cast<unsigned char>(c)] = static_cast<signed char>(i);
    if (IsUpper(c)) t[static_cast<unsigned char>(c - 'A' + 'a')] = static_cast<signed char>(i);
  }
  return t;
}
constexpr std::array<signed char, 256> kUsccTable = MakeUsccTable();

// Value of a character in the alphabet (either case), -1 outside it.
int UsccValue(char c) { return kUsccTable[static_cast<unsigned char>(c)]; }

// ------------------------------------------------------------------ licence plates

// The 31 province abbreviations of GA 36-2018, UTF-8 (each 3 bytes).
constexpr std::string_view kPlateProvinces[] = {
    "京", "津", "沪", "渝", "冀", "豫", "云", "辽", "黑", "湘", "皖", "鲁", "新", "苏", "浙", "赣",
    "鄂", "桂", "甘", "晋", "蒙", "陕", "吉", "闽", "贵", "粤", "青", "藏", "川", "宁", "琼"};
// The 3 bytes of a UTF-8 character as one integer. REQUIRES: t.size() >= 3.
constexpr uint32_t Code3(std::string_view t) {
  return (static_cast<uint32_t>(static_cast<unsigned char>(t[0])) << 16) |
         (static_cast<uint32_t>(static_cast<unsigned char>(t[1])) << 8) |
         static_cast<uint32_t>(static_cast<unsigned char>(t[2]));
}
constexpr std::array<uint32_t, std::size(kPlateProvinces)> MakePlateProvinceCodes() {
  std::array<uint32_t, std::size(kPlateProvinces)> codes{};
  for (size_t i = 0; i < codes.size(); ++i) codes[i] = Code3(kPlateProvinces[i]);
  return codes;
}
// Compared as integers: one compare per province, no memcmp.
constexpr auto kPlateProvinceCodes = MakePlateProvinceCodes();

// Final characters of special ordinary plates: trailer, coach, police, HK, Macau, consulate,
// test, over-size.
constexpr std::string_view kPlateSuffixes[] = {"挂", "学", "警", "港", "澳", "领", "试", "超"};

bool IsPlateChar(char c) { return IsDigit(c) || (IsUpper(c) && c != 'I' && c != 'O'); }

// ------------------------------------------------------------------ IBAN

struct IbanCountry {
  char code[3];
  unsigned char length;
};

// Lengths from the SWIFT IBAN registry (release 2024).
constexpr IbanCountry kIbanCountries[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22},
    {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24},
    {"DE", 22}, {"DJ", 27}, {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18},
    {"FK", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27},
    {"GT", 28}, {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27},
    {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20},
    {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MN", 20}, {"MR", 27},
    {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24}, {"PL", 28},
    {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24}, {"SC", 31},
    {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23}, {"ST", 25}, {"SV", 28},
    {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20}, {"YE", 30}};

int IbanLength(char a, char b) {
  for (const auto& c : kIbanCountries) {
    if (c.code[0] == a && c.code[1] == b) return c.length;
  }
  return 0;
}

// ------------------------------------------------------------------ GPS

// Parses a decimal degree "[-+]D{1,3}.F{2,15}" at the start of s; sets *end past it.
bool ParseDegrees(std::string_view s, size_t* pos, int limit) {
  size_t i = *pos;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  const size_t int_start = i;
  while (i < s.size() && IsDigit(s[i]) && i - int_start < 4) ++i;
  const size_t int_len = i - int_start;
  if (int_len == 0 || int_len > 3) return false;
  if (int_len > 1 && s[int_start] == '0') return false;
  if (i >= s.size() || s[i] != '.') return false;
  ++i;
  const size_t frac_start = i;
  bool frac_zero = true;
  while (i < s.size() && IsDigit(s[i])) {
    if (s[i] != '0') frac_zero = false;
    ++i;
  }
  const size_t frac_len = i - frac_start;
  if (frac_len < 2 || frac_len > 15) return false;
  const int whole = ToInt(s.substr(int_start, int_len));
  if (whole > limit || (whole == limit && !frac_zero)) return false;
  *pos = i;
  return true;
}

// ------------------------------------------------------------------ dates

// Reads 1..max_len digits at *pos.
bool ReadNumber(std::string_view s, size_t* pos, size_t min_len, size_t max_len, int* out) {
  size_t i = *pos;
  while (i < s.size() && IsDigit(s[i]) && i - *pos < max_len + 1) ++i;
  const size_t len = i - *pos;
  if (len < min_len || len > max_len) return false;
  *out = ToInt(s.substr(*pos, len));
  *pos = i;
  return true;
}

bool ConsumeLiteral(std::string_view s, size_t* pos, std::string_view lit) {
  if (s.substr(*pos, lit.size()) != lit) return false;
  *pos += lit.size();
  return true;
}

}  // namespace

void ForgetLastResidentId() {
  explicit_bzero(last_resident_id.id.data(), last_resident_id.id.size());
  last_resident_id.used = false;
  last_resident_id.result.reset();
}

// ================================================================== resident ID

bool IsCnProvinceCode(int p) {
  // GB/T 2260: 11-15 north, 21-23 north-east, 31-37 east, 41-46 central-south, 50-54
  // south-west, 61-65 north-west; 71 Taiwan, 81 Hong Kong, 82 Macau; 83 is used by residence
  // permits for Taiwan residents (GB/T 2260 has no 83, the Ministry of Public Security assigns it).
  return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) ||
         (p >= 41 && p <= 46) || (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p == 71 ||
         p == 81 || p == 82 || p == 83;
}

char CnResidentIdCheckChar(std::string_view first17) {
  if (first17.size() != 17 || !AllDigits(first17)) return '\0';
  int sum = 0;
  for (int i = 0; i < 17; ++i)
    sum += DigitAt(first17, static_cast<size_t>(i)) * kResidentIdWeights[i];
  return kResidentIdCheck[sum % 11];
}

std::optional<ResidentIdInfo> ValidateCnResidentId(std::string_view s, CivilDate latest,
                                                   bool allow_legacy) {
  // 15 and 18 bytes can only be the ASCII forms (a full-width digit takes 3 bytes).
  if (s.size() == 18 || s.size() == 15) return ValidateAsciiResidentId(s, latest, allow_legacy);
  if (s.size() < 15 || s.size() > 18 * 3) return std::nullopt;
  char buf[18];
  const auto ascii = AsciiView(s, buf, sizeof(buf));
  if (!ascii) return std::nullopt;
  return ValidateAsciiResidentId(*ascii, latest, allow_legacy);
}

bool CanonicalCnResidentId(std::string_view s, CivilDate latest, std::array<char, 18>* out,
                           bool allow_legacy) {
  if (s.size() < 15 || s.size() > 18 * 3) return false;
  char buf[18];
  const auto ascii = AsciiView(s, buf, sizeof(buf));
  if (!ascii || !ValidateAsciiResidentId(*ascii, latest, allow_legacy)) return false;
  if (ascii->size() == 18) {
    for (size_t i = 0; i < 18; ++i) (*out)[i] = ToUpper((*ascii)[i]);
    return true;
  }
  // Legacy: region + "19" + YYMMDD + sequence, then the check character.
  std::memcpy(out->data(), ascii->data(), 6);
  (*out)[6] = '1';
  (*out)[7] = '9';
  std::memcpy(out->data() + 8, ascii->data() + 6, 9);
  (*out)[17] = CnResidentIdCheckChar(std::string_view(out->data(), 17));
  return true;
}

// ================================================================== phones

std::optional<std::array<char, 11>> NormalizeCnMobile(std::string_view s) {
  if (s.size() < 11 || s.size() > 40 * 3) return std::nullopt;
  char buf[40];
  const auto ascii = AsciiView(s, buf, sizeof(buf));
  if (!ascii || ascii->size() > 40) return std::nullopt;
  PhoneDigits pd;
  if (!TokenizePhone(*ascii, &pd)) return std::nullopt;
  const char* d = pd.digits;
  size_t n = pd.count;
  if (pd.plus) {
    if (n != 13 || d[0] != '8' || d[1] != '6') return std::nullopt;
    d += 2;
    n -= 2;
  } else if (n == 15 && std::memcmp(d, "0086", 4) == 0) {
    d += 4;
    n -= 4;
  } else if (n == 13 && d[0] == '8' && d[1] == '6') {
    d += 2;
    n -= 2;
  }
  if (n != 11 || !IsMobileDigits(d)) return std::nullopt;
  std::array<char, 11> result;
  std::memcpy(result.data(), d, 11);
  return result;
}

bool IsPhoneNumber(std::string_view s) {
  if (s.size() < 9 || s.size() > 40 * 3) return false;
  char buf[40];
  const auto ascii = AsciiView(s, buf, sizeof(buf));
  if (!ascii || ascii->size() > 40) return false;
  PhoneDigits pd;
  if (!TokenizePhone(*ascii, &pd)) return false;
  if (IsCnMobile(*ascii)) return false;
  const std::string_view d(pd.digits, pd.count);
  // National PRC form, with the trunk 0.
  char national[20];
  size_t n = 0;
  if (pd.plus) {
    if (d.size() >= 2 && d[0] == '8' && d[1] == '6') {
      if (d.size() < 11 || d.size() > 13 || d[2] == '0') return false;
      national[n++] = '0';
      for (size_t i = 2; i < d.size(); ++i) national[n++] = d[i];
    } else {
      // E.164 elsewhere: country code cannot start with 0; 8..15 digits in all.
      return d.size() >= 8 && d.size() <= 15 && d[0] != '0';
    }
  } else {
    if (d.size() > sizeof(national)) return false;
    for (char c : d) national[n++] = c;
  }
  const std::string_view nat(national, n);
  if (nat.size() < 10 || nat.size() > 12 || nat[0] != '0' || nat[1] == '0') return false;
  // Area codes: 010 and 020-029 have three digits, every other one four (0310-0999).
  const size_t area = (nat[1] == '1' || nat[1] == '2') ? 3 : 4;
  if (nat[1] == '1' && nat[2] != '0') return false;
  const size_t local = nat.size() - area;
  if (local < 7 || local > 8 || (area == 3 && local != 8)) return false;
  return nat[area] >= '2';
}

// ================================================================== bank cards

bool LuhnValid(std::string_view digits) {
  if (digits.empty()) return false;
  int sum = 0;
  bool double_it = false;
  for (size_t i = digits.size(); i-- > 0;) {
    const char c = digits[i];
    if (!IsDigit(c)) return false;
    int v = c - '0';
    if (double_it) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    double_it = !double_it;
  }
  return sum % 10 == 0;
}

CardNetwork CardNetworkOf(std::string_view d) {
  const size_t n = d.size();
  if (n < 13 || n > 19 || !AllDigits(d)) return CardNetwork::kNone;
  const int p2 = ToInt(d.substr(0, 2));
  const int p3 = ToInt(d.substr(0, 3));
  const int p4 = ToInt(d.substr(0, 4));
  if (p2 == 62 && n >= 16) return CardNetwork::kUnionPay;
  if (d[0] == '4' && (n == 13 || n == 16 || n == 19)) return CardNetwork::kVisa;
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && n == 16) {
    return CardNetwork::kMastercard;
  }
  if ((p2 == 34 || p2 == 37) && n == 15) return CardNetwork::kAmex;
  if (p4 >= 3528 && p4 <= 3589 && n >= 16) return CardNetwork::kJcb;
  if ((p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65) && n >= 16) {
    return CardNetwork::kDiscover;
  }
  if (((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39) && n >= 14) {
    return CardNetwork::kDiners;
  }
  if (p4 >= 2200 && p4 <= 2204 && n >= 16) return CardNetwork::kMir;
  return CardNetwork::kNone;
}

size_t NormalizeBankCard(std::string_view s, std::array<char, 19>* out) {
  if (s.size() < 13 || s.size() > 19 + 6) return 0;
  size_t n = 0;
  char sep = 0;
  bool prev_sep = true;
  for (char c : s) {
    if (IsDigit(c)) {
      if (n == 19) return 0;
      (*out)[n++] = c;
      prev_sep = false;
    } else if (c == ' ' || c == '-') {
      if (prev_sep || (sep != 0 && sep != c)) return 0;
      sep = c;
      prev_sep = true;
    } else {
      return 0;
    }
  }
  if (prev_sep) return 0;
  const std::string_view d(out->data(), n);
  if (CardNetworkOf(d) == CardNetwork::kNone || !LuhnValid(d)) return 0;
  return n;
}

bool IsBankCard(std::string_view s) {
  std::array<char, 19> buf;
  return NormalizeBankCard(s, &buf) != 0;
}

// ================================================================== USCC

char CnUsccCheckChar(std::string_view first17) {
  if (first17.size() != 17) return '\0';
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    const int v = UsccValue(first17[i]);
    if (v < 0) return '\0';
    sum += v * kUsccWeights[i];
  }
  const int check = (31 - sum % 31) % 31;
  return kUsccAlphabet[static_cast<size_t>(check)];
}

bool IsCnUscc(std::string_view s) {
  if (s.size() != 18 || !AllDigits(s.substr(2, 6))) return false;
  const int last = UsccValue(s[17]);
  if (last < 0) return false;
  const char check = CnUsccCheckChar(s.substr(0, 17));
  return check != '\0' && check == ToUpper(s[17]);
}

// ================================================================== passports and permits

bool IsCnPassport(std::string_view s) {
  if (s.size() != 9) return false;
  const char k = ToUpper(s[0]);
  if ((k == 'E' || k == 'G') && AllDigits(s.substr(1))) return true;
  const char second = ToUpper(s[1]);
  return k == 'E' && IsUpper(second) && second != 'I' && second != 'O' && AllDigits(s.substr(2));
}

bool IsCnHmtPermit(std::string_view s, bool allow_bare_taiwan) {
  if (s.size() == 8) return allow_bare_taiwan && AllDigits(s);
  if (s.size() != 9 && s.size() != 11) return false;
  const char k = ToUpper(s[0]);
  if (s.size() == 11) return (k == 'H' || k == 'M') && AllDigits(s.substr(1));
  if ((k == 'H' || k == 'M' || k == 'L' || k == 'T') && AllDigits(s.substr(1))) return true;
  const char second = ToUpper(s[1]);
  return k == 'C' && (IsDigit(second) || (IsUpper(second) && second != 'I' && second != 'O')) &&
         AllDigits(s.substr(2));
}

bool IsCnLicensePlate(std::string_view s) {
  if (s.size() < 9 || s.size() > 15) return false;
  bool province = false;
  const uint32_t first = Code3(s);
  for (uint32_t p : kPlateProvinceCodes) province |= (p == first);
  if (!province || !IsUpper(s[3])) return false;
  std::string_view rest = s.substr(4);
  for (std::string_view sep : {std::string_view("·"), std::string_view("•"), std::string_view("-"),
                               std::string_view(" ")}) {
    if (rest.substr(0, sep.size()) == sep) {
      rest.remove_prefix(sep.size());
      break;
    }
  }
  if (rest.size() == 7) {  // 4 characters + a special suffix
    bool suffix = false;
    for (std::string_view x : kPlateSuffixes) {
      if (rest.substr(4) == x) suffix = true;
    }
    if (!suffix) return false;
    for (size_t i = 0; i < 4; ++i) {
      if (!IsPlateChar(rest[i])) return false;
    }
    return true;
  }
  if (rest.size() == 5) {
    int letters = 0;
    for (char c : rest) {
      if (!IsPlateChar(c)) return false;
      if (IsUpper(c)) ++letters;
    }
    return letters <= 3;
  }
  if (rest.size() == 6) {  // new-energy vehicles
    const bool small =
        (rest[0] == 'D' || rest[0] == 'F') && IsPlateChar(rest[1]) && AllDigits(rest.substr(2));
    const bool large = AllDigits(rest.substr(0, 5)) && (rest[5] == 'D' || rest[5] == 'F');
    return small || large;
  }
  return false;
}

// ================================================================== network identifiers

// Bytes allowed in an e-mail address's local part (letters, digits, . _ % + -) and in a domain
// label (letters, digits, -), as one table each: every scanned e-mail cell runs through here.
constexpr std::array<bool, 256> MakeByteSet(bool local) {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    t[c] = IsAlpha(ch) || IsDigit(ch) || ch == '-' ||
           (local && (ch == '.' || ch == '_' || ch == '%' || ch == '+'));
  }
  return t;
}
constexpr std::array<bool, 256> kEmailLocalBytes = MakeByteSet(/*local=*/true);
constexpr std::array<bool, 256> kDomainLabelBytes = MakeByteSet(/*local=*/false);

bool IsEmailAddress(std::string_view s) {
  const size_t n = s.size();
  if (n < 6 || n > 254) return false;
  // Local part, up to the first '@': allowed bytes, no leading, trailing or doubled dot.
  size_t at = 0;
  char prev = 0;
  for (; at < n && s[at] != '@'; ++at) {
    const char c = s[at];
    if (!kEmailLocalBytes[static_cast<unsigned char>(c)] || (c == '.' && prev == '.')) {
      return false;
    }
    prev = c;
  }
  if (at == n || at == 0 || at > 64 || s[0] == '.' || s[at - 1] == '.') return false;
  // Domain: LDH labels of 1-63 bytes separated by single dots, at least two labels.
  size_t labels = 0;
  size_t label_start = at + 1;
  for (size_t i = at + 1;; ++i) {
    if (i == n || s[i] == '.') {
      const size_t length = i - label_start;
      if (length == 0 || length > 63 || s[label_start] == '-' || s[i - 1] == '-') return false;
      ++labels;
      if (i == n) break;
      label_start = i + 1;
    } else if (!kDomainLabelBytes[static_cast<unsigned char>(s[i])]) {
      return false;
    }
  }
  if (labels < 2) return false;
  const std::string_view last_label = s.substr(label_start);
  if (last_label.size() >= 4 &&
      (last_label.substr(0, 4) == "xn--" || last_label.substr(0, 4) == "XN--")) {
    return true;
  }
  if (last_label.size() < 2) return false;
  for (char c : last_label) {
    if (!IsAlpha(c)) return false;
  }
  return true;
}

bool IsIpv4Address(std::string_view s) {
  // Dotted quad, 0-255 each, no leading zeros (the inet_pton rules), without a copy.
  if (s.size() < 7 || s.size() > 15) return false;
  int parts = 0;
  size_t i = 0;
  while (true) {
    const size_t start = i;
    int v = 0;
    while (i < s.size() && IsDigit(s[i]) && i - start < 3) v = v * 10 + (s[i++] - '0');
    const size_t len = i - start;
    if (len == 0 || v > 255 || (len > 1 && s[start] == '0')) return false;
    ++parts;
    if (i == s.size()) return parts == 4;
    if (s[i] != '.' || parts == 4) return false;
    ++i;
  }
}

bool IsIpv6Address(std::string_view s) {
  if (s.size() < 2 || s.size() > 45) return false;
  char buf[46];
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = '\0';
  if (std::strlen(buf) != s.size()) return false;
  unsigned char addr[16];
  return inet_pton(AF_INET6, buf, addr) == 1;
}

bool IsMacAddress(std::string_view s) {
  if (s.size() == 17) {
    const char sep = s[2];
    if (sep != ':' && sep != '-') return false;
    for (size_t i = 0; i < 17; ++i) {
      if (i % 3 == 2 ? s[i] != sep : !IsHex(s[i])) return false;
    }
    return true;
  }
  if (s.size() == 14) {
    for (size_t i = 0; i < 14; ++i) {
      if (i % 5 == 4 ? s[i] != '.' : !IsHex(s[i])) return false;
    }
    return true;
  }
  return false;
}

bool IsImei(std::string_view s) {
  char d[15];
  if (s.size() == 15) {
    if (!AllDigits(s)) return false;
    std::memcpy(d, s.data(), 15);
  } else if (s.size() == 18) {
    // AA-BBBBBB-CCCCCC-D (reporting body, type allocation, serial, check).
    const char sep = s[2];
    if ((sep != '-' && sep != ' ') || s[9] != sep || s[16] != sep) return false;
    size_t n = 0;
    for (size_t i = 0; i < 18; ++i) {
      if (i == 2 || i == 9 || i == 16) continue;
      if (!IsDigit(s[i])) return false;
      d[n++] = s[i];
    }
  } else {
    return false;
  }
  static constexpr int kReportingBodies[] = {1,  10, 30, 33, 35, 44, 45, 49, 50,
                                             51, 52, 53, 54, 86, 91, 98, 99};
  const int rbi = (d[0] - '0') * 10 + (d[1] - '0');
  bool known = false;
  for (int r : kReportingBodies) known |= (r == rbi);
  return known && LuhnValid(std::string_view(d, 15));
}

bool IsIban(std::string_view s) {
  if (s.size() < 15 || s.size() > 34 + 8) return false;
  char buf[34];
  size_t n = 0;
  bool prev_space = true;
  for (char c : s) {
    if (c == ' ') {
      if (prev_space) return false;
      prev_space = true;
      continue;
    }
    if (!IsDigit(c) && !IsAlpha(c)) return false;
    if (n == sizeof(buf)) return false;
    buf[n++] = ToUpper(c);
    prev_space = false;
  }
  if (prev_space) return false;
  if (!IsUpper(buf[0]) || !IsUpper(buf[1]) || !IsDigit(buf[2]) || !IsDigit(buf[3])) return false;
  if (IbanLength(buf[0], buf[1]) != static_cast<int>(n)) return false;
  // Move the first four characters to the end, letters become 10..35, the number mod 97 is 1.
  int rem = 0;
  for (size_t k = 0; k < n; ++k) {
    const char c = buf[(k + 4) % n];
    rem = IsDigit(c) ? (rem * 10 + (c - '0')) % 97 : (rem * 100 + (c - 'A' + 10)) % 97;
  }
  return rem == 1;
}

bool IsGpsCoordinate(std::string_view s) {
  if (s.size() < 9 || s.size() > 48) return false;
  size_t pos = 0;
  if (!ParseDegrees(s, &pos, 90)) return false;
  if (pos < s.size() && s[pos] == ',') {
    ++pos;
    if (pos < s.size() && s[pos] == ' ') ++pos;
  } else if (pos < s.size() && s[pos] == ' ') {
    ++pos;
  } else {
    return false;
  }
  if (!ParseDegrees(s, &pos, 180)) return false;
  return pos == s.size();
}

// ================================================================== dates of birth

std::optional<CivilDate> ParseDateOfBirth(std::string_view s, CivilDate latest) {
  if (s.size() < 8 || s.size() > 20) return std::nullopt;
  if (s.size() == 8 && AllDigits(s)) {
    return PlausibleBirthDate(ToInt(s.substr(0, 4)), ToInt(s.substr(4, 2)), ToInt(s.substr(6, 2)),
                              latest);
  }
  size_t pos = 0;
  int a, b, c;
  if (!ReadNumber(s, &pos, 1, 4, &a)) return std::nullopt;
  if (pos == 4) {
    // Year first: Y-M-D, Y/M/D, Y.M.D or Y年M月D日.
    if (ConsumeLiteral(s, &pos, "年")) {
      if (!ReadNumber(s, &pos, 1, 2, &b) || !ConsumeLiteral(s, &pos, "月") ||
          !ReadNumber(s, &pos, 1, 2, &c)) {
        return std::nullopt;
      }
      ConsumeLiteral(s, &pos, "日");
    } else {
      const char sep = s[pos];
      if (sep != '-' && sep != '/' && sep != '.') return std::nullopt;
      ++pos;
      if (!ReadNumber(s, &pos, 1, 2, &b) || pos >= s.size() || s[pos] != sep) return std::nullopt;
      ++pos;
      if (!ReadNumber(s, &pos, 1, 2, &c)) return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;
    return PlausibleBirthDate(a, b, c, latest);
  }
  if (pos > 2) return std::nullopt;
  // Day or month first: D/M/Y, M/D/Y, D.M.Y, D-M-Y.
  const char sep = s[pos];
  if (sep != '-' && sep != '/' && sep != '.') return std::nullopt;
  ++pos;
  if (!ReadNumber(s, &pos, 1, 2, &b) || pos >= s.size() || s[pos] != sep) return std::nullopt;
  ++pos;
  if (!ReadNumber(s, &pos, 4, 4, &c) || pos != s.size()) return std::nullopt;
  if (auto day_first = PlausibleBirthDate(c, b, a, latest)) return day_first;
  if (sep == '/') return PlausibleBirthDate(c, a, b, latest);
  return std::nullopt;
}

// ================================================================== ICD-10

bool IsIcd10Code(std::string_view s, bool require_dot) {
  if (s.size() < 3 || s.size() > 6) return false;
  if (!IsAlpha(s[0]) || !IsDigit(s[1]) || !IsDigit(s[2])) return false;
  if (s.size() == 3) return !require_dot;
  if (s[3] != '.' || s.size() == 4) return false;
  for (size_t i = 4; i < s.size(); ++i) {
    if (!IsDigit(s[i]) && !IsUpper(ToUpper(s[i]))) return false;
  }
  return true;
}

// Copies `s` into buf (capacity `cap`) folding the full-width forms U+FF01..U+FF5E to ASCII and
// the ideographic space U+3000 to ' '. Returns the folded length, or -1 when `s` holds any other
// non-ASCII byte or does not fit. People type identifiers with Chinese input methods, which
// produce these forms; anything else non-ASCII cannot be part of a number.
int FoldFullWidthToAscii(std::string_view s, char* buf, size_t cap) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    if (n == cap) return -1;
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      buf[n++] = static_cast<char>(c);
      ++i;
      continue;
    }
    if (i + 3 > s.size()) return -1;
    const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    const unsigned char c2 = static_cast<unsigned char>(s[i + 2]);
    if (c == 0xEF && c1 == 0xBC && c2 >= 0x81 && c2 <= 0xBF) {
      buf[n++] = static_cast<char>(c2 - 0x81 + 0x21);  // U+FF01..U+FF3F
    } else if (c == 0xEF && c1 == 0xBD && c2 >= 0x80 && c2 <= 0x9E) {
      buf[n++] = static_cast<char>(c2 - 0x80 + 0x60);  // U+FF40..U+FF5E
    } else if (c == 0xE3 && c1 == 0x80 && c2 == 0x80) {
      buf[n++] = ' ';  // U+3000
    } else {
      return -1;
    }
    i += 3;
  }
  return static_cast<int>(n);
}

}  // namespace xb
