// The words documents use for the pipeline's stable vocabularies (DESIGN.md §3, §5), in Chinese
// and English, and the law's names and article numbers in each language's usual form
// (《个人信息保护法》第五十六条第二款 / PIPL Art. 56(2)).
//
// Unknown codes come back as the code itself, so a new vocabulary value shows up as what it is
// rather than disappearing. Pure functions; thread-safe.
#ifndef XBORDER_REPORT_LEXICON_H_
#define XBORDER_REPORT_LEXICON_H_

#include <string>
#include <string_view>
#include <vector>

#include "report/document.h"
#include "rules/rule_pack.h"

namespace xb::report {

inline const std::string& L(Lang lang, const std::string& zh, const std::string& en) {
  return lang == Lang::kZh ? zh : en;
}

std::string CategoryName(Lang lang, std::string_view code);   // PI categories
std::string PurposeName(Lang lang, std::string_view code);    // plan.purpose
std::string MechanismName(Lang lang, std::string_view code);  // decision.mechanisms
std::string ExemptionName(Lang lang, std::string_view code);  // decision.exemption
std::string OutcomeName(Lang lang, std::string_view code);    // decision.decision
std::string CoverageName(Lang lang, std::string_view code);   // consent coverage outcomes
std::string TransformName(Lang lang, std::string_view code);  // protect actions
std::string SubjectsName(Lang lang, std::string_view code);   // data.subjects
std::string CountryName(Lang lang, std::string_view alpha2);  // "德国（DE）" / "Germany (DE)"
std::string EntityName(Lang lang, std::string_view type);     // CN_RESIDENT_ID ...
// An obligation rule's title; the pack's English `fallback` when the id has no Chinese title
// yet (marked "(英文原文)").
std::string ObligationTitle(Lang lang, std::string_view id, const std::string& fallback);
// A rule pack notice (by rule id) in the language; zh without a translation: the pack's English
// `fallback` marked "（规则包原文）".
std::string NoticeText(Lang lang, std::string_view rule_id, const std::string& fallback);
// Item `position` (from 1) of an obligation's checklist; zh wording may leave out what the
// document prints beside it from the pack (e.g. the hour limit); `fallback` as for the title.
std::string ObligationItem(Lang lang, std::string_view id, size_t position,
                           const std::string& fallback);

// "，" or ", "; "、" or ", " between list items.
std::string ListJoin(Lang lang, const std::vector<std::string>& items);
// The items with `separator` between them.
std::string JoinWith(const std::vector<std::string>& items, std::string_view separator);

// 1 → 一, 10 → 十, 56 → 五十六, 101 → 一百零一 (1..9999).
std::string ChineseNumber(int n);

// A rule's citation in the language's usual form, from the rule pack's structured citation:
// zh 《促进和规范数据跨境流动规定》第五条第（二）项; en as the pack writes it. `rule_id` not found:
// `fallback` (the citation text carried with the decision).
std::string RuleCitation(Lang lang, const rules::RuleSet& rules, std::string_view rule_id,
                         const std::string& fallback);
// An instrument's Chinese name (《个人信息保护法》) by the rule pack's instrument id; the id itself
// when there is none. The English names are the packs' own citations.
std::string ChineseInstrumentName(std::string_view id);

// 2026-11-20 → "2026年11月20日" / "20 November 2026".
std::string DateText(Lang lang, const std::string& iso_date);

}  // namespace xb::report

#endif  // XBORDER_REPORT_LEXICON_H_
