#include "report/document.h"

namespace xb::report {
namespace {

void AppendRuns(const Document& d, const Runs& runs, std::string* out) {
  for (const Run& r : runs) *out += r.blank ? BlankText(d.lang, r.text) : r.text;
}

struct PlainTextVisitor {
  const Document& doc;
  std::string* out;

  void operator()(const Heading& h) const { *out += h.text + "\n"; }
  void operator()(const Paragraph& p) const {
    AppendRuns(doc, p.runs, out);
    *out += "\n";
  }
  void operator()(const ListBlock& l) const {
    for (const Runs& item : l.items) {
      AppendRuns(doc, item, out);
      *out += "\n";
    }
  }
  void operator()(const Table& t) const {
    for (size_t i = 0; i < t.header.size(); ++i) *out += (i ? "\t" : "") + t.header[i];
    if (!t.header.empty()) *out += "\n";
    for (const auto& row : t.rows) {
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) *out += "\t";
        AppendRuns(doc, row[i], out);
      }
      *out += "\n";
    }
  }
  void operator()(const ChartBlock& c) const {
    *out += c.chart.title + "\n";
    for (const ChartItem& item : c.chart.items) *out += item.label + "\n";
  }
  void operator()(const Note& n) const {
    AppendRuns(doc, n.runs, out);
    *out += "\n";
  }
  void operator()(const PageBreak&) const {}
};

}  // namespace

const char* LangCode(Lang lang) { return lang == Lang::kZh ? "zh" : "en"; }

std::string BlankText(Lang lang, const std::string& needed) {
  if (lang == Lang::kZh) return "【待填写：" + needed + "】";
  return "[To complete: " + needed + "]";
}

std::string PlainText(const Document& document) {
  std::string out = document.title + "\n";
  if (!document.subtitle.empty()) out += document.subtitle + "\n";
  for (const Block& b : document.blocks) std::visit(PlainTextVisitor{document, &out}, b);
  out += document.footer + "\n";
  return out;
}

}  // namespace xb::report
