// Builds one Document in one language from a FactSet: the report kinds write their text through
// it, so figures come from facts (formatted one way), blanks are registered in the FactSet as
// they are written (with both languages' wording), and citations read as each language cites.
//
// Not thread-safe; one Writer per document being built.
#ifndef XBORDER_REPORT_DOC_WRITER_H_
#define XBORDER_REPORT_DOC_WRITER_H_

#include <string>
#include <string_view>
#include <vector>

#include "report/document.h"
#include "report/facts.h"
#include "report/lexicon.h"
#include "rules/rule_pack.h"

namespace xb::report {

class DocWriter {
 public:
  // REQUIRES: `doc`, `facts` and `rules` outlive the writer.
  DocWriter(Document* doc, FactSet* facts, const rules::RuleSet& rules);

  Lang lang() const { return doc_->lang; }
  bool zh() const { return doc_->lang == Lang::kZh; }
  const FactSet& facts() const { return *facts_; }
  const rules::RuleSet& rules() const { return rules_; }
  // The language's text.
  std::string T(const std::string& zh, const std::string& en) const { return zh_mode() ? zh : en; }

  void H1(const std::string& text) { Heading(1, text); }
  void H2(const std::string& text) { Heading(2, text); }
  void H3(const std::string& text) { Heading(3, text); }
  void Heading(int level, const std::string& text);
  void P(Runs runs, bool indent = true);
  void P(const std::string& text, bool indent = true) { P(Runs{Text(text)}, indent); }
  void Note(Runs runs);
  // Text to be read character for character (Note::monospace).
  void Verbatim(const std::string& text);
  void List(std::vector<Runs> items, bool numbered = false);
  void Add(Table table);
  void Add(ChartBlock chart);
  void PageBreak();

  // A marked blank, registered in the facts under `id` with both languages' wording.
  Run Blank(const std::string& id, const std::string& needed_zh, const std::string& needed_en);

  // Fact values, formatted for reading: integers grouped ("2,722"), dates in the language's
  // form, booleans as 是/否 or yes/no; "—" when the fact is absent or null.
  std::string Num(std::string_view id) const;
  std::string Date(std::string_view id) const;
  std::string YesNo(std::string_view id) const;
  std::string Str(std::string_view id) const;
  std::string Dash() const { return "—"; }
  static std::string Group(int64_t n);

  // A rule's citation in this language (lexicon.h RuleCitation).
  std::string Cite(const std::string& rule_id, const std::string& fallback) const;
  // "（来源：…）" / "(source: …)" for a fact, naming its source kind and reference.
  std::string SourceNote(std::string_view id) const;

 private:
  bool zh_mode() const { return doc_->lang == Lang::kZh; }
  Document* doc_;
  FactSet* facts_;
  const rules::RuleSet& rules_;
};

}  // namespace xb::report

#endif  // XBORDER_REPORT_DOC_WRITER_H_
