// The report kinds made from a transfer plan: each adds its own facts to those every plan kind
// shares (plan_context.h AddPlanFacts), then writes one document per language from the facts.
#ifndef XBORDER_REPORT_PLAN_KINDS_H_
#define XBORDER_REPORT_PLAN_KINDS_H_

#include "report/document.h"
#include "report/facts.h"
#include "report/plan_context.h"
#include "rules/rule_pack.h"

namespace xb::report {

// PIPIA report (PIPL Arts. 55–56; Order 13 Art. 5; Certification Measures Art. 6).
void AddPipiaFacts(const PlanContext& context, FactSet* facts);
Document BuildPipia(FactSet* facts, Lang lang, const rules::RuleSet& rules);

// Standard-contract filing pack (Order 13 Art. 7; Appendix 1; filing guide materials).
void AddScFilingFacts(const PlanContext& context, FactSet* facts);
Document BuildScFiling(FactSet* facts, Lang lang, const rules::RuleSet& rules);

// Security-assessment declaration: self-assessment report (CAC template), form data, materials.
void AddAssessmentFacts(const PlanContext& context, FactSet* facts);
Document BuildAssessment(FactSet* facts, Lang lang, const rules::RuleSet& rules);

// Certification application summary (Certification Measures 2025; GB/T 46068-2025).
void AddCertificationFacts(const PlanContext& context, FactSet* facts);
Document BuildCertification(FactSet* facts, Lang lang, const rules::RuleSet& rules);

// The latest "report" entry of `kind` for this plan (same plan SHA-256) in the ledger, as a fact
// "<id>" = {"index", "files"}; absent when there is none. Filing packs list the PIPIA as ready
// only when the ledger shows it was made.
void AddReportOnFile(const PlanContext& context, const char* kind, const std::string& id,
                     FactSet* facts);

// The document's frame: language, style, title, footer, metadata.
Document NewDocument(const FactSet& facts, Lang lang, DocStyle style, const std::string& title_zh,
                     const std::string& title_en);

}  // namespace xb::report

#endif  // XBORDER_REPORT_PLAN_KINDS_H_
