// PRC administrative divisions (GB/T 2260) from data/cn-admin-divisions/: the region codes that
// open a resident ID, and the place names that tell an address or a city apart from a person's
// name.
//
// Immutable after Load(); safe to share between threads; lookups never allocate.
#ifndef XBORDER_DETECT_ADMIN_REGIONS_H_
#define XBORDER_DETECT_ADMIN_REGIONS_H_

#include <bitset>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "detect/dictionary.h"

namespace xb {

class AdminRegions {
 public:
  // Reads provinces.csv, cities.csv and areas.csv under `dir`. Errors name the file and line:
  // kNotFound when a file is missing, kParse for a row without a numeric code and a name.
  static Result<std::unique_ptr<AdminRegions>> Load(const std::string& dir);

  // True when `code` (6 digits, e.g. 110101) is a county-level code of the current table, or a
  // province (xx0000) or city (xxxx00) code. Old resident IDs carry codes of counties since
  // merged: treat false as "lower the confidence", not "invalid".
  bool IsKnownRegion(int code) const;

  // Place names: provinces, cities and counties, with and without their last character when
  // it is a level word (省 市 区 县 旗), e.g. 北京市 and 北京, 朝阳区 and 朝阳.
  bool IsPlaceName(std::string_view name) const { return places_.Contains(name); }
  std::vector<std::string_view> PlaceNames() const { return places_.Entries(); }

 private:
  AdminRegions() = default;

  std::bitset<1000000> codes_;
  Dictionary places_;
};

}  // namespace xb

#endif  // XBORDER_DETECT_ADMIN_REGIONS_H_
