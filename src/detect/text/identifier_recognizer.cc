#include "detect/text/identifier_recognizer.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "detect/validators.h"

namespace xb::text {
namespace {

// Context windows in code points: hotwords mostly precede the value ("手机：138…"), sometimes
// follow it ("138… 是我的手机").
constexpr uint32_t kBeforeWindow = 16;
constexpr uint32_t kAfterWindow = 6;
// An order/tracking/amount word this close before a number claims it.
constexpr uint32_t kNegativeWindow = 10;

bool IsHex(char32_t c) { return IsAsciiDigit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }

// The value must not be cut out of a longer token (a digit run inside a tracking number
// "SF1234…", a decimal "3.14159…").
bool LeftBoundaryOk(const Document& doc, uint32_t start) {
  if (start == 0) return true;
  char32_t c = doc.at(start - 1);
  if (IsAsciiAlnum(c) || c == '_') return false;
  if ((c == '.' || c == ',') && start >= 2 && IsAsciiDigit(doc.at(start - 2))) return false;
  return true;
}

bool RightBoundaryOk(const Document& doc, uint32_t end) {
  char32_t c = doc.at(end);
  if (IsAsciiAlnum(c) || c == '_') return false;
  if ((c == '.' || c == ',') && IsAsciiDigit(doc.at(end + 1))) return false;
  return true;
}

bool IsCurrencySign(char32_t c) {
  return c == '$' || c == 0xA5 /*¥*/ || c == 0xFFE5 /*￥*/ || c == 0x20AC /*€*/ || c == 0xA3;
}
bool IsAmountUnit(char32_t c) {
  return c == 0x5143 /*元*/ || c == 0x5757 /*块*/ || c == 0x4E07 /*万*/ || c == 0x4EBF /*亿*/;
}

struct ContextView {
  const Document& doc;
  const ContextIndex& context;

