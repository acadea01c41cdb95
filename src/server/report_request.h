// What POST /v1/reports/{kind} asks for, checked before any work: the kind (DESIGN.md §12,
// Documents), the languages and formats (query parameters lang and format, as the CLI's --lang
// and --format), and for the annual report its exporter and year (a JSON or YAML body). Every
// error names the parameter or field at fault; none quotes the request.
//
// Thread-safety: plain functions.
#ifndef XBORDER_SERVER_REPORT_REQUEST_H_
#define XBORDER_SERVER_REPORT_REQUEST_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "report/document.h"
#include "report/report.h"

namespace xb::server {

struct ReportRequest {
  report::ReportKind kind = report::ReportKind::kPipia;
  std::vector<report::Lang> languages = {report::Lang::kZh, report::Lang::kEn};
  bool html = true, pdf = true, docx = true;
};

// `kind` from the path; `lang` ("zh", "en", "both"; empty: both) and `format` ("html", "pdf",
// "docx", "all"; empty: all). Errors: kNotFound naming field "kind" for an unknown kind (the
// route names a document that does not exist); kParse naming "lang" or "format".
Result<ReportRequest> ParseReportRequest(std::string_view kind, std::string_view lang,
                                         std::string_view format);

struct AnnualRequest {
  std::string exporter;
  int year = 0;
};

// The annual report's body: {"exporter": NAME, "year": YYYY} as JSON or YAML. Errors: kParse
// (field "body") for a body that does not parse; kInvalidArgument naming "exporter" or "year"
// when missing or of the wrong type, or a year outside 1900..9999.
Result<AnnualRequest> ParseAnnualBody(std::string_view body, std::string_view content_type);

// True for a name WriteReport gives a file ("<kind>.<lang>.<ext>", "<kind>.facts.json"): lower
// case letters, digits, '.' and '-', no leading dot. Only such names are ever served.
bool IsDocumentFileName(std::string_view name);

// The Content-Type of a document file by its extension (html, pdf, docx, json).
std::string DocumentContentType(std::string_view name);

}  // namespace xb::server

#endif  // XBORDER_SERVER_REPORT_REQUEST_H_
