#include "monitor/egress_event.h"

#include <simdjson.h>

#include <algorithm>
#include <array>

#include "rules/fact_model.h"

namespace xb::monitor {
namespace od = simdjson::ondemand;
namespace {

Malformed Bad(MalformedKind kind, std::string field = {}) { return {kind, std::move(field)}; }

bool KnownPurpose(std::string_view purpose) {
  static const std::vector<std::string> purposes =
      rules::FactModel().info(rules::kPurpose).vocabulary;
  return std::find(purposes.begin(), purposes.end(), purpose) != purposes.end();
}

// Reads a string member into *out; a wrong type is malformed.
std::optional<Malformed> ReadString(od::value v, const char* field, std::string* out) {
  std::string_view s;
  if (v.get_string().get(s) != simdjson::SUCCESS) return Bad(MalformedKind::kWrongType, field);
  out->assign(s.data(), s.size());
  return std::nullopt;
}

std::optional<Malformed> ReadCount(od::value v, const char* field, int64_t* out) {
  int64_t n = 0;
  if (v.get_int64().get(n) != simdjson::SUCCESS || n < 0 || n > kMaxEventCount) {
    return Bad(MalformedKind::kWrongType, field);
  }
  *out = n;
  return std::nullopt;
}

std::optional<Malformed> ReadCategories(od::value v, uint32_t* out) {
  od::array array;
  if (v.get_array().get(array) != simdjson::SUCCESS) {
    return Bad(MalformedKind::kWrongType, "categories");
  }
  for (auto item : array) {
    std::string_view s;
    if (item.get_string().get(s) != simdjson::SUCCESS) {
      return Bad(MalformedKind::kWrongType, "categories");
    }
    uint32_t bit = CategoryBit(s);
    if (bit == 0) return Bad(MalformedKind::kUnknownCategory, "categories");
    *out |= bit;
  }
  return std::nullopt;
}

std::optional<Malformed> ReadSubjects(od::value v, std::vector<std::string>* out) {
  od::array array;
  if (v.get_array().get(array) != simdjson::SUCCESS) {
    return Bad(MalformedKind::kWrongType, "subjects");
  }
  size_t n = 0;
  for (auto item : array) {
    std::string_view s;
    if (item.get_string().get(s) != simdjson::SUCCESS) {
      return Bad(MalformedKind::kWrongType, "subjects");
    }
    // The strings' buffers are kept from event to event: no allocation once warm.
    if (n == out->size()) out->emplace_back();
    (*out)[n++].assign(s.data(), s.size());
  }
  out->resize(n);
  return std::nullopt;
}

// The members an event is read from; others are read past.
constexpr std::array<std::string_view, 11> kEventMembers = {
    "time", "exporter",   "recipient", "country", "purpose", "system",
    "flow", "categories", "subjects",  "records", "bytes"};

uint32_t MemberBit(std::string_view key) {
  for (size_t i = 0; i < kEventMembers.size(); ++i) {
    if (kEventMembers[i] == key) return uint32_t{1} << i;
  }
  return 0;
}

}  // namespace

const char* MalformedKindName(MalformedKind kind) {
  switch (kind) {
    case MalformedKind::kNotJson:
      return "not_json";
    case MalformedKind::kMissingField:
      return "missing_field";
    case MalformedKind::kWrongType:
      return "wrong_type";
    case MalformedKind::kBadTime:
      return "bad_time";
    case MalformedKind::kUnknownCategory:
      return "unknown_category";
    case MalformedKind::kTooLarge:
      return "too_large";
    case MalformedKind::kUnknownValue:
      return "unknown_value";
    case MalformedKind::kRepeatedField:
      return "repeated_field";
  }
  return "unknown";
}

const std::vector<std::string>& CategoryNames() {
  static const std::vector<std::string> names =
      rules::FactModel().info(rules::kDataCategories).vocabulary;
  return names;
}

uint32_t CategoryBit(std::string_view name) {
  const auto& names = CategoryNames();
  for (size_t i = 0; i < names.size() && i < 32; ++i) {
    if (names[i] == name) return uint32_t{1} << i;
  }
  return 0;
}

std::string CategoryList(uint32_t bits) {
  std::string out;
  const auto& names = CategoryNames();
  for (size_t i = 0; i < names.size() && i < 32; ++i) {
    if (bits & (uint32_t{1} << i)) out += (out.empty() ? "" : ", ") + names[i];
  }
  return out;
}

bool LooksLikeKeyedHash(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

struct EventParser::Impl {
  od::parser parser;
  std::string padded;  // the event copied with simdjson's padding after it
};

EventParser::EventParser() : impl_(std::make_unique<Impl>()) {}
EventParser::~EventParser() = default;

std::optional<Malformed> EventParser::Parse(std::string_view text, EgressEvent* e) {
  if (text.size() > kMaxEventBytes) return Bad(MalformedKind::kTooLarge);
  std::string& buf = impl_->padded;
  buf.assign(text.data(), text.size());
  buf.append(simdjson::SIMDJSON_PADDING, '\0');
  od::document doc;
  if (impl_->parser.iterate(buf.data(), text.size(), buf.size()).get(doc) != simdjson::SUCCESS) {
    return Bad(MalformedKind::kNotJson);
  }
  od::object object;
  if (doc.get_object().get(object) != simdjson::SUCCESS) return Bad(MalformedKind::kNotJson);

  e->exporter.clear();
  e->recipient.clear();
  e->country.clear();
  e->purpose.clear();
  e->system.clear();
  e->flow.clear();
  e->subjects.clear();
  e->categories = 0;
  e->records = 0;
  e->bytes = 0;
  bool has_time = false;
  uint32_t seen = 0;  // bit i: kEventMembers[i] was read
  for (auto member : object) {
    od::field field;
    std::string_view key;
    if (std::move(member).get(field) != simdjson::SUCCESS ||
        field.unescaped_key().get(key) != simdjson::SUCCESS) {
      return Bad(MalformedKind::kNotJson);
    }
    // A member given twice: the first and the last value would each be a guess (and the
    // publisher's partition reads the first).
    if (uint32_t bit = MemberBit(key); bit != 0) {
      if (seen & bit) return Bad(MalformedKind::kRepeatedField, std::string(key));
      seen |= bit;
    }
    od::value v = field.value();
    std::optional<Malformed> bad;
    if (key == "time") {
      std::string_view s;
      if (v.get_string().get(s) != simdjson::SUCCESS) return Bad(MalformedKind::kWrongType, "time");
      std::optional<Timestamp> t = ParseTimestamp(s);
      if (!t) return Bad(MalformedKind::kBadTime, "time");
      e->time = *t;
      has_time = true;
    } else if (key == "exporter") {
      bad = ReadString(v, "exporter", &e->exporter);
    } else if (key == "recipient") {
      bad = ReadString(v, "recipient", &e->recipient);
    } else if (key == "country") {
      bad = ReadString(v, "country", &e->country);
    } else if (key == "purpose") {
      bad = ReadString(v, "purpose", &e->purpose);
    } else if (key == "system") {
      bad = ReadString(v, "system", &e->system);
    } else if (key == "flow") {
      bad = ReadString(v, "flow", &e->flow);
    } else if (key == "categories") {
      bad = ReadCategories(v, &e->categories);
    } else if (key == "subjects") {
      bad = ReadSubjects(v, &e->subjects);
    } else if (key == "records") {
      bad = ReadCount(v, "records", &e->records);
    } else if (key == "bytes") {
      bad = ReadCount(v, "bytes", &e->bytes);
    }  // other members are read past by the next iteration
    if (bad) return bad;
  }
  // Past the object the document must end: a location inside it means trailing content.
  if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    return Bad(MalformedKind::kNotJson);
  }
  if (!has_time) return Bad(MalformedKind::kMissingField, "time");
  if (e->exporter.empty()) return Bad(MalformedKind::kMissingField, "exporter");
  if (e->exporter.size() > kMaxExporterBytes) return Bad(MalformedKind::kWrongType, "exporter");
  if (e->recipient.empty()) return Bad(MalformedKind::kMissingField, "recipient");
  if (e->purpose.empty()) return Bad(MalformedKind::kMissingField, "purpose");
  if (!KnownPurpose(e->purpose)) return Bad(MalformedKind::kUnknownValue, "purpose");
  if (!e->country.empty() && !rules::EncodeCountry(e->country)) {
    return Bad(MalformedKind::kUnknownValue, "country");
  }
  return std::nullopt;
}

}  // namespace xb::monitor
