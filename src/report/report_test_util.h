// What the report tests need to read their output as a person's tools would: PDF text through
// poppler's pdftotext, DOCX parts through libzip, and a scratch directory.
#ifndef XBORDER_REPORT_REPORT_TEST_UTIL_H_
#define XBORDER_REPORT_REPORT_TEST_UTIL_H_

#include <string>
#include <vector>

namespace xb::report::testing {

// A fresh empty directory under the build tree, unique to the calling test.
std::string ScratchDir();

// The text pdftotext extracts from `pdf_bytes` (reading order, no layout; `raw`: in content
// stream order, as pdftotext -raw), or "" on failure.
std::string PdfText(const std::string& pdf_bytes, bool raw = false);
// Number of pages pdfinfo reports, or -1.
int PdfPages(const std::string& pdf_bytes);
// Names of the fonts embedded in the PDF (pdffonts), one per line as pdffonts prints them.
std::string PdfFonts(const std::string& pdf_bytes);

// One part of a zip archive (e.g. "word/document.xml"); "" if absent or unreadable.
std::string ZipPart(const std::string& zip_bytes, const std::string& name);
std::vector<std::string> ZipNames(const std::string& zip_bytes);

// The character data of an XML document (all text nodes joined), or "" when it does not parse.
std::string XmlText(const std::string& xml);
bool XmlParses(const std::string& xml);

// `text` with every space, tab and newline removed: pdftotext breaks lines where the PDF does,
// so figures and phrases are looked up in the collapsed text.
std::string Collapse(const std::string& text);

std::string ReadFileOrEmpty(const std::string& path);
// Runs a shell command; returns its exit status and stdout.
int RunCommand(const std::string& command, std::string* out = nullptr);

}  // namespace xb::report::testing

#endif  // XBORDER_REPORT_REPORT_TEST_UTIL_H_
