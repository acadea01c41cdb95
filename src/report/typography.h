// Page and type for each document style, shared by the PDF and DOCX renderers (and the HTML
// renderer's print style), so the three formats agree.
//
// The CAC filing templates name Windows fonts (仿宋, 黑体, 楷体, Times New Roman). The DOCX names
// them exactly as the template does, so the officer's Word shows the template's type. The PDF must
// embed fonts that Debian ships, so it substitutes (README, docs/report.md):
//   仿宋 (FangSong)     → Noto Serif CJK SC   (no free FangSong; the Song-style serif is closest)
//   黑体 (SimHei)       → Noto Sans CJK SC, bold weight
//   楷体 (KaiTi)        → AR PL UKai CN       (fonts-arphic-ukai; emboldened for 楷体加黑)
//   Times New Roman     → Liberation Serif    (metric-compatible; fonts-liberation2)
//   Arial               → Liberation Sans     (metric-compatible)
// Pango takes each character from the first family in the list that has it, so digits and
// Latin letters come out in Liberation and Chinese in Noto or UKai, as the template asks.
#ifndef XBORDER_REPORT_TYPOGRAPHY_H_
#define XBORDER_REPORT_TYPOGRAPHY_H_

#include "report/document.h"

namespace xb::report {

struct FontSpec {
  const char* docx_latin;      // w:ascii / w:hAnsi
  const char* docx_east_asia;  // w:eastAsia
  const char* pdf_families;    // Pango family list
  double size_pt = 12;
  bool bold = false;      // as the template says (DOCX: w:b; 黑体 headings are not "加黑")
  bool pdf_bold = false;  // the PDF's substitute face drawn bold (黑体 → Noto Sans CJK SC Bold)
};

struct Typography {
  // A4, in points.
  double page_width_pt = 595.28;
  double page_height_pt = 841.89;
  double margin_top_pt = 0;
  double margin_bottom_pt = 0;
  double margin_left_pt = 0;
  double margin_right_pt = 0;
  // Fixed line height for body text and headings (points); 0: `line_factor` × font size.
  double line_pt = 0;
  double line_factor = 1.3;
  double first_line_indent_chars = 0;  // in body characters (em of the body size)
  FontSpec title, subtitle, h1, h2, h3, body, table, note, footer;
};

const Typography& TypographyFor(DocStyle style);

// Points per centimetre, and DOCX units.
inline constexpr double kPointsPerCm = 72.0 / 2.54;
inline int Twips(double points) { return static_cast<int>(points * 20 + 0.5); }
inline int HalfPoints(double points) { return static_cast<int>(points * 2 + 0.5); }

}  // namespace xb::report

#endif  // XBORDER_REPORT_TYPOGRAPHY_H_
