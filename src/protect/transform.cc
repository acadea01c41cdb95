#include "protect/transform.h"

#include <cmath>
#include <optional>

#include "core/civil_date.h"
#include "core/crypto.h"
#include "core/utf8.h"
#include "protect/ff1.h"

namespace xb::protect {
namespace {

std::string Mask(std::string_view value, const TransformSpec& spec) {
  std::vector<std::string_view> points;
  for (size_t i = 0; i < value.size();) {
    auto d = utf8::DecodeOne(value.substr(i));
    points.push_back(value.substr(i, d.length));
    i += d.length;
  }
  const size_t n = points.size();
  const size_t first = static_cast<size_t>(spec.keep_first);
  const size_t last = static_cast<size_t>(spec.keep_last);
  std::string out;
  const bool reveal = n > first + last;
  for (size_t i = 0; i < n; ++i) {
    if (reveal && (i < first || i >= n - last)) {
      out += points[i];
    } else {
      out += spec.mask_char;
    }
  }
  return out;
}

struct Alphabet {
  std::string chars;
  int index[256];
  explicit Alphabet(std::string c) : chars(std::move(c)) {
    for (int& i : index) i = -1;
    for (size_t i = 0; i < chars.size(); ++i)
      index[static_cast<unsigned char>(chars[i])] = static_cast<int>(i);
  }
};

std::optional<Alphabet> AlphabetFor(const std::string& name) {
  if (name == "digits") return Alphabet("0123456789");
  if (name == "alnum_upper") return Alphabet("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
  if (name == "alnum") {
    return Alphabet("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
  }
  return std::nullopt;
}

std::optional<CivilDate> ParseIsoDate(std::string_view s) { return CivilDate::Parse(s); }

// Index of the first row holding dictionary code `code`, for error messages.
size_t FirstRowWith(const Column& column, uint32_t code) {
  const auto& codes = column.codes();
  for (size_t r = 0; r < codes.size(); ++r) {
    if (codes[r] == code) return r;
  }
  return 0;
}

}  // namespace

const char* TransformName(TransformKind kind) {
  switch (kind) {
    case TransformKind::kKeep:
      return "keep";
    case TransformKind::kDrop:
      return "drop";
    case TransformKind::kRedact:
      return "redact";
    case TransformKind::kSuppress:
      return "suppress";
    case TransformKind::kMask:
      return "mask";
    case TransformKind::kTokenize:
      return "tokenize";
    case TransformKind::kFpe:
      return "fpe";
    case TransformKind::kGeneralize:
      return "generalize";
    case TransformKind::kBucket:
      return "bucket";
    case TransformKind::kDateShift:
      return "date_shift";
  }
  return "keep";
}

Result<Column> ApplyTransform(const Table& table, size_t col, const TransformSpec& spec,
                              const TransformKeys& keys, const RegionGazetteer* regions,
                              const std::string& source) {
  const Column& in = table.column(col);
  const std::string& name = table.column_names()[col];
  auto where = [&](size_t row) { return Location(source, table.line(row), name); };

  if (spec.kind == TransformKind::kKeep || spec.kind == TransformKind::kDrop) return in;

  if (spec.kind == TransformKind::kDateShift) {
    const int subject = table.FindColumn(spec.subject_column);
    if (subject < 0) {
      return InvalidArgument(
          "date_shift: subject column '" + spec.subject_column + "' is not in the data",
          Location(source, 0, name));
    }
    HmacSha256 mac(keys.date_shift);
    const uint64_t span = 2 * static_cast<uint64_t>(spec.max_days) + 1;
    Column out;
    out.Reserve(in.size());
    for (size_t r = 0; r < in.size(); ++r) {
      std::string_view value = in.Value(r);
      if (value.empty()) {
        out.Append(value);
        continue;
      }
      auto date = ParseIsoDate(value);
      if (!date) {
        return InvalidArgument("not a date (YYYY-MM-DD): " + DescribeShape(value), where(r));
      }
      Digest d = mac.Mac(table.cell(r, static_cast<size_t>(subject)));
      uint64_t x = 0;
      for (int i = 0; i < 8; ++i) x = (x << 8) | d[i];
      const int64_t offset = static_cast<int64_t>(x % span) - spec.max_days;
      out.Append(date->AddDays(offset).ToString());
    }
    return out;
  }

  // Deterministic transforms: one result per distinct value.
  std::unique_ptr<Generalizer> generalizer;
  int level = 0;
  if (spec.kind == TransformKind::kGeneralize || spec.kind == TransformKind::kBucket) {
    GeneralizerSpec gs = spec.generalizer;
    if (spec.kind == TransformKind::kBucket) gs = GeneralizerSpec{"numeric", {spec.width}};
    XB_ASSIGN_OR_RETURN(generalizer, MakeGeneralizer(gs, regions));
    level = spec.kind == TransformKind::kBucket ? 1 : generalizer->LevelByName(spec.level);
    if (level < 0) {
      return InvalidArgument("unknown level '" + spec.level + "' for " + gs.kind,
                             Location(source, 0, name));
    }
  }
  std::unique_ptr<Ff1> ff1;
  std::optional<Alphabet> alphabet;
  if (spec.kind == TransformKind::kFpe) {
    alphabet = AlphabetFor(spec.alphabet);
    if (!alphabet) {
      return InvalidArgument(
          "unknown FPE alphabet '" + spec.alphabet + "' (digits, alnum_upper, alnum)",
          Location(source, 0, name));
    }
    XB_ASSIGN_OR_RETURN(ff1, Ff1::Create(keys.ff1, static_cast<uint32_t>(alphabet->chars.size())));
  }
  std::unique_ptr<HmacSha256> mac;
  if (spec.kind == TransformKind::kTokenize) mac = std::make_unique<HmacSha256>(keys.token);
  const std::span<const uint8_t> tweak(reinterpret_cast<const uint8_t*>(name.data()), name.size());

  const auto& dict = in.dictionary();
  std::vector<std::string> mapped(dict.size());
  for (size_t code = 0; code < dict.size(); ++code) {
    const std::string& value = dict[code];
    std::string& out = mapped[code];
    if (value.empty()) continue;
    switch (spec.kind) {
      case TransformKind::kRedact:
        out = "[REDACTED]";
        break;
      case TransformKind::kSuppress:
        out = "*";
        break;
      case TransformKind::kMask:
        out = Mask(value, spec);
        break;
      case TransformKind::kTokenize:
        out = "tok_" + ToHex(mac->Mac(value)).substr(0, 32);
        break;
      case TransformKind::kFpe: {
        std::vector<uint32_t> numerals;
        for (unsigned char c : value) {
          if (alphabet->index[c] >= 0)
            numerals.push_back(static_cast<uint32_t>(alphabet->index[c]));
        }
        auto encrypted = ff1->Encrypt(numerals, tweak);
        if (!encrypted.ok()) {
          return InvalidArgument("cannot encrypt with FF1 (" + DescribeShape(value) +
                                     "): " + encrypted.error().message,
                                 where(FirstRowWith(in, static_cast<uint32_t>(code))));
        }
        out = value;
        size_t next = 0;
        for (char& c : out) {
          if (alphabet->index[static_cast<unsigned char>(c)] >= 0) {
            c = alphabet->chars[(*encrypted)[next++]];
          }
        }
        break;
      }
      case TransformKind::kGeneralize:
      case TransformKind::kBucket: {
        auto label = generalizer->Generalize(value, level);
        if (!label.ok()) {
          return InvalidArgument(label.error().message,
                                 where(FirstRowWith(in, static_cast<uint32_t>(code))));
        }
        out = std::move(label).value();
        break;
      }
      default:
        out = value;
    }
  }
  Column result;
  result.Reserve(in.size());
  std::vector<uint32_t> recode(dict.size());
  for (size_t code = 0; code < dict.size(); ++code) recode[code] = result.Intern(mapped[code]);
  for (uint32_t code : in.codes()) result.AppendCode(recode[code]);
  return result;
}

}  // namespace xb::protect
