// The document model: one document, built once from its facts, rendered three ways (HTML, PDF,
// DOCX) by html_renderer.h, pdf_renderer.h and docx_renderer.h.
//
// A document is a title and a sequence of blocks: headings (three levels), paragraphs of runs,
// lists, tables (with a header row) and key–value tables, charts (chart.h), notes (small print:
// sources) and page breaks. A run may be a *marked blank*: text saying what only a person can
// know and is needed ("needed: the recipient's technical measures"), which every renderer shows
// highlighted and the officer completes in the DOCX. The footer names the ledger checkpoint the
// document was made from.
//
// The model holds final text: builders (the report kinds) put words and figures in; renderers
// decide only layout. Plain values; no invariants beyond those stated on the fields.
#ifndef XBORDER_REPORT_DOCUMENT_H_
#define XBORDER_REPORT_DOCUMENT_H_

#include <string>
#include <variant>
#include <vector>

#include "report/chart.h"

namespace xb::report {

enum class Lang { kZh, kEn };

// "zh" | "en".
const char* LangCode(Lang lang);

// kFiling follows the CAC templates' formatting rules (digest §12: A4, margins 2.54 cm top and
// bottom, 3.18 cm left and right, body 四号仿宋 with Latin letters and digits in Times New Roman,
// headings 黑体 / 楷体加黑 / 仿宋加黑, fixed 26 pt line spacing, first-line indent of two
// characters). kStandard is the same page with a plainer type for the board and other readers.
enum class DocStyle { kStandard, kFiling };

struct Run {
  std::string text;
  bool bold = false;
  bool blank = false;  // a marked blank: the officer must supply what `text` describes
};

using Runs = std::vector<Run>;

struct Heading {
  int level = 1;  // 1..3
  std::string text;
};

struct Paragraph {
  Runs runs;
  bool indent = true;  // first-line indent (in kFiling; kStandard never indents)
};

struct ListBlock {
  std::vector<Runs> items;
  bool numbered = false;
};

struct Table {
  std::vector<std::string> header;  // empty: no header row
  std::vector<std::vector<Runs>> rows;
  // Relative column widths (any positive numbers); empty: equal widths.
  std::vector<double> widths;
  bool key_value = false;  // two columns, the first a label (shaded, bold)
};

struct ChartBlock {
  Chart chart;
  SvgSize size;
};

// Small print: where a figure comes from, a caveat about the law. `monospace`: text that must
// be read character for character (a signed checkpoint note): fixed-width type, its line breaks
// kept, long lines wrapped at any character rather than stretched or hyphenated.
struct Note {
  Runs runs;
  bool monospace = false;
};

struct PageBreak {};

using Block = std::variant<Heading, Paragraph, ListBlock, Table, ChartBlock, Note, PageBreak>;

struct Document {
  Lang lang = Lang::kEn;
  DocStyle style = DocStyle::kStandard;
  std::string title;
  std::string subtitle;  // one line under the title; may be empty
  std::vector<Block> blocks;
  std::string footer;     // on every page: the ledger checkpoint the document was made from
  std::string author;     // document metadata (the exporter)
  std::string generator;  // document metadata, e.g. "xborder 0.1.0"
};

// Convenience for builders.
inline Run Text(std::string text) { return Run{std::move(text), false, false}; }
inline Run Bold(std::string text) { return Run{std::move(text), true, false}; }
inline Run Blank(std::string needed) { return Run{std::move(needed), false, true}; }

// How a marked blank reads, the same in every format: "【待填写：needed】" / "[To complete:
// needed]".
std::string BlankText(Lang lang, const std::string& needed);

// Every character of the document's text, blocks in order (runs joined, table cells separated
// by tabs and rows by newlines, charts by their titles and labels). Tests and facts checks use
// it to see what a reader would read, whatever the format.
std::string PlainText(const Document& document);

}  // namespace xb::report

#endif  // XBORDER_REPORT_DOCUMENT_H_
