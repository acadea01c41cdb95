#include "ledger/year_to_date_json.h"

#include <nlohmann/json.hpp>

namespace xb::ledger {
namespace {

using Json = nlohmann::json;

Json CountsJson(const SubjectCounts& c) {
  return {{"individuals", c.individuals}, {"sensitive_individuals", c.sensitive_individuals}};
}
Json PathJson(const PathCounts& p) {
  return {{"counted", CountsJson(p.counted)}, {"exempt", CountsJson(p.exempt)}};
}

}  // namespace

std::string YearToDateToJson(const YearToDateCounts& ytd) {
  return Json{{"exporter", ytd.exporter},
              {"year", ytd.year},
              {"key_id", ytd.key_id},
              {"year_to_date", PathJson(ytd.year_to_date)},
              {"since_previous_year", PathJson(ytd.since_previous_year)},
              {"other_keys",
               {{"year_to_date", PathJson(ytd.other_keys_year_to_date)},
                {"since_previous_year", PathJson(ytd.other_keys_since_previous_year)}}}}
      .dump();
}

}  // namespace xb::ledger
