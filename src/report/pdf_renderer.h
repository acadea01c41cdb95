// A document as PDF, drawn with Cairo and Pango: the text is real text (copyable and
// searchable: fonts are embedded as subsets with Unicode maps, CJK included), charts are drawn as
// vectors by librsvg from the same SVG as the HTML (chart.h), pages are A4 with the style's
// margins and type (typography.h), and every page's foot names the ledger checkpoint and the page
// number ("3 / 7").
//
// Paragraphs and lists break between lines across pages; a heading is kept with what follows;
// a table row is never split and the header row repeats on each page the table continues on.
//
// Errors: kInternal when Cairo, Pango or librsvg fails (their message, never document content).
// Thread-safety: calls on different threads are independent (each builds its own Pango context).
#ifndef XBORDER_REPORT_PDF_RENDERER_H_
#define XBORDER_REPORT_PDF_RENDERER_H_

#include <string>

#include "core/status.h"
#include "report/document.h"

namespace xb::report {

// The PDF file's bytes.
Result<std::string> RenderPdf(const Document& document);

}  // namespace xb::report

#endif  // XBORDER_REPORT_PDF_RENDERER_H_
