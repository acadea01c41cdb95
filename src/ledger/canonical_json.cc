#include "ledger/canonical_json.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace xb::ledger {
namespace {

namespace dom = simdjson::dom;

// simdjson validates UTF-8, escapes and structure in one pass and classifies numbers (int64,
// uint64, double); the serializer below writes the canonical text from its DOM.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  // Depth is bounded by the parser's max_depth, so this recursion is bounded too.
  Status Value(dom::element e) {
    switch (e.type()) {
      case dom::element_type::OBJECT: {
        dom::object object;
        if (e.get_object().get(object)) return ParseError("malformed JSON object");
        return Object(object);
      }
      case dom::element_type::ARRAY: {
        dom::array array;
        if (e.get_array().get(array)) return ParseError("malformed JSON array");
        out_.push_back('[');
        bool first = true;
        for (dom::element item : array) {
          if (!first) out_.push_back(',');
          first = false;
          XB_RETURN_IF_ERROR(Value(item));
        }
        out_.push_back(']');
        return Status::Ok();
      }
      case dom::element_type::INT64:
        Integer(e.get_int64().value_unsafe());
        return Status::Ok();
      case dom::element_type::UINT64:
        // simdjson reports only values above INT64_MAX as unsigned.
        return ParseError("integer out of the signed 64-bit range");
      case dom::element_type::DOUBLE:
        return ParseError("numbers must be integers (write fractions and exponents as strings)");
      case dom::element_type::STRING:
        String(e.get_string().value_unsafe());
        return Status::Ok();
      case dom::element_type::BOOL:
        out_.append(e.get_bool().value_unsafe() ? "true" : "false");
        return Status::Ok();
      case dom::element_type::NULL_VALUE:
        out_.append("null");
        return Status::Ok();
    }
    return ParseError("unknown JSON value");
  }

  Status Object(dom::object object) {
    std::vector<std::pair<std::string_view, dom::element>> members;
    for (dom::key_value_pair kv : object) members.emplace_back(kv.key, kv.value);
    // Byte order of UTF-8 is code point order; stable so a duplicate is found next to its twin.
    std::stable_sort(members.begin(), members.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    out_.push_back('{');
    for (size_t i = 0; i < members.size(); ++i) {
      if (i > 0) {
        if (members[i].first == members[i - 1].first) {
          return ParseError("duplicate key in an object");
        }
        out_.push_back(',');
      }
      String(members[i].first);
      out_.push_back(':');
      XB_RETURN_IF_ERROR(Value(members[i].second));
    }
    out_.push_back('}');
    return Status::Ok();
  }

 private:
  void Integer(int64_t v) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, end);
  }

  // RFC 8785 string escaping: '"', '\\' and the C0 controls only.
  void String(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out_.push_back('"');
    size_t run = 0;  // start of the pending run of bytes that need no escape
    for (size_t i = 0; i < s.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(s.data() + run, i - run);
      run = i + 1;
      out_.push_back('\\');
      switch (c) {
        case '"':
          out_.push_back('"');
          break;
        case '\\':
          out_.push_back('\\');
          break;
        case '\b':
          out_.push_back('b');
          break;
        case '\f':
          out_.push_back('f');
          break;
        case '\n':
          out_.push_back('n');
          break;
        case '\r':
          out_.push_back('r');
          break;
        case '\t':
          out_.push_back('t');
          break;
        default:
          out_.append("u00");
          out_.push_back(kHex[c >> 4]);
          out_.push_back(kHex[c & 0xF]);
      }
    }
    out_.append(s.data() + run, s.size() - run);
    out_.push_back('"');
  }

  std::string& out_;
};

dom::parser& ThreadParser() {
  // Parsers are expensive to set up and not thread-safe: one per thread, reused.
  thread_local dom::parser parser = [] {
    dom::parser p;
    // On failure the first parse() reports the allocation error.
    simdjson::error_code ignored = p.allocate(1 << 16, kMaxJsonDepth);
    (void)ignored;
    return p;
  }();
  return parser;
}

}  // namespace

Result<std::string> CanonicalizeObject(std::string_view json) {
  // Canonical text is never longer than its input by more than the escapes of control
  // characters, so an input this large cannot make an acceptable entry.
  if (json.size() > 4 * kMaxEntryBytes) {
    return MakeError(ErrorCode::kResourceExhausted, "entry is larger than 1 MiB");
  }
  dom::parser& parser = ThreadParser();
  dom::element root;
  auto error = parser.parse(json.data(), json.size(), /*realloc_if_needed=*/true).get(root);
  if (error == simdjson::DEPTH_ERROR) {
    return ParseError("nesting deeper than " + std::to_string(kMaxJsonDepth));
  }
  if (error == simdjson::UTF8_ERROR) return ParseError("entry is not valid UTF-8");
  if (error == simdjson::NUMBER_OUT_OF_RANGE) {
    return ParseError("integer out of the signed 64-bit range");
  }
  if (error) return ParseError(std::string("malformed JSON: ") + simdjson::error_message(error));
  if (root.type() != dom::element_type::OBJECT) {
    return ParseError("an entry must be a JSON object");
  }
  std::string text;
  text.reserve(json.size());
  Writer writer(text);
  XB_RETURN_IF_ERROR(writer.Value(root));
  if (text.size() > kMaxEntryBytes) {
    return MakeError(ErrorCode::kResourceExhausted, "entry is larger than 1 MiB");
  }
  return text;
}

bool IsCanonicalObject(std::string_view json) {
  auto canonical = CanonicalizeObject(json);
  return canonical.ok() && *canonical == json;
}

}  // namespace xb::ledger
