// Stand-in SVG charts for the dashboard until src/report/chart.h (the shared chart library the
// documents use) is on main: the same model (Chart, ChartItem, ChartLine, kinds kColumns and
// kGauges) so the switch is a change of include and namespace. Only what the dashboard draws.
//
// Thread-safety: pure functions.
#ifndef XBORDER_SERVER_SVG_CHART_H_
#define XBORDER_SERVER_SVG_CHART_H_

#include <string>
#include <string_view>
#include <vector>

namespace xb::server {

enum class ChartKind { kColumns, kGauges };

struct ChartItem {
  std::string label;
  double value = 0;
  double limit = 0;   // kGauges: the end of the track
  double value2 = 0;  // kColumns: a second series drawn beside the first (e.g. refusals)
};

struct Chart {
  ChartKind kind = ChartKind::kColumns;
  std::string title;
  std::string caption;
  std::string series1;  // kColumns legend
  std::string series2;
  std::vector<ChartItem> items;
};

// One self-contained <svg> element; labels are escaped.
std::string RenderSvg(const Chart& chart, double width = 640);

std::string GroupThousands(double value);
std::string EscapeXml(std::string_view text);

}  // namespace xb::server

#endif  // XBORDER_SERVER_SVG_CHART_H_
