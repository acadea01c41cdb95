#include "protect/generalizer.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>

#include "core/civil_date.h"
#include "core/utf8.h"

namespace xb::protect {
namespace {

std::optional<CivilDate> ParseLooseDate(std::string_view s) {
  if (s.size() == 8) {
    for (char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
    }
    std::string iso = std::string(s.substr(0, 4)) + "-" + std::string(s.substr(4, 2)) + "-" +
                      std::string(s.substr(6, 2));
    return CivilDate::Parse(iso);
  }
  if (s.size() == 10 && s[4] == '/' && s[7] == '/') {
    std::string iso(s);
    iso[4] = iso[7] = '-';
    return CivilDate::Parse(iso);
  }
  return CivilDate::Parse(s);
}

std::optional<double> ParseNumber(std::string_view s) {
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string FormatNumber(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

Error BadShape(const char* what, std::string_view value) {
  return InvalidArgument(std::string("not ") + what + ": " + DescribeShape(value));
}

class DateGeneralizer : public Generalizer {
 public:
  int height() const override { return 5; }
  Result<std::string> Generalize(std::string_view value, int level) const override {
    if (level == 0) return std::string(value);
    if (level == 4) return std::string("*");
    if (value.empty()) return std::string();
    auto date = ParseLooseDate(value);
    if (!date) return BadShape("a date (YYYY-MM-DD)", value);
    char buf[32];
    switch (level) {
      case 1:
        std::snprintf(buf, sizeof buf, "%04d-%02d", date->year(), date->month());
        break;
      case 2:
        std::snprintf(buf, sizeof buf, "%04d", date->year());
        break;
      default: {
        int decade = date->year() / 10 * 10;
        std::snprintf(buf, sizeof buf, "%04d-%04d", decade, decade + 9);
      }
    }
    return std::string(buf);
  }
  int LevelByName(std::string_view name) const override {
    if (name == "date" || name == "day") return 0;
    if (name == "month") return 1;
    if (name == "year") return 2;
    if (name == "decade") return 3;
    if (name == "*" || name == "all") return 4;
    return -1;
  }
};

class NumericGeneralizer : public Generalizer {
 public:
  explicit NumericGeneralizer(std::vector<double> widths) : widths_(std::move(widths)) {}
  int height() const override { return static_cast<int>(widths_.size()) + 2; }
  Result<std::string> Generalize(std::string_view value, int level) const override {
    if (level == 0) return std::string(value);
    if (level == height() - 1) return std::string("*");
    if (value.empty()) return std::string();
    auto v = ParseNumber(value);
    if (!v) return BadShape("a number", value);
    const double w = widths_[level - 1];
    const double lo = std::floor(*v / w) * w;
    if (std::floor(w) == w && std::floor(*v) == *v) {
      return FormatNumber(lo) + "-" + FormatNumber(lo + w - 1);
    }
    return "[" + FormatNumber(lo) + ", " + FormatNumber(lo + w) + ")";
  }
  int LevelByName(std::string_view name) const override {
    for (size_t i = 0; i < widths_.size(); ++i) {
      if (name == "band" + FormatNumber(widths_[i])) return static_cast<int>(i) + 1;
    }
    if (name == "*" || name == "all") return height() - 1;
    return -1;
  }

 private:
  std::vector<double> widths_;
};

class RegionGeneralizer : public Generalizer {
 public:
  explicit RegionGeneralizer(const RegionGazetteer* regions) : regions_(regions) {}
  int height() const override { return 5; }
  Result<std::string> Generalize(std::string_view value, int level) const override {
    if (level == 0) return std::string(value);
    if (level == 4) return std::string("*");
    if (value.empty()) return std::string();
    RegionGazetteer::Labels l = regions_->Resolve(value);
    return level == 1 ? l.county : level == 2 ? l.city : l.province;
  }
  int LevelByName(std::string_view name) const override {
    if (name == "county" || name == "area" || name == "district") return 1;
    if (name == "city" || name == "prefecture") return 2;
    if (name == "province") return 3;
    if (name == "*" || name == "all") return 4;
    return -1;
  }

 private:
  const RegionGazetteer* regions_;
};

}  // namespace

std::string DescribeShape(std::string_view value) {
  size_t points = utf8::CountCodePoints(value);
  bool digits = false, letters = false, other = false, non_ascii = false;
  for (unsigned char c : value) {
    if (c >= 0x80) {
      non_ascii = true;
    } else if (c >= '0' && c <= '9') {
      digits = true;
    } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
      letters = true;
    } else {
      other = true;
    }
  }
  std::string out = std::to_string(points) + (points == 1 ? " character" : " characters");
  std::string kinds;
  auto add = [&](bool present, const char* name) {
    if (!present) return;
    kinds += kinds.empty() ? ": " : ", ";
    kinds += name;
  };
  add(digits, "digits");
  add(letters, "Latin letters");
  add(non_ascii, "non-ASCII");
  add(other, "punctuation or spaces");
  return out + kinds;
}

Result<std::unique_ptr<Generalizer>> MakeGeneralizer(const GeneralizerSpec& spec,
                                                     const RegionGazetteer* regions) {
  if (spec.kind == "date") return std::unique_ptr<Generalizer>(new DateGeneralizer());
  if (spec.kind == "age") {
    return std::unique_ptr<Generalizer>(new NumericGeneralizer({5, 10, 20}));
  }
  if (spec.kind == "numeric") {
    if (spec.widths.empty()) return InvalidArgument("numeric generalisation needs widths");
    for (size_t i = 0; i < spec.widths.size(); ++i) {
      const double w = spec.widths[i];
      if (!(w > 0) || !std::isfinite(w)) return InvalidArgument("widths must be positive");
      if (i > 0) {
        const double ratio = w / spec.widths[i - 1];
        if (ratio <= 1 || std::fabs(ratio - std::round(ratio)) > 1e-9) {
          return InvalidArgument(
              "each width must be a larger multiple of the previous one (bands must nest)");
        }
      }
    }
    return std::unique_ptr<Generalizer>(new NumericGeneralizer(spec.widths));
  }
  if (spec.kind == "cn_region") {
    if (regions == nullptr) return InvalidArgument("cn_region needs the division tables");
    return std::unique_ptr<Generalizer>(new RegionGeneralizer(regions));
  }
  return InvalidArgument("unknown generalisation '" + spec.kind +
                         "' (date, age, numeric, cn_region)");
}

Result<Hierarchy> BuildHierarchy(const Generalizer& generalizer,
                                 const std::vector<std::string>& values) {
  std::vector<std::vector<std::string>> rows;
  rows.reserve(values.size());
  for (const auto& v : values) {
    std::vector<std::string> row;
    for (int level = 0; level < generalizer.height(); ++level) {
      XB_ASSIGN_OR_RETURN(std::string label, generalizer.Generalize(v, level));
      row.push_back(std::move(label));
    }
    rows.push_back(std::move(row));
  }
  return Hierarchy::FromRows(rows, "built-in hierarchy");
}

}  // namespace xb::protect
