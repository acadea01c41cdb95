// A document as one self-contained HTML file: inline CSS and inline SVG charts, no scripts, no
// external fonts, images or links; printable on A4 with the document style's margins and type
// (typography.h). The service serves the same text.
//
// All text is escaped (chart.h EscapeXml). Thread-safe (pure function).
#ifndef XBORDER_REPORT_HTML_RENDERER_H_
#define XBORDER_REPORT_HTML_RENDERER_H_

#include <string>

#include "report/document.h"

namespace xb::report {

std::string RenderHtml(const Document& document);

}  // namespace xb::report

#endif  // XBORDER_REPORT_HTML_RENDERER_H_
