#include "report/annual.h"
#include "report/breach.h"
#include "report/plan_kinds.h"
namespace xb::report {
Result<BuiltReport> BuildBreachReport(const ReportOptions&, const rules::RulesContext&,
                                      ledger::Ledger&) {
  return Internal("todo");
}
Result<BuiltReport> BuildAnnualReport(const ReportOptions&, const rules::RulesContext&,
                                      ledger::Ledger&) {
  return Internal("todo");
}
void AddScFilingFacts(const PlanContext& c, FactSet* f) { AddPipiaFacts(c, f); }
Document BuildScFiling(FactSet* f, Lang l, const rules::RuleSet& r) { return BuildPipia(f, l, r); }
void AddAssessmentFacts(const PlanContext& c, FactSet* f) { AddPipiaFacts(c, f); }
Document BuildAssessment(FactSet* f, Lang l, const rules::RuleSet& r) {
  return BuildPipia(f, l, r);
}
void AddCertificationFacts(const PlanContext& c, FactSet* f) { AddPipiaFacts(c, f); }
Document BuildCertification(FactSet* f, Lang l, const rules::RuleSet& r) {
  return BuildPipia(f, l, r);
}
}  // namespace xb::report
