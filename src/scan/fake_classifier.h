// A tiny ColumnClassifier for the scan tests, so the scanner is tested on its own terms (reading,
// threading, merging, counting) independently of the real detectors. Recognises:
//   "ID" + 8-digit birth date YYYYMMDD + 4 digits  → CN_RESIDENT_ID (canonical: upper case)
//   11 digits starting with 1                       → CN_MOBILE
//   anything with '@'                               → EMAIL_ADDRESS (canonical: lower case)
#ifndef XBORDER_SCAN_FAKE_CLASSIFIER_H_
#define XBORDER_SCAN_FAKE_CLASSIFIER_H_

#include <algorithm>
#include <cctype>
#include <string>

#include "detect/column_classifier.h"

namespace xb::scan::testing {

class FakeClassifier final : public ColumnClassifier {
 public:
  void AddCell(std::string_view cell, ColumnStats* stats) const override {
    ++stats->cells;
    if (cell.find_first_not_of(" \t") == std::string_view::npos) return;
    ++stats->non_empty;
    auto t = TypeOf(cell);
    if (!t) return;
    ++stats->matches[static_cast<size_t>(*t)];
    // A stand-in for masking: the last four characters, enough to tell samples apart.
    if (stats->masked_samples.size() < max_samples()) {
      stats->masked_samples.push_back(
          "*" + std::string(cell.substr(cell.size() - std::min<size_t>(4, cell.size()))));
    }
  }

  ColumnVerdict Decide(std::string_view, const ColumnStats& stats) const override {
    ColumnVerdict v;
    for (int i = 0; i < kEntityTypeCount; ++i) {
      if (stats.matches[i] != 0) v.types.emplace_back(static_cast<EntityType>(i), stats.matches[i]);
    }
    std::stable_sort(v.types.begin(), v.types.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    if (!v.types.empty() && stats.non_empty != 0 &&
        v.types[0].second >= 0.8 * static_cast<double>(stats.non_empty)) {
      v.type = v.types[0].first;
      v.matches = v.types[0].second;
      v.ratio = static_cast<double>(v.matches) / static_cast<double>(stats.non_empty);
    }
    return v;
  }

  std::optional<std::string> CanonicalIdentifier(EntityType type,
                                                 std::string_view cell) const override {
    if (TypeOf(cell) != type) return std::nullopt;
    std::string s(cell);
    for (char& c : s) {
      c = static_cast<char>(type == EntityType::kEmailAddress
                                ? std::tolower(static_cast<unsigned char>(c))
                                : std::toupper(static_cast<unsigned char>(c)));
    }
    return s;
  }

  size_t max_samples() const override { return 3; }

  std::optional<CivilDate> BirthDateFromResidentId(std::string_view cell) const override {
    if (TypeOf(cell) != EntityType::kCnResidentId) return std::nullopt;
    auto num = [&](size_t pos, size_t len) {
      return std::stoi(std::string(cell.substr(pos, len)));
    };
    return CivilDate::FromYmd(num(2, 4), num(6, 2), num(8, 2));
  }

 private:
  static bool Digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  }
  static std::optional<EntityType> TypeOf(std::string_view v) {
    if (v.size() == 14 && (v[0] == 'I' || v[0] == 'i') && (v[1] == 'D' || v[1] == 'd') &&
        Digits(v.substr(2))) {
      return EntityType::kCnResidentId;
    }
    if (v.size() == 11 && v[0] == '1' && Digits(v)) return EntityType::kCnMobile;
    if (v.find('@') != std::string_view::npos) return EntityType::kEmailAddress;
    return std::nullopt;
  }
};

}  // namespace xb::scan::testing

#endif  // XBORDER_SCAN_FAKE_CLASSIFIER_H_
