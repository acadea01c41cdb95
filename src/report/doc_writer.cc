#include "report/doc_writer.h"

#include "report/chart.h"

namespace xb::report {

DocWriter::DocWriter(Document* doc, FactSet* facts, const rules::RuleSet& rules)
    : doc_(doc), facts_(facts), rules_(rules) {}

// Blocks are emplaced in place: GCC 12 reports false "maybe uninitialized" warnings when a
// temporary is moved into the variant (the project builds with -Werror in CI). Each block is
// brace-initialised: clang 14 (the sanitizer builds) has no parenthesised aggregate
// initialisation, so in_place arguments cannot be the aggregate's fields.
void DocWriter::Heading(int level, const std::string& text) {
  doc_->blocks.emplace_back(std::in_place_type<report::Heading>, report::Heading{level, text});
}
void DocWriter::P(Runs runs, bool indent) {
  doc_->blocks.emplace_back(std::in_place_type<Paragraph>, Paragraph{std::move(runs), indent});
}
void DocWriter::Note(Runs runs) {
  doc_->blocks.emplace_back(std::in_place_type<report::Note>, report::Note{std::move(runs)});
}

void DocWriter::Verbatim(const std::string& text) {
  doc_->blocks.emplace_back(std::in_place_type<report::Note>, report::Note{Runs{Text(text)}, true});
}
void DocWriter::List(std::vector<Runs> items, bool numbered) {
  doc_->blocks.emplace_back(std::in_place_type<ListBlock>, ListBlock{std::move(items), numbered});
}
void DocWriter::Add(Table table) {
  doc_->blocks.emplace_back(std::in_place_type<Table>, std::move(table));
}
void DocWriter::Add(ChartBlock chart) {
  doc_->blocks.emplace_back(std::in_place_type<ChartBlock>, std::move(chart));
}
void DocWriter::PageBreak() { doc_->blocks.emplace_back(std::in_place_type<report::PageBreak>); }

Run DocWriter::Blank(const std::string& id, const std::string& needed_zh,
                     const std::string& needed_en) {
  facts_->AddBlank(id, needed_zh, needed_en);
  return report::Blank(zh_mode() ? needed_zh : needed_en);
}

std::string DocWriter::Group(int64_t n) { return GroupThousands(static_cast<double>(n)); }

std::string DocWriter::Num(std::string_view id) const {
  const nlohmann::json& v = facts_->Value(id);
  if (!v.is_number()) return Dash();
  return Group(v.get<int64_t>());
}

std::string DocWriter::Date(std::string_view id) const {
  const nlohmann::json& v = facts_->Value(id);
  if (!v.is_string()) return Dash();
  return DateText(lang(), v.get<std::string>());
}

std::string DocWriter::YesNo(std::string_view id) const {
  const nlohmann::json& v = facts_->Value(id);
  if (!v.is_boolean()) return T("未说明", "not stated");
  return v.get<bool>() ? T("是", "yes") : T("否", "no");
}

std::string DocWriter::Str(std::string_view id) const {
  std::string s = facts_->Str(id);
  return s.empty() ? Dash() : s;
}

std::string DocWriter::Cite(const std::string& rule_id, const std::string& fallback) const {
  return RuleCitation(lang(), rules_, rule_id, fallback);
}

std::string DocWriter::SourceNote(std::string_view id) const {
  const FactSource* s = facts_->SourceOf(id);
  if (s == nullptr) return "";
  std::string kind = s->kind;
  if (zh_mode()) {
    static const std::pair<const char*, const char*> kNames[] = {
        {"plan", "出境计划"},     {"scan", "数据扫描"},       {"dry_run", "试运行（未出境）"},
        {"ledger", "台账"},       {"package", "出境数据包"},  {"rule", "规则"},
        {"law", "法规"},          {"calendar", "工作日日历"}, {"consent", "同意登记"},
        {"incident", "事件文件"}, {"computed", "计算"},       {"taxonomy", "分类数据"}};
    for (const auto& [k, name] : kNames) {
      if (kind == k) kind = name;
    }
  }
  std::string ref = s->ref.empty() ? s->citation : s->ref;
  if (zh_mode() && ref.rfind("entry ", 0) == 0) ref = "条目 #" + ref.substr(6);
  // A reference that is words, not an identifier, is English: the zh reader gets the pointer
  // to the facts file, which holds it.
  if (zh_mode() && ref.find(' ') != std::string::npos && ref.rfind("条目 #", 0) != 0) {
    ref = "详见事实文件 facts.json";
  }
  return zh_mode() ? "来源：" + kind + (ref.empty() ? "" : "（" + ref + "）")
                   : "source: " + kind + (ref.empty() ? "" : " (" + ref + ")");
}

}  // namespace xb::report
