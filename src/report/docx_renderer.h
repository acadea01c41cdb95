// A document as DOCX (Office Open XML WordprocessingML in a zip, written with libzip), for the
// officer to edit and complete: the marked blanks are highlighted runs, so they are found at a
// glance and typed over.
//
// The type lives in the styles, not in each run, so the document stays editable in the
// template's terms: for DocStyle::kFiling, Normal is 四号 (14 pt) 仿宋 with Times New Roman for
// Latin letters and digits, fixed 26 pt line spacing, a first-line indent of two characters;
// Heading 1 黑体, Heading 2 楷体 bold, Heading 3 仿宋 bold; the section is A4 with margins of
// 2.54 cm (top, bottom) and 3.18 cm (left, right). Charts are PNG images drawn from the same SVG.
// The footer names the ledger checkpoint and carries PAGE / NUMPAGES fields.
//
// Errors: kInternal when libzip, librsvg or Cairo fails. Thread-safe (pure function).
#ifndef XBORDER_REPORT_DOCX_RENDERER_H_
#define XBORDER_REPORT_DOCX_RENDERER_H_

#include <string>

#include "core/status.h"
#include "report/document.h"

namespace xb::report {

// The .docx file's bytes.
Result<std::string> RenderDocx(const Document& document);

}  // namespace xb::report

#endif  // XBORDER_REPORT_DOCX_RENDERER_H_
