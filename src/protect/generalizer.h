// Built-in generalisations: functions from a value to its label at each level, for dates, ages,
// numbers and PRC regions. As a column transform one level is applied; as a quasi-identifier's
// hierarchy all levels are materialised over the column's distinct values (BuildHierarchy).
//
// Levels (0 is always the original value, the last is always "*"):
//   date       date (YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD), month "YYYY-MM", year "YYYY",
//              decade "1980-1989", *
//   age        the value, 5-year band "20-24", 10-year band "20-29", 20-year band "20-39", *
//   numeric    the value, then one band per width ("100-199" for integers, "[0.5, 1)" otherwise), *
//   cn_region  the value (resident ID, GB/T 2260 code or address), county, city, province, *
// An empty cell stays empty below "*" (a missing value is not generalised into a band).
//
// Thread-safety: immutable; share freely.
#ifndef XBORDER_PROTECT_GENERALIZER_H_
#define XBORDER_PROTECT_GENERALIZER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "protect/hierarchy.h"
#include "protect/region_gazetteer.h"

namespace xb::protect {

class Generalizer {
 public:
  virtual ~Generalizer() = default;
  // Number of levels, the original and "*" included.
  virtual int height() const = 0;
  // The label of `value` at `level` (0..height-1). Errors: kInvalidArgument describing the
  // value's shape, never its content ("not a date: 7 characters").
  virtual Result<std::string> Generalize(std::string_view value, int level) const = 0;
  // The level called `name` ("month", "year", "city", "band10" ...), or -1.
  virtual int LevelByName(std::string_view name) const = 0;
};

struct GeneralizerSpec {
  std::string kind;            // date | age | numeric | cn_region
  std::vector<double> widths;  // numeric only: increasing, each a multiple of the previous
};

// Errors: kInvalidArgument for an unknown kind or bad widths. `regions` is required for
// cn_region (not owned; must outlive the generalizer).
Result<std::unique_ptr<Generalizer>> MakeGeneralizer(const GeneralizerSpec& spec,
                                                     const RegionGazetteer* regions);

// The hierarchy of `values` under `generalizer`. Errors: the first value that cannot be
// generalised (kInvalidArgument, `where` is left for the caller to fill).
Result<Hierarchy> BuildHierarchy(const Generalizer& generalizer,
                                 const std::vector<std::string>& values);

// Describes a value by its shape for error messages: length and character classes, never the
// characters themselves ("11 characters: digits").
std::string DescribeShape(std::string_view value);

}  // namespace xb::protect

#endif  // XBORDER_PROTECT_GENERALIZER_H_
