// One pass over a cell's bytes that tells the classifier which validators are worth trying.
//
// Internal to src/detect (the column classifier and its benchmark); not a stable API.
#ifndef XBORDER_DETECT_CELL_SHAPE_H_
#define XBORDER_DETECT_CELL_SHAPE_H_

#include <array>
#include <cstdint>
#include <string_view>

namespace xb {

// Byte classes, OR-ed together into CellShape::classes.
enum ShapeClass : uint16_t {
  kShDigit = 1 << 0,
  kShUpper = 1 << 1,
  kShLower = 1 << 2,
  kShAt = 1 << 3,
  kShColon = 1 << 4,
  kShDot = 1 << 5,
  kShDash = 1 << 6,
  kShSpace = 1 << 7,
  kShSlash = 1 << 8,
  kShComma = 1 << 9,
  kShPlus = 1 << 10,
  kShParen = 1 << 11,
  kShHigh = 1 << 12,   // a byte >= 0x80 (part of a non-ASCII character)
  kShApos = 1 << 13,   // ' (in names: O'Brien)
  kShOther = 1 << 14,  // any other ASCII byte: control characters, quotes, _ % # & ...
};

constexpr uint16_t kShLetter = kShUpper | kShLower;
constexpr uint16_t kShAlnum = kShDigit | kShLetter;

struct CellShape {
  uint16_t classes = 0;  // OR of the classes of every byte
  uint32_t digits = 0;   // ASCII digits
  uint32_t letters = 0;  // ASCII letters
};

namespace internal {
// One 64-bit word per byte value: the class bit in bits 0..15, 1 in bits 32..47 for a digit
// and 1 in bits 48..63 for a letter. OR-ing the words gives the classes; adding them counts
// digits and letters in the high halves at the same time (4 instructions a byte).
constexpr uint64_t kDigitUnit = uint64_t{1} << 32;
constexpr uint64_t kLetterUnit = uint64_t{1} << 48;

constexpr std::array<uint64_t, 256> MakeShapeTable() {
  std::array<uint64_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    uint64_t v = kShOther;
    if (c >= '0' && c <= '9') {
      v = kShDigit | kDigitUnit;
    } else if (c >= 'A' && c <= 'Z') {
      v = kShUpper | kLetterUnit;
    } else if (c >= 'a' && c <= 'z') {
      v = kShLower | kLetterUnit;
    } else if (c == '@') {
      v = kShAt;
    } else if (c == ':') {
      v = kShColon;
    } else if (c == '.') {
      v = kShDot;
    } else if (c == '-') {
      v = kShDash;
    } else if (c == ' ' || c == '\t') {
      v = kShSpace;
    } else if (c == '/') {
      v = kShSlash;
    } else if (c == ',') {
      v = kShComma;
    } else if (c == '+') {
      v = kShPlus;
    } else if (c == '(' || c == ')') {
      v = kShParen;
    } else if (c == '\'') {
      v = kShApos;
    } else if (c >= 0x80) {
      v = kShHigh;
    }
    t[static_cast<size_t>(c)] = v;
  }
  return t;
}
inline constexpr std::array<uint64_t, 256> kShapeTable = MakeShapeTable();
}  // namespace internal

inline CellShape ComputeShape(std::string_view s) {
  CellShape shape;
  if (s.size() < 65536) {
    // The low halves of `sum` collect carries from the class bits (at most 2^15 per byte,
    // so below 2^31 for < 65536 bytes) and never reach bit 32; digit and letter counts stay
    // below 2^16 and never overflow into each other.
    uint64_t classes = 0;
    uint64_t sum = 0;
    for (char ch : s) {
      const uint64_t v = internal::kShapeTable[static_cast<unsigned char>(ch)];
      classes |= v;
      sum += v;
    }
    shape.classes = static_cast<uint16_t>(classes);
    shape.digits = static_cast<uint32_t>((sum >> 32) & 0xFFFF);
    shape.letters = static_cast<uint32_t>(sum >> 48);
    return shape;
  }
  uint32_t classes = 0;
  for (char ch : s) {
    const uint64_t v = internal::kShapeTable[static_cast<unsigned char>(ch)];
    classes |= static_cast<uint32_t>(v & 0xFFFF);
    shape.digits += (v & kShDigit) != 0;
    shape.letters += (v & kShLetter) != 0;
  }
  shape.classes = static_cast<uint16_t>(classes);
  return shape;
}

}  // namespace xb

#endif  // XBORDER_DETECT_CELL_SHAPE_H_
