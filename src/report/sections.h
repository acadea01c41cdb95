// Sections several documents share, written from facts (plan_context.h AddPlanFacts and the
// kind's own facts) through a DocWriter.
#ifndef XBORDER_REPORT_SECTIONS_H_
#define XBORDER_REPORT_SECTIONS_H_

#include <string>

#include "report/doc_writer.h"
#include "report/facts.h"
#include "rules/rule_pack.h"

namespace xb::report {

// The thresholds of Provisions 2024 Arts. 5(4), 7 and 8 with their rule ids and citations, as
// facts "law.threshold.*" (values are the rule packs' own: a test reads them from the packs).
void AddThresholdFacts(const rules::RuleSet& rules, FactSet* facts);

// "本文件依据台账检查点生成：树大小 N，根哈希 R" / "Made from ledger checkpoint: size N, root R".
std::string CheckpointFooter(Lang lang, const FactSet& facts);

// Exporter, recipient, purpose, date, what the figures are (completed entry / dry run / plan).
void PartiesTable(DocWriter& w);
// Warnings every plan kind states up front: the dry run would refuse the transfer (its reasons,
// quoted column names withheld); the plan's mechanism expired before the transfer date.
// PartiesTable ends with them.
void OutcomeWarnings(DocWriter& w);
// Individuals, sensitive, minors, categories, sensitive categories.
void VolumesTable(DocWriter& w);
// One row per dataset: file, rows, individuals, SHA-256.
void DatasetsTable(DocWriter& w);
// One row per column: position, name (or withheld), type, category, sensitivity, treatment.
void ColumnsTable(DocWriter& w);
// Minimum necessity (PIPL Art. 6): sent columns beyond the categories the purpose needs.
void NecessityParagraph(DocWriter& w);
// Consent mode and coverage by outcome, with a chart.
void ConsentSection(DocWriter& w);
// Transforms, k-anonymity and re-identification risk before and after.
void ProtectionSection(DocWriter& w);
// The decision, its basis with citations, missing facts and the rule packs' notices.
void DecisionSection(DocWriter& w);
// Every obligation with its citation and due date, grouped as the engine groups them: owed on
// every path, each mechanism's own, and conditional ones with the condition under which they
// apply. `only_path` (a mechanism, e.g. "standard_contract"): a filing's own path only.
void ObligationsTable(DocWriter& w, const std::string& only_path = "");
// Year-to-date distinct individuals (ledger) against the thresholds, as gauges.
void ThresholdChart(DocWriter& w);
// Closing note: where every figure's source is listed.
void SourcesNote(DocWriter& w, const std::string& kind);

// Whether the decision offers `mechanism` ("standard_contract") as a path.
bool DecisionAllows(const FactSet& facts, std::string_view mechanism);
// The obligation `id` of the decision (facts "obligations"), or nullptr.
const nlohmann::json* FindObligation(const FactSet& facts, std::string_view id);

// "是/否", used in tables.
std::string Mark(const DocWriter& w, bool yes);

}  // namespace xb::report

#endif  // XBORDER_REPORT_SECTIONS_H_
