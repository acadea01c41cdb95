// PRC administrative regions by GB/T 2260 code (data/cn-admin-divisions/): resolves a resident
// ID, a 6-digit division code or an address written from the province down
// ("河北省石家庄市长安区…") to its province, prefecture-level city and county-level area.
//
// Thread-safety: immutable after Load(); share freely.
#ifndef XBORDER_PROTECT_REGION_GAZETTEER_H_
#define XBORDER_PROTECT_REGION_GAZETTEER_H_

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace xb::protect {

class RegionGazetteer {
 public:
  // Reads provinces.csv, cities.csv and areas.csv from `dir`. Errors: kNotFound / kParse naming
  // the file and line.
  static Result<std::unique_ptr<RegionGazetteer>> Load(const std::string& dir);

  RegionGazetteer(const RegionGazetteer&) = delete;  // large: share by pointer
  RegionGazetteer& operator=(const RegionGazetteer&) = delete;

  // Labels for a value at three levels, each the full path of names ("河北省", "河北省石家庄市",
  // "河北省石家庄市长安区"). A level that cannot be resolved repeats the label above it (so the
  // labels form a tree); an address whose province is not recognised is "*" at every level.
  // Codes not in the table resolve to their code prefix at that level.
  struct Labels {
    std::string province = "*";
    std::string city = "*";
    std::string county = "*";
  };
  Labels Resolve(std::string_view value) const;

 private:
  RegionGazetteer() = default;
  struct Division {
    std::string code;
    std::string name;
    std::vector<std::string> match_names;  // full name and accepted short forms
  };
  Labels ResolveCode(std::string_view code6) const;
  Labels ResolveAddress(std::string_view text) const;

  std::vector<Division> provinces_;
  std::unordered_map<std::string, std::vector<Division>> cities_;  // by province code
  std::unordered_map<std::string, std::vector<Division>> areas_;   // by city code
  std::unordered_map<std::string, std::string> names_;             // code -> name
};

}  // namespace xb::protect

#endif  // XBORDER_PROTECT_REGION_GAZETTEER_H_
