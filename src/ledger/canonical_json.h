// The canonical form of a ledger entry. Auditors hash entries byte for byte, so every JSON
// object has exactly one accepted spelling:
//
//   - UTF-8, no byte order mark; no whitespace outside strings.
//   - Object members sorted by key, comparing the keys' UTF-8 bytes (which is Unicode code point
//     order); duplicate keys are an error.
//   - Numbers are integers only, in [-2^63, 2^63 - 1], written in shortest decimal form with no
//     leading zeros, no "+", no exponent, no fraction ("-0" becomes "0"). Fractions and
//     exponents are rejected: amounts and dates belong in strings, and floats have no single
//     spelling across languages.
//   - Strings as in RFC 8785: escaped are only '"' and '\\' (as \" and \\), and the control
//     characters U+0000..U+001F (as \b \t \n \f \r, or \u00xx in lowercase hex otherwise);
//     every other character, including '/' and non-ASCII, is written as its UTF-8 bytes.
//     Unpaired surrogates and invalid UTF-8 are rejected.
//   - true, false, null as such; arrays keep their order.
//
// For objects with integer numbers only, this is the RFC 8785 (JCS) output except for the key
// order of keys outside the Basic Multilingual Plane (JCS sorts by UTF-16 code units).
#ifndef XBORDER_LEDGER_CANONICAL_JSON_H_
#define XBORDER_LEDGER_CANONICAL_JSON_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace xb::ledger {

inline constexpr size_t kMaxEntryBytes = 1 << 20;  // one entry's canonical text
inline constexpr int kMaxJsonDepth = 64;           // nesting of arrays and objects

// Parses one JSON value that must be an object and returns its canonical text.
// Errors: kParse for malformed JSON, a non-object, a
// fraction or exponent, an integer out of range, a duplicate key, or nesting deeper than
// kMaxJsonDepth; kResourceExhausted above kMaxEntryBytes. The message never quotes the input.
Result<std::string> CanonicalizeObject(std::string_view json);

// True if `json` is already canonical (CanonicalizeObject(json) would return it unchanged).
bool IsCanonicalObject(std::string_view json);

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_CANONICAL_JSON_H_
