// The JSON form of Ledger::YearToDate (stable: `xborder ledger stats --format json` and
// GET /v1/stats print exactly this).
#ifndef XBORDER_LEDGER_YEAR_TO_DATE_JSON_H_
#define XBORDER_LEDGER_YEAR_TO_DATE_JSON_H_

#include <string>

#include "ledger/ledger.h"

namespace xb::ledger {

// {"exporter","year","key_id","year_to_date":{"counted":{...},"exempt":{...}},
//  "since_previous_year":{...},"other_keys":{"year_to_date","since_previous_year"}}, one line.
std::string YearToDateToJson(const YearToDateCounts& counts);

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_YEAR_TO_DATE_JSON_H_