  bool Has(ContextClass cls, uint32_t start, uint32_t end) const {
    return context.Near(cls, start, end, kBeforeWindow, kAfterWindow);
  }
  // True when an order/tracking/amount word is the closest cue before the value.
  bool NegativeWins(ContextClass positive, uint32_t start) const {
    std::optional<uint32_t> neg = context.Before(ContextClass::kNegative, start, kNegativeWindow);
    if (!neg) return false;
    std::optional<uint32_t> pos = context.Before(positive, start, kBeforeWindow);
    return !pos || *pos > *neg;
  }
};

void Emit(EntityType type, uint32_t start, uint32_t end, float score, std::vector<Candidate>* out,
          bool masked = false, Tier tier = Tier::kValidated) {
  out->push_back({type, start, end, std::min(score, 0.99f), tier, masked});
}

// ------------------------------------------------------------------------------------------
// Digit runs: one run may hold several values ("13800138000 13900139000") or a value glued to
// a neighbouring number by a space; the run is cut into separator-delimited groups and the
// longest group-aligned spans are tried first, left to right.

struct Group {
  uint32_t start;
  uint32_t end;
  int digits;  // characters other than '+', including a trailing X
};

// Group sizes of a candidate span: at most kMaxGroups (values span at most 8 groups), held inline
// so trying the spans of a run allocates nothing.
constexpr size_t kMaxGroups = 8;
struct GroupSizes {
  int size[kMaxGroups];
  size_t count = 0;
  bool Is(std::initializer_list<int> sizes) const {
    return std::equal(size, size + count, sizes.begin(), sizes.end());
  }
};

bool CardGrouping(const GroupSizes& g) {
  const int* sizes = g.size;
  const size_t n = g.count;
  if (n == 1) return true;
  bool fours = true;
  for (size_t i = 0; i + 1 < n; ++i) fours = fours && sizes[i] == 4;
  if (fours && sizes[n - 1] >= 1 && sizes[n - 1] <= 4) return true;
  if (n == 3 && sizes[0] == 4 && sizes[1] == 6 && (sizes[2] == 5 || sizes[2] == 4)) return true;
  return n == 2 && sizes[0] == 6;
}

struct NumberSpan {
  uint32_t start;
  uint32_t end;
  std::string_view written;  // as written, separators included
  std::string_view digits;   // separators and '+' removed (points into a caller's buffer)
  GroupSizes groups;
  bool plus = false;
};

std::optional<Candidate> ClassifyNumber(const NumberSpan& n, const ContextView& cv,
                                        const IdentifierEnv& env) {
  const size_t len = n.digits.size();
  const bool separated = n.groups.count > 1;
  auto candidate = [&](EntityType type, float score, ContextClass cls) -> Candidate {
    if (cv.Has(cls, n.start, n.end)) score = std::max(score, 0.97f);
    if (cv.NegativeWins(cls, n.start)) score *= 0.4f;
    return {type, n.start, n.end, std::min(score, 0.99f), Tier::kValidated, false};
  };
  if (len == 18) {
    if (auto id = ValidateCnResidentId(n.digits, env.today)) {
      float score = env.area_codes->count(id->region_code) ? 0.97f : 0.9f;
      return candidate(EntityType::kCnResidentId, score, ContextClass::kId);
    }
  }
  if (IsCnMobile(n.written)) return candidate(EntityType::kCnMobile, 0.95f, ContextClass::kPhone);
  if (n.plus && IsPhoneNumber(n.written)) {
    return candidate(EntityType::kPhoneNumber, 0.85f, ContextClass::kPhone);
  }
  if (len >= 13 && len <= 19 && CardGrouping(n.groups) && IsBankCard(n.digits)) {
    bool unionpay = CardNetworkOf(n.digits) == CardNetwork::kUnionPay;
    return candidate(EntityType::kBankCard, unionpay ? 0.92f : 0.85f, ContextClass::kBank);
  }
  if (len == 15) {
    bool imei_context = cv.Has(ContextClass::kImei, n.start, n.end);
    if (cv.Has(ContextClass::kId, n.start, n.end) && !imei_context &&
        ValidateCnResidentId(n.digits, env.today, /*allow_legacy=*/true)) {
      return candidate(EntityType::kCnResidentId, 0.85f, ContextClass::kId);
    }
    if ((!separated || n.groups.Is({2, 6, 6, 1})) && IsImei(n.digits)) {
      return candidate(EntityType::kImei, imei_context ? 0.97f : 0.6f, ContextClass::kImei);
    }
  }
  if (n.digits[0] == '0' && IsPhoneNumber(n.written)) {
    // A landline written without separators is as likely a reference number.
    return candidate(EntityType::kPhoneNumber, separated ? 0.85f : 0.6f, ContextClass::kPhone);
  }
  if (n.groups.Is({3, 3, 4}) && n.written.find('-') != std::string_view::npos &&
      n.digits[0] != '0' && n.digits[0] != '1') {
    return candidate(EntityType::kPhoneNumber, 0.7f, ContextClass::kPhone);
  }
  if ((len == 8 || len == 10) && !separated && cv.Has(ContextClass::kPermit, n.start, n.end) &&
      IsCnHmtPermit(n.digits, /*allow_bare_taiwan=*/true)) {
    return candidate(EntityType::kCnHmtPermit, 0.85f, ContextClass::kPermit);
  }
  return std::nullopt;
}

void RecognizeDigitRun(uint32_t from, uint32_t to, const ContextView& cv, const IdentifierEnv& env,
                       std::vector<Candidate>* out) {
  const Document& doc = cv.doc;
  if (!LeftBoundaryOk(doc, from) || !RightBoundaryOk(doc, to)) return;
  if (from > 0 && IsCurrencySign(doc.at(from - 1))) return;
  if (IsAmountUnit(doc.at(to))) return;
  thread_local std::vector<Group> groups;  // reused across calls; per thread, so still pure
  groups.clear();
  for (uint32_t i = from; i < to;) {
    if (doc.at(i) == ' ' || doc.at(i) == '-') {
      ++i;
      continue;
    }
    Group g{i, i, 0};
    while (g.end < to && doc.at(g.end) != ' ' && doc.at(g.end) != '-') {
      if (doc.at(g.end) != '+') ++g.digits;
      ++g.end;
    }
    groups.push_back(g);
    i = g.end;
  }
  // Bounded work on long runs: values span at most kMaxGroups groups and 24 digits.
  constexpr size_t kMaxDigits = 24;
  for (size_t i = 0; i < groups.size();) {
    bool found = false;
    for (size_t j = std::min(groups.size() - 1, i + kMaxGroups - 1);; --j) {
      NumberSpan n{
          groups[i].start, groups[j].end, doc.Bytes(groups[i].start, groups[j].end), {}, {}, false};
      for (size_t g = i; g <= j; ++g) n.groups.size[n.groups.count++] = groups[g].digits;
      char digits[kMaxDigits + 1];
      size_t count = 0;
      for (char c : n.written) {
        if (c == '+') {
          n.plus = true;
        } else if (c != ' ' && c != '-' && count <= kMaxDigits) {
          digits[count++] = c;
        }
      }
      n.digits = std::string_view(digits, count);
      if (count >= 7 && count <= kMaxDigits) {
        if (auto c = ClassifyNumber(n, cv, env)) {
          out->push_back(*c);
          i = j + 1;
          found = true;
          break;
        }
      }
      if (j == i) break;
    }
    if (!found) ++i;
  }
}

void RecognizeMasked(uint32_t from, uint32_t to, const ContextView& cv,
                     std::vector<Candidate>* out) {
  const Document& doc = cv.doc;
  if (!LeftBoundaryOk(doc, from) || !RightBoundaryOk(doc, to) || doc.at(to) == '*') return;
  std::string chars;
  for (uint32_t i = from; i < to; ++i) {
    char32_t c = doc.at(i);
    if (c != ' ' && c != '-') chars.push_back(static_cast<char>(c));
  }
  const size_t len = chars.size();
  if (len == 18 && !cv.Has(ContextClass::kBank, from, to)) {
    Emit(EntityType::kCnResidentId, from, to, 0.9f, out, /*masked=*/true);
  } else if (len == 11 && chars[0] == '1') {
    Emit(EntityType::kCnMobile, from, to, 0.9f, out, /*masked=*/true);
  } else if (len >= 13 && len <= 19) {
    Emit(EntityType::kBankCard, from, to, 0.85f, out, /*masked=*/true);
  }
}

// ------------------------------------------------------------------------------------------

std::optional<int> SmallNumber(std::string_view digits) {
  int v = 0;
  if (digits.empty() || digits.size() > 3) return std::nullopt;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

int MonthNumber(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  std::string lower;
  for (char c : word.substr(0, 3)) lower.push_back(static_cast<char>(c | 0x20));
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (lower == kMonths[i]) return static_cast<int>(i) + 1;
  }
  return 0;
}

// "March 7, 1990" / "7th March 1990" → "1990-03-07".
std::optional<std::string> EnglishDateToIso(std::string_view s) {
  std::string day, year, month_word;
  std::string_view rest = s;
  auto take_word = [&rest]() {
    while (!rest.empty() && (rest[0] == ' ' || rest[0] == ',' || rest[0] == '.'))
      rest.remove_prefix(1);
    size_t n = 0;
    while (n < rest.size() && rest[n] != ' ' && rest[n] != ',' && rest[n] != '.') ++n;
    std::string_view w = rest.substr(0, n);
    rest.remove_prefix(n);
    return w;
  };
  for (int k = 0; k < 3; ++k) {
    std::string_view w = take_word();
    if (w.empty()) return std::nullopt;
    if (IsAsciiDigit(static_cast<unsigned char>(w[0]))) {
      std::string digits;
      for (char c : w) {
        if (c >= '0' && c <= '9') digits.push_back(c);
      }
      (digits.size() == 4 ? year : day) = digits;
    } else {
      month_word = std::string(w);
    }
  }
  int month = MonthNumber(month_word);
  if (month == 0 || day.empty() || year.empty()) return std::nullopt;
  std::string iso = year + "-" + (month < 10 ? "0" : "") + std::to_string(month) + "-" +
                    (day.size() == 1 ? "0" : "") + day;
  return iso;
}

bool BirthContext(const ContextView& cv, uint32_t start, uint32_t end) {
  return cv.context.Before(ContextClass::kBirth, start, 14).has_value() ||
         cv.context.After(ContextClass::kBirth, end, 3).has_value();
}

// Latitude/longitude written with hemispheres: 22.5431°N, 114.0579°E.
bool HemisphereCoordinate(std::string_view s) {
  double values[2];
  int found = 0;
  for (size_t i = 0; i < s.size() && found < 2;) {
    if (s[i] >= '0' && s[i] <= '9') {
      char* end = nullptr;
      std::string number(s.substr(i, 24));
      values[found++] = std::strtod(number.c_str(), &end);
      i += static_cast<size_t>(end - number.c_str());
    } else {
      ++i;
    }
  }
  return found == 2 && values[0] <= 90 && values[1] <= 180;
}

void RecognizeShape(PatternKind kind, uint32_t from, const std::vector<uint32_t>& ends,
                    const ContextView& cv, const IdentifierEnv& env, std::vector<Candidate>* out) {
  const Document& doc = cv.doc;
  const uint32_t to = ends.front();
  switch (kind) {
    case PatternKind::kLandlineParen:
    case PatternKind::kUsPhone: {
      if (!RightBoundaryOk(doc, to) || (from > 0 && IsAsciiAlnum(doc.at(from - 1)))) return;
      if (kind == PatternKind::kLandlineParen && !IsPhoneNumber(doc.Bytes(from, to))) return;
      float score = cv.Has(ContextClass::kPhone, from, to) ? 0.97f : 0.8f;
      Emit(EntityType::kPhoneNumber, from, to, score, out);
      return;
    }
    case PatternKind::kCnPassport: {
      if (!LeftBoundaryOk(doc, from) || !RightBoundaryOk(doc, to)) return;
      if (!IsCnPassport(doc.Bytes(from, to))) return;
      bool ctx = cv.Has(ContextClass::kPassport, from, to);
      if (!ctx && cv.Has(ContextClass::kPermit, from, to)) return;
      Emit(EntityType::kCnPassport, from, to, ctx ? 0.97f : 0.75f, out);
      return;
    }
    case PatternKind::kPassportGeneric: {
      if (!LeftBoundaryOk(doc, from) || !RightBoundaryOk(doc, to)) return;
      if (!cv.context.Before(ContextClass::kPassport, from, kBeforeWindow)) return;
      std::string_view s = doc.Bytes(from, to);
      if (IsCnPassport(s) || IsCnHmtPermit(s)) return;
      Emit(EntityType::kPassport, from, to, 0.85f, out);
      return;
    }
    case PatternKind::kHmtPermit: {
      if (!LeftBoundaryOk(doc, from) || !RightBoundaryOk(doc, to)) return;
      if (!IsCnHmtPermit(doc.Bytes(from, to))) return;
      bool ctx = cv.Has(ContextClass::kPermit, from, to);
      if (!ctx && cv.Has(ContextClass::kPassport, from, to)) return;
      Emit(EntityType::kCnHmtPermit, from, to, ctx ? 0.97f : 0.65f, out);
      return;
    }
    case PatternKind::kPlate: {
      for (uint32_t end : ends) {
        if (!RightBoundaryOk(doc, end)) continue;
        std::string upper(doc.Bytes(from, end));
        for (char& c : upper) {
          if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
        }
        if (IsCnLicensePlate(upper)) {
          bool ctx = cv.Has(ContextClass::kPlate, from, end);
          Emit(EntityType::kCnLicensePlate, from, end, ctx ? 0.97f : 0.9f, out);
          return;
        }
      }
      return;
    }
    case PatternKind::kUscc: {
      if (!LeftBoundaryOk(doc, from) || !RightBoundaryOk(doc, to)) return;
      std::string_view s = doc.Bytes(from, to);
      if (ValidateCnResidentId(s, env.today)) return;  // the digit run reports it
      // GB 32100-2015: the registering authority (1, 5, 9, Y) and the organisation category
      // (1, 2, 3, 9) narrow the 1-in-31 chance that an order number passes the check.
      const char authority = static_cast<char>(s[0] | 0x20);
      if (authority != '1' && authority != '5' && authority != '9' && authority != 'y') return;
      if (s[1] != '1' && s[1] != '2' && s[1] != '3' && s[1] != '9') return;
      if (!IsCnUscc(s)) return;
      float score = cv.NegativeWins(ContextClass::kId, from) ? 0.3f : 0.95f;
      Emit(EntityType::kCnUscc, from, to, score, out);
      return;
    }
    case PatternKind::kEmail: {
      uint32_t start = from;
      while (start < to && (doc.at(start) == '.' || doc.at(start) == '-')) ++start;
      uint32_t end = to;
      while (end > start && (doc.at(end - 1) == '.' || doc.at(end - 1) == '-')) --end;
      if (end <= start || IsAsciiAlnum(doc.at(end))) return;
      if (IsEmailAddress(doc.Bytes(start, end)))
        Emit(EntityType::kEmailAddress, start, end, 0.97f, out);
      return;
    }
    case PatternKind::kIpv4: {
      if (!LeftBoundaryOk(doc, from) || !RightBoundaryOk(doc, to)) return;
      if (from > 0 && doc.at(from - 1) == '.') return;
      if (doc.at(to) == '.' && IsAsciiDigit(doc.at(to + 1))) return;
      if (!IsIpv4Address(doc.Bytes(from, to))) return;
      float score = cv.Has(ContextClass::kIp, from, to) ? 0.97f : 0.9f;
      if (cv.NegativeWins(ContextClass::kIp, from)) score *= 0.4f;
      Emit(EntityType::kIpAddress, from, to, score, out);
      return;
    }
    case PatternKind::kIpv6: {
      if (from > 0 && (IsHex(doc.at(from - 1)) || doc.at(from - 1) == ':')) return;
      for (uint32_t end : ends) {
        if (IsHex(doc.at(end)) || (doc.at(end) == ':' && doc.at(end - 1) != ':')) continue;
        std::string_view s = doc.Bytes(from, end);
        if (std::count(s.begin(), s.end(), ':') < 2) continue;
        if (IsIpv6Address(s)) {
          Emit(EntityType::kIpAddress, from, end, 0.92f, out);
          return;
        }
      }
      return;
    }
    case PatternKind::kMac: {
      if (from > 0 && IsHex(doc.at(from - 1))) return;
      // A separator right before continues a longer chain (11:22:33:44:55:66:77) when a lone
      // hex pair precedes it; after a word it is a label's colon (MAC:, MAC：, 地址：).
      if (from > 0 && (doc.at(from - 1) == ':' || doc.at(from - 1) == '-') && from >= 3 &&
          IsHex(doc.at(from - 2)) && IsHex(doc.at(from - 3)) &&
          !(from >= 4 && IsAsciiAlpha(doc.at(from - 4)))) {
        return;
      }
      char32_t next = doc.at(to);
      if (IsHex(next) || ((next == ':' || next == '-') && IsHex(doc.at(to + 1)))) return;
      if (IsMacAddress(doc.Bytes(from, to))) Emit(EntityType::kMacAddress, from, to, 0.93f, out);
      return;
    }
    case PatternKind::kIban: {
      if (!LeftBoundaryOk(doc, from)) return;
      for (uint32_t end : ends) {
        if (!RightBoundaryOk(doc, end) || doc.at(end - 1) == ' ') continue;
        if (IsIban(doc.Bytes(from, end))) {
          Emit(EntityType::kIban, from, end, 0.96f, out);
          return;
        }
      }
      return;
    }
    case PatternKind::kGps:
    case PatternKind::kGpsHemisphere: {
      if (from > 0 && (IsAsciiDigit(doc.at(from - 1)) || doc.at(from - 1) == '.')) return;
      if (IsAsciiDigit(doc.at(to))) return;
      std::string_view s = doc.Bytes(from, to);
      bool ok = kind == PatternKind::kGps ? IsGpsCoordinate(s) : HemisphereCoordinate(s);
      if (ok) Emit(EntityType::kGpsCoordinate, from, to, 0.88f, out);
      return;
    }
    case PatternKind::kDate:
    case PatternKind::kDateEnglish: {
      if (from > 0 && (IsAsciiAlnum(doc.at(from - 1)))) return;
      for (uint32_t end : ends) {
        if (IsAsciiDigit(doc.at(end))) continue;
        if (!BirthContext(cv, from, end)) return;
        std::string_view s = doc.Bytes(from, end);
        std::optional<CivilDate> date;
        if (kind == PatternKind::kDate) {
          date = ParseDateOfBirth(s, env.today);
        } else if (auto iso = EnglishDateToIso(s)) {
          date = ParseDateOfBirth(*iso, env.today);
        }
        if (date) {
          Emit(EntityType::kDateOfBirth, from, end, 0.95f, out);
          return;
        }
      }
      return;
    }
    case PatternKind::kUrl: {
      if (from > 0 && (IsAsciiAlnum(doc.at(from - 1)) || doc.at(from - 1) == '.')) return;
      uint32_t end = to;
      while (end > from) {
        char32_t c = doc.at(end - 1);
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'' ||
            c == ')' || c == ']') {
          --end;
        } else {
          break;
        }
      }
      if (end - from >= 8) Emit(EntityType::kUrl, from, end, 0.9f, out);
      return;
    }
    case PatternKind::kAgeWhole:
    case PatternKind::kAgeNumber: {
      if (from > 0 && (IsAsciiAlnum(doc.at(from - 1)))) return;
      if (IsAsciiDigit(doc.at(to))) return;
      uint32_t num_start = from;
      uint32_t num_end = to;
      if (kind == PatternKind::kAgeNumber) {
        num_start = to;
        while (num_start > from && IsAsciiDigit(doc.at(num_start - 1))) --num_start;
      } else {
        num_end = from;
        while (num_end < to && IsAsciiDigit(doc.at(num_end))) ++num_end;
      }
      auto value = SmallNumber(doc.Bytes(num_start, num_end));
      if (!value || *value > 130) return;
      Emit(EntityType::kAge, num_start, kind == PatternKind::kAgeNumber ? to : to, 0.85f, out);
      return;
    }
    case PatternKind::kGenderLastChar: {
      for (uint32_t i = to; i > from; --i) {
        char32_t c = doc.at(i - 1);
        if (c == 0x7537 /*男*/ || c == 0x5973 /*女*/) {
          Emit(EntityType::kGender, i - 1, i, doc.at(from) == 0x6027 /*性*/ ? 0.95f : 0.8f, out);
          return;
        }
      }
      return;
    }
    case PatternKind::kGenderEnglish: {
      if (from > 0 && IsAsciiAlpha(doc.at(from - 1))) return;
      if (IsAsciiAlpha(doc.at(to))) return;
      uint32_t start = to;
      while (start > from && IsAsciiAlpha(doc.at(start - 1))) --start;
      Emit(EntityType::kGender, start, to, 0.9f, out);
      return;
    }
    case PatternKind::kIcd10: {
      if (!LeftBoundaryOk(doc, from) || !RightBoundaryOk(doc, to)) return;
      if (doc.at(to) == '-' || (from > 0 && doc.at(from - 1) == '-' &&
                                !(from >= 4 && doc.Bytes(from - 4, from - 1) == "ICD"))) {
        return;
      }
      // A code needs a clinical word near it, before (诊断：E11.9) or just after (I10住院).
      if (!cv.context.Near(ContextClass::kHealth, from, to, 12, 6)) return;
      Emit(EntityType::kHealth, from, to, 0.85f, out);
      return;
    }
    case PatternKind::kEnglishAddress: {
      if (from > 0 && IsAsciiAlnum(doc.at(from - 1))) return;
      uint32_t end = to;
      while (end > from && (doc.at(end - 1) == ',' || doc.at(end - 1) == ' ')) --end;
      float score = cv.Has(ContextClass::kAddress, from, end) ? 0.95f : 0.85f;
      Emit(EntityType::kAddress, from, end, score, out, false, Tier::kAddress);
      return;
    }
    default:
      return;
  }
}

}  // namespace

void RecognizeIdentifier(PatternKind kind, uint32_t from, const std::vector<uint32_t>& ends,
                         const Document& doc, const ContextIndex& context, const IdentifierEnv& env,
                         std::vector<Candidate>* out) {
  if (ends.empty()) return;
  ContextView cv{doc, context};
  switch (kind) {
    case PatternKind::kDigitRun:
      RecognizeDigitRun(from, ends.front(), cv, env, out);
      return;
    case PatternKind::kMaskedDigits:
      RecognizeMasked(from, ends.front(), cv, out);
      return;
    default:
      RecognizeShape(kind, from, ends, cv, env, out);
  }
}

}  // namespace xb::text
