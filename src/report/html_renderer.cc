#include "report/html_renderer.h"

#include <algorithm>
#include <cstdio>

#include "report/typography.h"

namespace xb::report {
namespace {

std::string Pt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fpt", v);
  return buf;
}

// Browsers on the officer's machine may have the template's own faces; list them first, then
// the faces the PDF embeds.
std::string Families(const FontSpec& f) {
  return std::string("'") + f.docx_latin + "', '" + f.docx_east_asia + "', " + f.pdf_families +
         ", serif";
}

std::string FontCss(const FontSpec& f) {
  return "font-family: " + Families(f) + "; font-size: " + Pt(f.size_pt) +
         "; font-weight: " + (f.bold || f.pdf_bold ? "bold" : "normal") + ";";
}

std::string Css(const Document& d) {
  const Typography& t = TypographyFor(d.style);
  std::string line = t.line_pt > 0 ? Pt(t.line_pt) : std::to_string(t.line_factor).substr(0, 4);
  std::string css;
  css += "@page { size: A4; margin: " + Pt(t.margin_top_pt) + " " + Pt(t.margin_right_pt) + " " +
         Pt(t.margin_bottom_pt) + " " + Pt(t.margin_left_pt) + "; }\n";
  css += "body { margin: 0 auto; max-width: " +
         Pt(t.page_width_pt - t.margin_left_pt - t.margin_right_pt) + "; padding: 2em 1em; " +
         FontCss(t.body) + " line-height: " + line + "; color: #1f2933; }\n";
  css += "@media print { body { padding: 0; max-width: none; } }\n";
  css += "h1.title { " + FontCss(t.title) + " text-align: center; margin: 0 0 0.3em; }\n";
  css += "p.subtitle { " + FontCss(t.subtitle) + " text-align: center; margin: 0 0 1.5em; }\n";
  css += "h2 { " + FontCss(t.h1) + " margin: 1em 0 0.2em; }\n";
  css += "h3 { " + FontCss(t.h2) + " margin: 0.8em 0 0.2em; }\n";
  css += "h4 { " + FontCss(t.h3) + " margin: 0.6em 0 0.2em; }\n";
  css += "h2, h3, h4 { break-after: avoid; line-height: " + line + "; }\n";
  css += "p { margin: 0 0 0.3em; text-align: justify; }\n";
  if (t.first_line_indent_chars > 0) {
    css +=
        "p.indent { text-indent: " + std::to_string(static_cast<int>(t.first_line_indent_chars)) +
        "em; }\n";
  }
  css += "table { border-collapse: collapse; width: 100%; margin: 0.4em 0 0.8em; " +
         FontCss(t.table) + " line-height: 1.35; }\n";
  css +=
      "th, td { border: 0.75pt solid #7b8794; padding: 3pt 5pt; vertical-align: top; "
      "text-align: left; overflow-wrap: anywhere; }\n";
  css += "th, td.key { background: #e4e7eb; font-weight: bold; }\n";
  css += "thead { display: table-header-group; }\n";
  css += "tr { break-inside: avoid; }\n";
  css += "mark.blank { background: #fff3a3; border-bottom: 1pt dashed #b9770e; color: #7a4f01; }\n";
  css += "p.note { " + FontCss(t.note) + " color: #52606d; line-height: 1.35; }\n";
  css +=
      "pre.verbatim { font-family: 'Liberation Mono', 'DejaVu Sans Mono', monospace; "
      "font-size: 8pt; color: #52606d; white-space: pre-wrap; overflow-wrap: anywhere; "
      "margin: 0.3em 0 0.6em; }\n";
  css += "figure.chart { margin: 0.6em 0; break-inside: avoid; }\n";
  css += "figure.chart svg { max-width: 100%; height: auto; }\n";
  css += "div.page-break { break-after: page; }\n";
  css += "footer { " + FontCss(t.footer) +
         " color: #52606d; border-top: 0.75pt solid #9aa5b1; margin-top: 2em; padding-top: 0.4em;"
         " overflow-wrap: anywhere; }\n";
  return css;
}

// Escaped text with its line breaks kept (titles and subtitles may have two lines).
std::string WithBreaks(const std::string& text) {
  std::string out = EscapeXml(text);
  for (size_t at = out.find('\n'); at != std::string::npos; at = out.find('\n', at)) {
    out.replace(at, 1, "<br>");
  }
  return out;
}

std::string RunsHtml(const Document& d, const Runs& runs) {
  std::string out;
  for (const Run& r : runs) {
    if (r.blank) {
      out += "<mark class=\"blank\">" + EscapeXml(BlankText(d.lang, r.text)) + "</mark>";
    } else if (r.bold) {
      out += "<strong>" + EscapeXml(r.text) + "</strong>";
    } else {
      out += EscapeXml(r.text);
    }
  }
  return out;
}

struct BlockHtml {
  const Document& doc;
  std::string* out;

