// Per-column transforms for de-identification (DESIGN.md §8), applied before the privacy model:
// drop, keep, redact, suppress, mask, keyed tokenisation, FF1 format-preserving encryption,
// generalisation to one level of a built-in hierarchy, numeric bucketing and keyed date shift.
//
// Empty cells stay empty under every transform except drop (a missing value is not personal data
// and keeping it empty keeps the column's null rate visible).
#ifndef XBORDER_PROTECT_TRANSFORM_H_
#define XBORDER_PROTECT_TRANSFORM_H_

#include <array>
#include <cstdint>
#include <string>

#include "core/status.h"
#include "protect/generalizer.h"
#include "protect/region_gazetteer.h"
#include "protect/table.h"

namespace xb::protect {

enum class TransformKind {
  kKeep,        // unchanged
  kDrop,        // column removed from the output
  kRedact,      // every non-empty cell becomes "[REDACTED]"
  kSuppress,    // every non-empty cell becomes "*"
  kMask,        // keep the first/last code points, replace the rest with mask_char
  kTokenize,    // "tok_" + 32 hex digits of HMAC-SHA-256(token key, value): deterministic
  kFpe,         // FF1 over the alphabet's characters; other characters stay in place
  kGeneralize,  // one level of a built-in generalisation (generalizer.h)
  kBucket,      // numeric band of `width` ("100-199")
  kDateShift,   // date + offset in [-max_days, max_days], one offset per individual
};

struct TransformSpec {
  TransformKind kind = TransformKind::kKeep;
  // kMask: a value of keep_first + keep_last code points or fewer is masked entirely.
  int keep_first = 0;
  int keep_last = 0;
  std::string mask_char = "*";
  // kFpe: digits (radix 10), alnum_upper (0-9A-Z, radix 36), alnum (0-9A-Za-z, radix 62).
  std::string alphabet = "digits";
  // kGeneralize
  GeneralizerSpec generalizer;
  std::string level;  // level name, e.g. "year", "city"
  // kBucket
  double width = 10;
  // kDateShift: the column naming the individual, and the largest shift in days.
  std::string subject_column;
  int max_days = 30;
};

const char* TransformName(TransformKind kind);

// Sub-keys derived from the installation key (core/key_file.h DeriveSubKey): "token", "ff1",
// "date-shift".
struct TransformKeys {
  std::array<uint8_t, 32> token{};
  std::array<uint8_t, 32> ff1{};
  std::array<uint8_t, 32> date_shift{};
};

// Returns the transformed column `col` of `table` (kDrop and kKeep return it unchanged; the
// caller removes dropped columns). Deterministic transforms run once per distinct value.
// `regions` is needed for cn_region generalisation. Errors (kInvalidArgument) name the input
// line and the column, and describe a bad value by its shape: a value FF1 cannot encrypt (fewer
// alphabet characters than its minimum domain), a date or number that does not parse, a bad
// level name, a subject column that does not exist.
Result<Column> ApplyTransform(const Table& table, size_t col, const TransformSpec& spec,
                              const TransformKeys& keys, const RegionGazetteer* regions,
                              const std::string& source);

}  // namespace xb::protect

#endif  // XBORDER_PROTECT_TRANSFORM_H_
