// `report annual --exporter NAME --year YYYY`: one exporter's year from the ledger — transfers
// by recipient, country, mechanism and month; distinct individuals year to date against each
// threshold; mechanisms and their expiry and extension windows; refusals, withdrawals and
// alerts; the signed checkpoint, so an auditor can check every figure against the ledger.
#ifndef XBORDER_REPORT_ANNUAL_H_
#define XBORDER_REPORT_ANNUAL_H_

#include "core/status.h"
#include "ledger/ledger.h"
#include "report/report.h"
#include "rules/locate.h"

namespace xb::report {

// Errors (exit 2): no exporter or year given; no transfer of the exporter in that year.
Result<BuiltReport> BuildAnnualReport(const ReportOptions& options,
                                      const rules::RulesContext& rules, ledger::Ledger& ledger);

}  // namespace xb::report

#endif  // XBORDER_REPORT_ANNUAL_H_