  void operator()(const Heading& h) const {
    std::string tag = "h" + std::to_string(std::clamp(h.level, 1, 3) + 1);
    *out += "<" + tag + ">" + EscapeXml(h.text) + "</" + tag + ">\n";
  }
  void operator()(const Paragraph& p) const {
    bool indent = p.indent && TypographyFor(doc.style).first_line_indent_chars > 0;
    *out += std::string(indent ? "<p class=\"indent\">" : "<p>") + RunsHtml(doc, p.runs) + "</p>\n";
  }
  void operator()(const ListBlock& l) const {
    const char* tag = l.numbered ? "ol" : "ul";
    *out += std::string("<") + tag + ">\n";
    for (const Runs& item : l.items) *out += "<li>" + RunsHtml(doc, item) + "</li>\n";
    *out += std::string("</") + tag + ">\n";
  }
  void operator()(const Table& t) const {
    *out += t.key_value ? "<table class=\"kv\">\n" : "<table>\n";
    if (!t.widths.empty()) {
      double total = 0;
      for (double w : t.widths) total += w;
      *out += "<colgroup>";
      for (double w : t.widths) {
        *out += "<col style=\"width: " + std::to_string(static_cast<int>(100 * w / total)) + "%\">";
      }
      *out += "</colgroup>\n";
    }
    if (!t.header.empty()) {
      *out += "<thead><tr>";
      for (const std::string& h : t.header) *out += "<th>" + EscapeXml(h) + "</th>";
      *out += "</tr></thead>\n";
    }
    *out += "<tbody>\n";
    for (const auto& row : t.rows) {
      *out += "<tr>";
      for (size_t i = 0; i < row.size(); ++i) {
        bool key = t.key_value && i == 0;
        *out += std::string(key ? "<td class=\"key\">" : "<td>") + RunsHtml(doc, row[i]) + "</td>";
      }
      *out += "</tr>\n";
    }
    *out += "</tbody></table>\n";
  }
  void operator()(const ChartBlock& c) const {
    *out += "<figure class=\"chart\">\n" + RenderSvg(c.chart, c.size) + "</figure>\n";
  }
  void operator()(const Note& n) const {
    *out += n.monospace ? "<pre class=\"note verbatim\">" + RunsHtml(doc, n.runs) + "</pre>\n"
                        : "<p class=\"note\">" + RunsHtml(doc, n.runs) + "</p>\n";
  }
  void operator()(const PageBreak&) const { *out += "<div class=\"page-break\"></div>\n"; }
};

}  // namespace

std::string RenderHtml(const Document& d) {
  std::string out;
  out.reserve(32 * 1024);
  out += "<!DOCTYPE html>\n<html lang=\"";
  out += d.lang == Lang::kZh ? "zh-CN" : "en";
  out += "\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"generator\" content=\"" + EscapeXml(d.generator) + "\">\n";
  if (!d.author.empty()) out += "<meta name=\"author\" content=\"" + EscapeXml(d.author) + "\">\n";
  std::string title = d.title;
  for (char& c : title) c = c == '\n' ? ' ' : c;
  out += "<title>" + EscapeXml(title) + "</title>\n<style>\n" + Css(d) + "</style>\n</head>\n";
  out += "<body>\n<header>\n<h1 class=\"title\">" + WithBreaks(d.title) + "</h1>\n";
  if (!d.subtitle.empty()) out += "<p class=\"subtitle\">" + WithBreaks(d.subtitle) + "</p>\n";
  out += "</header>\n<main>\n";
  for (const Block& b : d.blocks) std::visit(BlockHtml{d, &out}, b);
  out += "</main>\n<footer>" + EscapeXml(d.footer) + "</footer>\n</body>\n</html>\n";
  return out;
}

}  // namespace xb::report
