#include "io/json_flattener.h"

#include <simdjson.h>

#include <algorithm>
#include <optional>
#include <utility>

namespace xb::io {

namespace od = simdjson::ondemand;

namespace {

// A dotted name that two fields share (possibly ""), if any. Pairwise for the usual few dozen
// fields (no allocation); sorted beyond that, so a record of thousands of keys stays n log n.
std::optional<std::string_view> RepeatedName(const std::vector<FlatField>& fields,
                                             std::vector<std::string_view>* scratch) {
  constexpr size_t kPairwiseLimit = 32;
  if (fields.size() <= kPairwiseLimit) {
    for (size_t i = 1; i < fields.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (fields[i].name == fields[j].name) return fields[i].name;
      }
    }
    return std::nullopt;
  }
  scratch->clear();
  for (const FlatField& f : fields) scratch->push_back(f.name);
  std::sort(scratch->begin(), scratch->end());
  auto it = std::adjacent_find(scratch->begin(), scratch->end());
  if (it == scratch->end()) return std::nullopt;
  return *it;
}

}  // namespace

struct JsonFlattener::Impl {
  od::parser parser;
  std::string path;   // the dotted name being built
  std::string names;  // emitted names, back to back
  std::vector<std::pair<size_t, size_t>> name_spans;
  std::vector<std::string_view> values;
  std::vector<std::string_view> sorted_names;  // scratch for RepeatedName

  void EmitValue(std::string_view value) {
    name_spans.emplace_back(names.size(), path.size());
    names.append(path);
    values.push_back(value);
  }

  simdjson::error_code WalkObject(od::object object) {
    size_t base = path.size();
    for (auto field_result : object) {
      od::field field;
      if (auto e = std::move(field_result).get(field); e) return e;
      std::string_view key;
      if (auto e = field.unescaped_key().get(key); e) return e;
      path.resize(base);
      if (base != 0) path.push_back('.');
      path.append(key);
      if (auto e = WalkValue(field.value()); e) return e;
    }
    path.resize(base);
    return simdjson::SUCCESS;
  }

  simdjson::error_code WalkValue(od::value value) {
    od::json_type type;
    if (auto e = value.type().get(type); e) return e;
    switch (type) {
      case od::json_type::object: {
        od::object object;
        if (auto e = value.get_object().get(object); e) return e;
        size_t base = path.size();
        auto e = WalkObject(object);
        path.resize(base);
        return e;
      }
      case od::json_type::array: {
        od::array array;
        if (auto e = value.get_array().get(array); e) return e;
        std::string_view raw;
        if (auto e = array.raw_json().get(raw); e) return e;
        EmitValue(raw);
        return simdjson::SUCCESS;
      }
      case od::json_type::string: {
        std::string_view s;
        if (auto e = value.get_string().get(s); e) return e;
        EmitValue(s);
        return simdjson::SUCCESS;
      }
      case od::json_type::number:
      case od::json_type::boolean: {
        std::string_view token = value.raw_json_token();
        while (!token.empty() && (token.back() == ' ' || token.back() == '\t' ||
                                  token.back() == '\r' || token.back() == '\n')) {
          token.remove_suffix(1);
        }
        // Validate what raw_json_token does not check.
        if (type == od::json_type::boolean) {
          bool b;
          if (auto e = value.get_bool().get(b); e) return e;
        } else {
          double d;
          if (auto e = value.get_double().get(d); e) return e;
        }
        EmitValue(token);
        return simdjson::SUCCESS;
      }
      case od::json_type::null: {
        bool is_null = false;
        if (auto e = value.is_null().get(is_null); e) return e;
        if (!is_null) return simdjson::N_ATOM_ERROR;
        EmitValue(std::string_view());
        return simdjson::SUCCESS;
      }
    }
    return simdjson::INCORRECT_TYPE;
  }
};

JsonFlattener::JsonFlattener() : impl_(std::make_unique<Impl>()) {}
JsonFlattener::~JsonFlattener() = default;

Status JsonFlattener::Flatten(const char* data, size_t size, size_t capacity,
                              std::vector<FlatField>* fields) {
  Impl& m = *impl_;
  fields->clear();
  m.path.clear();
  m.names.clear();
  m.name_spans.clear();
  m.values.clear();
  od::document doc;
  auto error = m.parser.iterate(data, size, capacity).get(doc);
  od::object object;
  if (!error) error = doc.get_object().get(object);
  if (error == simdjson::INCORRECT_TYPE) return ParseError("record is not a JSON object");
  if (!error) error = m.WalkObject(object);
  if (!error) {
    // Anything left after the object ("{...} x") is not one JSON text per line.
    const char* rest = nullptr;
    if (doc.current_location().get(rest) == simdjson::SUCCESS) error = simdjson::TRAILING_CONTENT;
  }
  if (error) return ParseError(std::string("invalid JSON: ") + simdjson::error_message(error));
  fields->reserve(m.values.size());
  for (size_t i = 0; i < m.values.size(); ++i) {
    fields->push_back(
        {std::string_view(m.names).substr(m.name_spans[i].first, m.name_spans[i].second),
         m.values[i]});
  }
  // A repeated key ({"ip":1,"ip":2}, or {"a.b":1,"a":{"b":2}} once flattened) would give one
  // record two cells in one column, and RFC 8259 leaves which one counts undefined: refuse the
  // record rather than pick a value (or count both) silently.
  if (std::optional<std::string_view> name = RepeatedName(*fields, &m.sorted_names)) {
    fields->clear();
    return ParseError("duplicate key: the record gives this field twice",
                      Location({}, 0, std::string(*name)));
  }
  return Status::Ok();
}

}  // namespace xb::io
