#include "report/plan_kinds.h"

#include "report/sections.h"

namespace xb::report {
using nlohmann::json;

Document NewDocument(const FactSet& facts, Lang lang, DocStyle style, const std::string& title_zh,
                     const std::string& title_en) {
  Document doc;
  doc.lang = lang;
  doc.style = style;
  doc.title = lang == Lang::kZh ? title_zh : title_en;
  std::string exporter = facts.Str("exporter.name");
  std::string recipient = facts.Str("recipient.name");
  if (!exporter.empty() && !recipient.empty()) {
    doc.subtitle = exporter + " → " + recipient;
    std::string date = facts.Str("transfer.as_of");
    if (!date.empty()) doc.subtitle += "\n" + DateText(lang, date);
  }
  doc.footer = CheckpointFooter(lang, facts);
  doc.author = exporter;
  doc.generator = "xborder 0.1.0";
  return doc;
}

void AddReportOnFile(const PlanContext& c, const char* kind, const std::string& id,
                     FactSet* facts) {
  for (auto it = c.ledger.entries.rbegin(); it != c.ledger.entries.rend(); ++it) {
    if (it->type != "report" || LedgerView::Text(it->json, "kind") != kind) continue;
    const json& subject = it->json.value("subject", json::object());
    if (subject.value("plan_sha256", "") != c.plan_sha256) continue;
    facts->Add(id, {{"index", it->index}, {"files", it->json.value("files", json::object())}},
               FactSource::LedgerEntry(it->index));
    return;
  }
}

}  // namespace xb::report
