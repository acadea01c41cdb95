// Column-level discovery for structured data (issue: `xborder scan`).
//
// A ColumnClassifier is built once (compiled patterns, dictionaries, gazetteer) and is then
// immutable and shared by every scanning thread. Each thread keeps one ColumnStats per column,
// feeds it cells, and the scanner merges the per-thread stats at the end. Values decide, headers
// only help: the header can break a tie or lift a semantic type (PERSON_NAME, GENDER ...), never
// override what validated identifiers say.
//
// CONTRACT: nothing here stores raw cell values except MaskedSample(), which masks them.
#ifndef XBORDER_DETECT_COLUMN_CLASSIFIER_H_
#define XBORDER_DETECT_COLUMN_CLASSIFIER_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_date.h"
#include "core/status.h"
#include "detect/entity_type.h"

namespace xb {

// Per-column accumulator. Cheap to create; not thread-safe (one per thread per column).
struct ColumnStats {
  uint64_t cells = 0;                                   // rows seen
  uint64_t non_empty = 0;                               // cells with non-blank content
  std::array<uint64_t, kEntityTypeCount> matches{};     // cells in which each type was found
  std::vector<std::string> masked_samples;              // at most a few, already masked
  // Cells whose value has the shape of a type that values alone cannot confirm (an 8-digit
  // number may be a Taiwan residents' permit, 1990-03-07 a birth date, 35 an age): they count
  // towards that type only when the column header names it (see Decide()).
  std::array<uint64_t, kEntityTypeCount> weak{};
  // Valid resident IDs whose 6-digit region code is not in the current GB/T 2260 table (old
  // codes of merged counties, or forgeries): they count as matches but lower the confidence.
  uint64_t resident_ids_unknown_region = 0;
  // The classifier's guess for the next cell (the last type validated in this column, -1 for
  // none): lets AddCell try one validator before computing the cell's shape. Not a count;
  // callers leave it alone and Merge() ignores it.
  int8_t last_strong = -1;

  // Adds `other`'s counts; keeps at most max(masked_samples.size(), other's) samples, so merged
  // stats never hold more samples than the per-thread limit.
  void Merge(const ColumnStats& other);
};

// The verdict for one column.
struct ColumnVerdict {
  std::optional<EntityType> type;  // the type found in >= dominance of non-empty cells, else none
  uint64_t matches = 0;            // cells of `type`
  double ratio = 0;                // matches / non_empty (0 when empty)
  // Every type found at least once, most matches first. Weak shapes (ColumnStats::weak) are
  // listed, added to their type's count, only for the types the header names.
  std::vector<std::pair<EntityType, uint64_t>> types;
  // How sure the verdict is, 0..1 (0 when `type` is empty): `ratio`, lowered when the type
  // needed the header (weak shapes or a semantic lift) and by the share of resident IDs with
  // unknown region codes.
  double confidence = 0;
};

struct ClassifierOptions {
  std::string data_dir;     // dictionaries and gazetteer; default: <source>/data
  double dominance = 0.8;   // share of non-empty cells a type needs to name the column
  size_t max_samples = 3;   // masked samples kept per column
  // The latest plausible birth date (a resident ID born later is invalid); default: today in
  // China when the classifier is created.
  std::optional<CivilDate> today;
};

class ColumnClassifier {
 public:
  // Loads dictionaries and compiles patterns. Errors name the data file and line.
  static Result<std::unique_ptr<ColumnClassifier>> Create(const ClassifierOptions& options = {});

  ColumnClassifier(const ColumnClassifier&) = delete;  // expensive: share by pointer
  ColumnClassifier& operator=(const ColumnClassifier&) = delete;
  virtual ~ColumnClassifier() = default;

  // Records what one cell holds into *stats. Thread-safe (const); the hot path of `scan`: no
  // allocation for ordinary cells. A validated identifier inside a longer text cell counts.
  virtual void AddCell(std::string_view cell, ColumnStats* stats) const = 0;

  // Decides the column from its merged stats and its header.
  virtual ColumnVerdict Decide(std::string_view header, const ColumnStats& stats) const = 0;

  // The identifier in canonical form for keyed hashing of individuals (resident ID upper-case,
  // mobile as 11 digits, e-mail lower-case ...), or nullopt if `cell` is not a valid `type`.
  virtual std::optional<std::string> CanonicalIdentifier(EntityType type,
                                                         std::string_view cell) const = 0;

  // Birth date carried by a valid resident ID, or nullopt.
  virtual std::optional<CivilDate> BirthDateFromResidentId(std::string_view cell) const = 0;

  // The most masked samples AddCell keeps in one ColumnStats (ClassifierOptions::max_samples).
  virtual size_t max_samples() const = 0;

 protected:
  ColumnClassifier() = default;
};

// Masks a value for display: keeps a short prefix and suffix by type (110101********8531,
// 138****8000, z***@example.com); the middle is never shown.
std::string MaskedSample(EntityType type, std::string_view value);

}  // namespace xb

#endif  // XBORDER_DETECT_COLUMN_CLASSIFIER_H_
