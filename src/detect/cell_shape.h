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
constexpr std::array<uint16_t, 256> MakeShapeTable() {
  std::array<uint16_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    uint16_t v = kShOther;
    if (c >= '0' && c <= '9')
      v = kShDigit;
    else if (c >= 'A' && c <= 'Z')
      v = kShUpper;
    else if (c >= 'a' && c <= 'z')
      v = kShLower;
    else if (c == '@')
      v = kShAt;
    else if (c == ':')
      v = kShColon;
    else if (c == '.')
      v = kShDot;
    else if (c == '-')
      v = kShDash;
    else if (c == ' ' || c == '\t')
      v = kShSpace;
    else if (c == '/')
      v = kShSlash;
    else if (c == ',')
      v = kShComma;
    else if (c == '+')
      v = kShPlus;
    else if (c == '(' || c == ')')
      v = kShParen;
    else if (c == '\'')
      v = kShApos;
    else if (c >= 0x80)
      v = kShHigh;
    t[static_cast<size_t>(c)] = v;
  }
  return t;
}
inline constexpr std::array<uint16_t, 256> kShapeTable = MakeShapeTable();
}  // namespace internal

inline CellShape ComputeShape(std::string_view s) {
  CellShape shape;
  uint32_t classes = 0;
  uint32_t digits = 0;
  uint32_t letters = 0;
  for (char ch : s) {
    const uint16_t c = internal::kShapeTable[static_cast<unsigned char>(ch)];
    classes |= c;
    digits += (c & kShDigit);
    letters += (c & kShLetter) != 0;
  }
  shape.classes = static_cast<uint16_t>(classes);
  shape.digits = digits;
  shape.letters = letters;
  return shape;
}

}  // namespace xb

#endif  // XBORDER_DETECT_CELL_SHAPE_H_
