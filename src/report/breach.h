// `report breach INCIDENT.yaml`: PIPL Art. 57 notices to the authority and to individuals, the
// CAC incident report (Provisions 2024 Art. 11), and for EU data GDPR Art. 33 (to the supervisory
// authority within 72 hours of discovery, the deadline computed) and Art. 34 (to individuals).
// Affected individuals are matched by keyed hash against the subject sets the ledger recorded
// with each transfer: which transfers carried them, to which recipients, how many per recipient.
#ifndef XBORDER_REPORT_BREACH_H_
#define XBORDER_REPORT_BREACH_H_

#include "core/status.h"
#include "ledger/ledger.h"
#include "report/report.h"
#include "rules/locate.h"

namespace xb::report {

// Errors (exit 2): an incident file that does not parse, or a field of the wrong shape (named
// with file, line and field); an unreadable identifiers file.
Result<BuiltReport> BuildBreachReport(const ReportOptions& options,
                                      const rules::RulesContext& rules, ledger::Ledger& ledger);

}  // namespace xb::report

#endif  // XBORDER_REPORT_BREACH_H_
