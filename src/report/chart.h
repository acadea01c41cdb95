// Charts for documents and the dashboard: one model, drawn as self-contained SVG text.
//
// A Chart says what a reader should see (labelled values, threshold lines, progress against a
// limit); RenderSvg lays it out and writes one <svg> element with no external references (no
// fonts, images, scripts or style sheets outside it), so the same text can be inlined in an
// HTML page, served by the dashboard, or handed to librsvg for a PDF.
//
// Three kinds cover what the documents draw:
//   kColumns  vertical bars, one per item (e.g. individuals sent per month); `lines` draw
//             horizontal threshold lines across the plot.
//   kBars     horizontal bars, one per item (e.g. individuals per PI category); `lines` draw
//             vertical threshold lines.
//   kGauges   one progress track per item, from 0 to the item's `limit` (e.g. distinct
//             individuals this year against 100,000 / 1,000,000 / 10,000, or consent coverage
//             against the individuals sent); the fill is the value's share of the limit,
//             capped at the end of the track, with "value / limit (percent)" printed beside it.
//
// Geometry contract (what the tests and the dashboard rely on): each drawn value is an element
// with class "bar" (kColumns, kBars) or "gauge-fill" (kGauges) and attribute data-value; bars
// share one linear scale from 0, so their lengths are proportional to their values; a gauge's
// fill length is min(value, limit) / limit of its track's ("gauge-track") length. Threshold
// lines have class "threshold" and data-value. Labels are plain text, XML-escaped; invalid
// UTF-8 becomes U+FFFD and control characters are dropped, so any label yields well-formed XML.
//
// Labels are the caller's words: a chart never invents text beyond the numbers it is given
// (formatted with thousands separators) and the percentages of kGauges.
//
// Thread-safety: the functions are pure; Chart is a plain value.
#ifndef XBORDER_REPORT_CHART_H_
#define XBORDER_REPORT_CHART_H_

#include <string>
#include <string_view>
#include <vector>

namespace xb::report {

enum class ChartKind { kColumns, kBars, kGauges };

struct ChartItem {
  std::string label;
  double value = 0;  // negative values are drawn as 0
  double limit = 0;  // kGauges only: the end of the track (> 0; 0 draws an empty track)
};

struct ChartLine {
  std::string label;
  double value = 0;
};

struct Chart {
  ChartKind kind = ChartKind::kColumns;
  std::string title;
  std::string caption;  // what the values count, e.g. "individuals"; may be empty
  std::vector<ChartItem> items;
  std::vector<ChartLine> lines;  // kColumns and kBars only
};

struct SvgSize {
  double width = 640;  // SVG user units (CSS px); the height grows with kBars/kGauges rows
  double height = 280;
};

// The chart as one <svg ...>...</svg> element (UTF-8, no XML declaration).
std::string RenderSvg(const Chart& chart, SvgSize size = {});

// The height RenderSvg gives `chart` for `size` (kBars and kGauges grow one row per item).
double SvgHeight(const Chart& chart, SvgSize size = {});

// "1,234,567" (integral part, rounded half away from zero); the charts and documents share it.
std::string GroupThousands(double value);

// `text` made safe as XML character data or an attribute value: & < > " ' escaped, invalid
// UTF-8 replaced by U+FFFD, control characters other than tab and newline dropped.
std::string EscapeXml(std::string_view text);

}  // namespace xb::report

#endif  // XBORDER_REPORT_CHART_H_
