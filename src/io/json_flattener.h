// Flattens one JSON Lines record into columns: nested objects become dotted names
// ({"a":{"b":1}} → "a.b"), strings are unescaped, numbers and booleans keep their JSON text,
// null is an empty cell. Arrays are not exploded: an array is one cell holding its JSON text
// (["138...","139..."]), so a record stays one row and identifiers inside arrays are still found
// by the detectors, which look inside text cells.
//
// Not thread-safe: one flattener per thread (it owns a simdjson parser).
#ifndef XBORDER_IO_JSON_FLATTENER_H_
#define XBORDER_IO_JSON_FLATTENER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace xb::io {

struct FlatField {
  std::string_view name;   // dotted; valid until the next Flatten()
  std::string_view value;  // UTF-8; valid until the next Flatten() and while the input lives
};

class JsonFlattener {
 public:
  JsonFlattener();
  ~JsonFlattener();
  JsonFlattener(const JsonFlattener&) = delete;  // owns parser buffers
  JsonFlattener& operator=(const JsonFlattener&) = delete;

  // Parses the record [data, data + size) into *fields, in document order.
  // REQUIRES: `capacity` >= size + 64 bytes are readable from `data` (simdjson's padding).
  // Errors: kParse ("not a JSON object", simdjson's description of the syntax error, or a
  // duplicate key: two fields with the same dotted name, with that name as the error's field);
  // the caller adds the file and line.
  Status Flatten(const char* data, size_t size, size_t capacity, std::vector<FlatField>* fields);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xb::io

#endif  // XBORDER_IO_JSON_FLATTENER_H_
