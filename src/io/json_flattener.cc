#include "io/json_flattener.h"

#include <simdjson.h>

#include <utility>

namespace xb::io {

namespace od = simdjson::ondemand;

struct JsonFlattener::Impl {
  od::parser parser;
  std::string path;   // the dotted name being built
  std::string names;  // emitted names, back to back
  std::vector<std::pair<size_t, size_t>> name_spans;
  std::vector<std::string_view> values;

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
  return Status::Ok();
}

}  // namespace xb::io
