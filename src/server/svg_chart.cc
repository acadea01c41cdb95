#include "server/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace xb::server {
namespace {

std::string Fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string Text(double x, double y, std::string_view text, const char* anchor = "start",
                 const char* cls = "") {
  return "<text x=\"" + Fmt(x) + "\" y=\"" + Fmt(y) + "\" text-anchor=\"" + anchor +
         "\" class=\"" + cls + "\">" + EscapeXml(text) + "</text>";
}

std::string Rect(double x, double y, double w, double h, const char* cls, double value) {
  return "<rect class=\"" + std::string(cls) + "\" data-value=\"" + Fmt(value) + "\" x=\"" +
         Fmt(x) + "\" y=\"" + Fmt(y) + "\" width=\"" + Fmt(std::max(0.0, w)) + "\" height=\"" +
         Fmt(std::max(0.0, h)) + "\"/>";
}

const char* kStyle =
    "<style>text{font:12px sans-serif;fill:#222}.t{font-weight:bold;font-size:13px}"
    ".bar{fill:#2b6cb0}.bar2{fill:#c05621}.gauge-track{fill:#e2e8f0}.gauge-fill{fill:#2b6cb0}"
    ".over{fill:#c53030}.axis{stroke:#999;stroke-width:1}.s{fill:#555;font-size:11px}</style>";

std::string Gauges(const Chart& c, double width) {
  const double row = 30, top = 28, label_w = width * 0.36, track_w = width * 0.40;
  const double height = top + row * static_cast<double>(c.items.size()) + 8;
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" +
                    Fmt(width) + "\" height=\"" + Fmt(height) + "\" viewBox=\"0 0 " + Fmt(width) +
                    " " + Fmt(height) + "\">" + kStyle;
  out += "<title>" + EscapeXml(c.title) + "</title>" + Text(0, 16, c.title, "start", "t");
  double y = top;
  for (const ChartItem& it : c.items) {
    out += Text(0, y + 14, it.label);
    out += Rect(label_w, y + 3, track_w, 14, "gauge-track", it.limit);
    double share = it.limit > 0 ? std::min(1.0, std::max(0.0, it.value) / it.limit) : 0;
    out += Rect(label_w, y + 3, track_w * share, 14, it.value >= it.limit ? "gauge-fill over" : "gauge-fill",
                it.value);
    char pct[32];
    std::snprintf(pct, sizeof pct, " (%.1f%%)", it.limit > 0 ? 100.0 * it.value / it.limit : 0.0);
    out += Text(label_w + track_w + 6, y + 14,
                GroupThousands(it.value) + " / " + GroupThousands(it.limit) + pct, "start", "s");
    y += row;
  }
  return out + "</svg>";
}

std::string Columns(const Chart& c, double width) {
  const double height = 220, top = 40, bottom = 30, left = 36;
  const double plot_h = height - top - bottom, plot_w = width - left - 8;
  double max = 1;
  for (const ChartItem& it : c.items) max = std::max({max, it.value, it.value2});
  max = std::ceil(max);
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" +
                    Fmt(width) + "\" height=\"" + Fmt(height) + "\" viewBox=\"0 0 " + Fmt(width) +
                    " " + Fmt(height) + "\">" + kStyle;
  out += "<title>" + EscapeXml(c.title) + "</title>" + Text(0, 16, c.title, "start", "t");
  out += Rect(left, 24, 10, 10, "bar", 0) + Text(left + 14, 33, c.series1, "start", "s");
  out += Rect(left + 120, 24, 10, 10, "bar2", 0) + Text(left + 134, 33, c.series2, "start", "s");
  const double base = top + plot_h;
  out += "<line class=\"axis\" x1=\"" + Fmt(left) + "\" y1=\"" + Fmt(base) + "\" x2=\"" +
         Fmt(left + plot_w) + "\" y2=\"" + Fmt(base) + "\"/>";
  out += Text(left - 4, top + 8, GroupThousands(max), "end", "s") + Text(left - 4, base, "0", "end", "s");
  const double slot = c.items.empty() ? plot_w : plot_w / static_cast<double>(c.items.size());
  const double bw = std::max(2.0, slot * 0.36);
  for (size_t i = 0; i < c.items.size(); ++i) {
    const ChartItem& it = c.items[i];
    const double x = left + slot * static_cast<double>(i) + slot * 0.1;
    const double h1 = plot_h * std::max(0.0, it.value) / max;
    const double h2 = plot_h * std::max(0.0, it.value2) / max;
    out += Rect(x, base - h1, bw, h1, "bar", it.value);
    out += Rect(x + bw, base - h2, bw, h2, "bar2", it.value2);
    if (it.value > 0) out += Text(x + bw / 2, base - h1 - 3, GroupThousands(it.value), "middle", "s");
    out += Text(x + bw, base + 14, it.label, "middle", "s");
  }
  return out + "</svg>";
}

}  // namespace

std::string GroupThousands(double value) {
  long long v = std::llround(value);
  bool neg = v < 0;
  std::string digits = std::to_string(neg ? -v : v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return neg ? "-" + out : out;
}

std::string EscapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t') out.push_back(c);
    }
  }
  return out;
}

std::string RenderSvg(const Chart& chart, double width) {
  return chart.kind == ChartKind::kGauges ? Gauges(chart, width) : Columns(chart, width);
}

}  // namespace xb::server
