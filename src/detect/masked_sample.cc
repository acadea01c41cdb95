// MaskedSample (declared in column_classifier.h): what `scan --samples` may show of a value.
//
// Rule: at least half of the characters are masked, and for identifiers only the parts
// conventionally printed on receipts and notices are kept (region prefix and last 4 of a
// resident ID, first 3 and last 4 of a mobile, first and last 4 of a card).
#include <array>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "detect/column_classifier.h"
#include "detect/validators.h"

namespace xb {
namespace {

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Keeps `front` and `back` code points and replaces each one between with '*'. Invalid UTF-8
// bytes count as one code point each and are never copied out (they become '*' or, if kept,
// U+FFFD), so the sample is always valid UTF-8.
std::string KeepEnds(std::string_view s, size_t front, size_t back) {
  std::vector<utf8::Decoded> cps;
  std::vector<size_t> starts;
  for (size_t i = 0; i < s.size();) {
    const utf8::Decoded d = utf8::DecodeOne(s.substr(i));
    cps.push_back(d);
    starts.push_back(i);
    i += d.length;
  }
  const size_t n = cps.size();
  if (front + back >= n) {  // never show everything
    front = n / 4;
    back = n / 4;
  }
  std::string out;
  for (size_t k = 0; k < n; ++k) {
    if (k < front || k >= n - back) {
      if (cps[k].valid) {
        out.append(s.substr(starts[k], cps[k].length));
      } else {
        utf8::Append(utf8::kReplacement, &out);
      }
    } else {
      out.push_back('*');
    }
  }
  return out;
}

// Generic rule: a quarter of the code points at each end (at least the first one when there
// are two or more), the rest masked.
std::string GenericMask(std::string_view s) {
  const size_t n = utf8::CountCodePoints(s);
  if (n <= 1) return std::string(n, '*');
  size_t keep = n / 4;
  if (keep == 0) return KeepEnds(s, 1, 0);
  return KeepEnds(s, keep, keep);
}

}  // namespace

std::string MaskedSample(EntityType type, std::string_view value) {
  value = TrimAscii(value);
  if (value.empty()) return "";
  switch (type) {
    case EntityType::kCnResidentId: {
      std::array<char, 18> id;
      if (CanonicalCnResidentId(value, *CivilDate::FromYmd(9999, 12, 31), &id, true)) {
        return std::string(id.data(), 6) + std::string(8, '*') + std::string(id.data() + 14, 4);
      }
      break;
    }
    case EntityType::kCnMobile: {
      if (auto m = NormalizeCnMobile(value)) {
        return std::string(m->data(), 3) + "****" + std::string(m->data() + 7, 4);
      }
      break;
    }
    case EntityType::kBankCard: {
      std::array<char, 19> d;
      if (const size_t n = NormalizeBankCard(value, &d)) {
        return std::string(d.data(), 4) + std::string(n - 8, '*') +
               std::string(d.data() + n - 4, 4);
      }
      break;
    }
    case EntityType::kEmailAddress: {
      const size_t at = value.find('@');
      if (at != std::string_view::npos && at > 0 && IsEmailAddress(value)) {
        return std::string(value.substr(0, 1)) + "***" + std::string(value.substr(at));
      }
      break;
    }
    case EntityType::kPersonName: {
      // The family name may show (张*, 欧阳* would reveal too little to matter); Latin names
      // keep the initial of each word.
      if (utf8::HasNonAscii(value)) return KeepEnds(value, 1, 0);
      std::string out;
      bool word_start = true;
      for (char c : value) {
        if (c == ' ' || c == ',' || c == '-') {
          out.push_back(c);
          word_start = true;
        } else {
          out.push_back(word_start ? c : '*');
          word_start = false;
        }
      }
      return out;
    }
    default:
      break;
  }
  return GenericMask(value);
}

}  // namespace xb
