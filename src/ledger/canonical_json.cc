#include "ledger/canonical_json.h"

#include <cstdint>
#include <exception>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace xb::ledger {
namespace {

using Json = nlohmann::json;

// Builds a DOM from nlohmann's SAX events so that duplicate keys, floats and excessive nesting
// are rejected (nlohmann's own DOM builder keeps the last duplicate and accepts floats).
class StrictBuilder : public nlohmann::json_sax<Json> {
 public:
  bool null() override { return Add(Json(nullptr)); }
  bool boolean(bool v) override { return Add(Json(v)); }
  bool number_integer(number_integer_t v) override { return Add(Json(v)); }
  bool number_unsigned(number_unsigned_t v) override {
    if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return Fail("integer out of the signed 64-bit range");
    }
    return Add(Json(static_cast<int64_t>(v)));
  }
  bool number_float(number_float_t, const string_t&) override {
    return Fail("numbers must be integers (write fractions and exponents as strings)");
  }
  bool string(string_t& v) override { return Add(Json(std::move(v))); }
  bool binary(binary_t&) override { return Fail("binary values are not JSON"); }
  bool start_object(std::size_t) override { return Open(Json::object()); }
  bool key(string_t& k) override {
    if (stack_.back()->contains(k)) return Fail("duplicate key in an object");
    key_ = std::move(k);
    return true;
  }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(Json::array()); }
  bool end_array() override { return Close(); }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception&) override {
    if (error_.empty()) error_ = "malformed JSON at byte " + std::to_string(position);
    return false;
  }

  Json& root() { return root_; }
  const std::string& error() const { return error_; }

 private:
  bool Fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }
  Json* Place(Json value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Json* top = stack_.back();
    if (top->is_array()) {
      top->push_back(std::move(value));
      return &top->back();
    }
    Json& slot = (*top)[key_];
    slot = std::move(value);
    return &slot;
  }
  bool Add(Json value) {
    Place(std::move(value));
    return true;
  }
  bool Open(Json container) {
    if (static_cast<int>(stack_.size()) >= kMaxJsonDepth) {
      return Fail("nesting deeper than " + std::to_string(kMaxJsonDepth));
    }
    stack_.push_back(Place(std::move(container)));
    return true;
  }
  bool Close() {
    stack_.pop_back();
    return true;
  }

  Json root_;
  std::vector<Json*> stack_;
  std::string key_;
  std::string error_;
};

}  // namespace

Result<std::string> CanonicalizeObject(std::string_view json) {
  // Canonical text is never longer than its input by more than the escapes of control
  // characters, so an input this large cannot make an acceptable entry.
  if (json.size() > 4 * kMaxEntryBytes) {
    return MakeError(ErrorCode::kResourceExhausted, "entry is larger than 1 MiB");
  }
  StrictBuilder builder;
  try {
    bool ok =
        Json::sax_parse(json.begin(), json.end(), &builder, nlohmann::json::input_format_t::json,
                        /*strict=*/true);
    if (!ok) {
      return ParseError(builder.error().empty() ? "malformed JSON" : builder.error());
    }
    if (!builder.root().is_object()) return ParseError("an entry must be a JSON object");
    std::string text =
        builder.root().dump(-1, ' ', /*ensure_ascii=*/false, Json::error_handler_t::strict);
    if (text.size() > kMaxEntryBytes) {
      return MakeError(ErrorCode::kResourceExhausted, "entry is larger than 1 MiB");
    }
    return text;
  } catch (const std::exception&) {
    // nlohmann reports invalid UTF-8 on output by exception; the input was not valid text.
    return ParseError("entry is not valid UTF-8 JSON");
  }
}

bool IsCanonicalObject(std::string_view json) {
  auto canonical = CanonicalizeObject(json);
  return canonical.ok() && *canonical == json;
}

}  // namespace xb::ledger
