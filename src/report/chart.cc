#include "report/chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/utf8.h"

namespace xb::report {
namespace {

// Layout constants (SVG user units). The title sits on one line, the caption under it, and
// every plot starts below both whether or not there is a caption, so charts line up in a page.
constexpr double kTitleY = 20;
constexpr double kCaptionY = 37;
constexpr double kPlotTop = 54;
constexpr double kSide = 16;
constexpr double kBarRow = 26;
constexpr double kGaugeRow = 46;
constexpr double kFontSize = 11;

constexpr const char* kInk = "#1f2933";
constexpr const char* kMuted = "#5f6b7a";
constexpr const char* kGrid = "#d5dae1";
constexpr const char* kBarFill = "#3b6ea5";
constexpr const char* kTrack = "#e5e8ec";
constexpr const char* kWarn = "#b9770e";
constexpr const char* kAlarm = "#c0392b";

// Coordinates with at most two decimals and no trailing zeros: short, and the same text on
// every run (no locale: the C library's default "C" locale prints a '.').
std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

// Raw value for data-value attributes: integral values print as integers.
std::string DataValue(double v) {
  char buf[40];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.6g", v);
  }
  return buf;
}

double Clean(double v) { return std::isfinite(v) && v > 0 ? v : 0; }

// The smallest 1, 2 or 5 × 10^n at or above `v`, so axis ticks are round numbers.
double NiceCeil(double v) {
  if (v <= 0) return 1;
  double magnitude = std::pow(10.0, std::floor(std::log10(v)));
  for (double step : {1.0, 2.0, 5.0, 10.0}) {
    if (step * magnitude >= v * (1 - 1e-12)) return step * magnitude;
  }
  return 10 * magnitude;
}

// Width of `text` in ems, estimated: SVG has no text measurement, so layout reserves room by
// character class (CJK and other wide characters one em, Latin about half).
double EstimateEms(std::string_view text) {
  double ems = 0;
  while (!text.empty()) {
    utf8::Decoded d = utf8::DecodeOne(text);
    text.remove_prefix(d.length);
    char32_t c = d.code_point;
    if (c >= 0x1100 &&
        (c <= 0x115F || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || c >= 0x20000)) {
      ems += 1.0;
    } else if (c == ' ' || c == '.' || c == ',' || c == 'i' || c == 'l' || c == '1') {
      ems += 0.32;
    } else if (c >= 'A' && c <= 'Z') {
      ems += 0.66;
    } else {
      ems += 0.56;
    }
  }
  return ems;
}

// `text` cut (at a code point) so that it fits `max_width` at `font_size`, with "…" when cut.
std::string FitText(std::string_view text, double max_width, double font_size) {
  if (EstimateEms(text) * font_size <= max_width) return std::string(text);
  std::string out;
  double budget = max_width / font_size - 1.0;  // room for the ellipsis
  std::string_view rest = text;
  while (!rest.empty()) {
    utf8::Decoded d = utf8::DecodeOne(rest);
    std::string_view piece = rest.substr(0, d.length);
    double w = EstimateEms(piece);
    if (w > budget) break;
    budget -= w;
    out.append(piece);
    rest.remove_prefix(d.length);
  }
  return out + "\u2026";
}

struct Svg {
  std::string out;

  // `halo` outlines the glyphs in white first, so a label stays legible over a bar.
  void Text(double x, double y, std::string_view text, const char* anchor, double size,
            const char* fill, bool bold = false, bool halo = false) {
    out += "<text x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" font-size=\"" + Num(size) +
           "\" fill=\"" + fill + "\"";
    if (anchor[0] != 's') out += std::string(" text-anchor=\"") + anchor + "\"";
    if (bold) out += " font-weight=\"bold\"";
    if (halo) out += " stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"";
    out += ">" + EscapeXml(text) + "</text>\n";
  }

  void Rect(const char* cls, double x, double y, double w, double h, const char* fill,
            const std::string& data_value) {
    out += "<rect";
    if (cls[0] != '\0') out += std::string(" class=\"") + cls + "\"";
    if (!data_value.empty()) out += " data-value=\"" + data_value + "\"";
    out += " x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" width=\"" + Num(std::max(w, 0.0)) +
           "\" height=\"" + Num(std::max(h, 0.0)) + "\" fill=\"" + fill + "\"/>\n";
  }

  void Line(const char* cls, double x1, double y1, double x2, double y2, const char* stroke,
            bool dashed, const std::string& data_value = {}) {
    out += "<line";
    if (cls[0] != '\0') out += std::string(" class=\"") + cls + "\"";
    if (!data_value.empty()) out += " data-value=\"" + data_value + "\"";
    out += " x1=\"" + Num(x1) + "\" y1=\"" + Num(y1) + "\" x2=\"" + Num(x2) + "\" y2=\"" + Num(y2) +
           "\" stroke=\"" + stroke + "\" stroke-width=\"" + (dashed ? "1.5" : "1") + "\"";
    if (dashed) out += " stroke-dasharray=\"6 4\"";
    out += "/>\n";
  }
};

void Header(const Chart& chart, double width, double height, Svg* svg) {
  svg->out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Num(width) + "\" height=\"" +
              Num(height) + "\" viewBox=\"0 0 " + Num(width) + " " + Num(height) +
              "\" role=\"img\" aria-label=\"" + EscapeXml(chart.title) +
              "\" font-family=\"Noto Sans CJK SC, Noto Sans, DejaVu Sans, sans-serif\">\n";
  svg->out += "<title>" + EscapeXml(chart.title) + "</title>\n";
  svg->Rect("", 0, 0, width, height, "#ffffff", "");
  svg->Text(kSide, kTitleY, FitText(chart.title, width - 2 * kSide, 14), "start", 14, kInk, true);
  if (!chart.caption.empty()) {
    svg->Text(kSide, kCaptionY, FitText(chart.caption, width - 2 * kSide, kFontSize), "start",
              kFontSize, kMuted);
  }
}

// Four gridline steps of a round size (1, 2 or 5 × 10^n), so every tick label is round.
double ScaleMax(const Chart& chart) {
  double max = 0;
  for (const ChartItem& item : chart.items) max = std::max(max, Clean(item.value));
  for (const ChartLine& line : chart.lines) max = std::max(max, Clean(line.value));
  return 4 * NiceCeil(max / 4);
}

void DrawColumns(const Chart& chart, double width, double height, Svg* svg) {
  double scale = ScaleMax(chart);
  std::string widest = GroupThousands(scale);
  double left = kSide + EstimateEms(widest) * kFontSize + 8;
  double right = width - kSide;
  double bottom = height - 30;
  double plot_h = bottom - (kPlotTop + 8);
  for (int tick = 0; tick <= 4; ++tick) {  // gridlines at 0, 1/4 … 4/4 of the scale
    double v = scale * tick / 4;
    double y = bottom - plot_h * tick / 4;
    svg->Line("", left, y, right, y, kGrid, false);
    svg->Text(left - 6, y + 4, GroupThousands(v), "end", kFontSize - 1, kMuted);
  }
  size_t n = std::max<size_t>(chart.items.size(), 1);
  double slot = (right - left) / static_cast<double>(n);
  bool show_values = chart.items.size() <= 16;
  for (size_t i = 0; i < chart.items.size(); ++i) {
    const ChartItem& item = chart.items[i];
    double v = Clean(item.value);
    double h = plot_h * v / scale;
    double x = left + slot * static_cast<double>(i);
    svg->Rect("bar", x + slot * 0.18, bottom - h, slot * 0.64, h, kBarFill, DataValue(v));
    if (show_values && v > 0) {
      svg->Text(x + slot / 2, bottom - h - 4, FitText(GroupThousands(v), slot, kFontSize - 1),
                "middle", kFontSize - 1, kInk);
    }
    svg->Text(x + slot / 2, bottom + 16, FitText(item.label, slot - 2, kFontSize), "middle",
              kFontSize, kInk);
  }
  for (const ChartLine& line : chart.lines) {
    double y = bottom - plot_h * Clean(line.value) / scale;
    svg->Line("threshold", left, y, right, y, kAlarm, true, DataValue(Clean(line.value)));
    svg->Text(right, y - 4, FitText(line.label, right - left, kFontSize - 1), "end", kFontSize - 1,
              kAlarm, false, true);
  }
}

void DrawBars(const Chart& chart, double width, double height, Svg* svg) {
  double scale = ScaleMax(chart);
  double label_w = 0;
  for (const ChartItem& item : chart.items) {
    label_w = std::max(label_w, EstimateEms(item.label) * kFontSize);
  }
  label_w = std::min(label_w, width * 0.35);
  double left = kSide + label_w + 8;
  double value_room = EstimateEms(GroupThousands(scale)) * kFontSize + 12;
  double right = width - kSide - value_room;
  double bottom = height - 24;
  for (int tick = 0; tick <= 4; ++tick) {
    double x = left + (right - left) * tick / 4;
    svg->Line("", x, kPlotTop, x, bottom, kGrid, false);
    svg->Text(x, bottom + 14, GroupThousands(scale * tick / 4), "middle", kFontSize - 1, kMuted);
  }
  for (size_t i = 0; i < chart.items.size(); ++i) {
    const ChartItem& item = chart.items[i];
    double v = Clean(item.value);
    double y = kPlotTop + kBarRow * static_cast<double>(i);
    double w = (right - left) * v / scale;
    svg->Text(left - 8, y + kBarRow / 2 + 4, FitText(item.label, label_w, kFontSize), "end",
              kFontSize, kInk);
    svg->Rect("bar", left, y + 5, w, kBarRow - 10, kBarFill, DataValue(v));
    svg->Text(left + w + 6, y + kBarRow / 2 + 4, GroupThousands(v), "start", kFontSize - 1, kInk);
  }
  for (const ChartLine& line : chart.lines) {
    double x = left + (right - left) * Clean(line.value) / scale;
    svg->Line("threshold", x, kPlotTop - 4, x, bottom, kAlarm, true, DataValue(Clean(line.value)));
    svg->Text(x, kPlotTop - 6, FitText(line.label, width / 3, kFontSize - 1), "middle",
              kFontSize - 1, kAlarm, false, true);
  }
}

std::string Percent(double value, double limit) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", limit > 0 ? 100.0 * value / limit : 0.0);
  return buf;
}

void DrawGauges(const Chart& chart, double width, Svg* svg) {
  double left = kSide;
  double right = width - kSide;
  for (size_t i = 0; i < chart.items.size(); ++i) {
    const ChartItem& item = chart.items[i];
    double v = Clean(item.value);
    double limit = Clean(item.limit);
    double y = kPlotTop + kGaugeRow * static_cast<double>(i);
    std::string figures =
        GroupThousands(v) + " / " + GroupThousands(limit) + " (" + Percent(v, limit) + ")";
    double figures_w = EstimateEms(figures) * kFontSize;
    svg->Text(left, y + 12, FitText(item.label, right - left - figures_w - 12, kFontSize), "start",
              kFontSize, kInk);
    svg->Text(right, y + 12, figures, "end", kFontSize, kInk);
    double share = limit > 0 ? std::min(v / limit, 1.0) : 0;
    const char* fill = share >= 1 ? kAlarm : share >= 0.8 ? kWarn : kBarFill;
    svg->Rect("gauge-track", left, y + 18, right - left, 14, kTrack, DataValue(limit));
    svg->Rect("gauge-fill", left, y + 18, (right - left) * share, 14, fill, DataValue(v));
  }
}

}  // namespace

double SvgHeight(const Chart& chart, SvgSize size) {
  double rows = static_cast<double>(chart.items.size());
  switch (chart.kind) {
    case ChartKind::kColumns:
      return size.height;
    case ChartKind::kBars:
      return kPlotTop + kBarRow * std::max(rows, 1.0) + 28;
    case ChartKind::kGauges:
      return kPlotTop + kGaugeRow * std::max(rows, 1.0) + 4;
  }
  return size.height;
}

std::string RenderSvg(const Chart& chart, SvgSize size) {
  double width = std::max(size.width, 200.0);
  double height = std::max(SvgHeight(chart, size), 120.0);
  Svg svg;
  svg.out.reserve(4096);
  Header(chart, width, height, &svg);
  switch (chart.kind) {
    case ChartKind::kColumns:
      DrawColumns(chart, width, height, &svg);
      break;
    case ChartKind::kBars:
      DrawBars(chart, width, height, &svg);
      break;
    case ChartKind::kGauges:
      DrawGauges(chart, width, &svg);
      break;
  }
  svg.out += "</svg>\n";
  return std::move(svg.out);
}

std::string GroupThousands(double value) {
  if (!std::isfinite(value)) return "0";
  double rounded = std::round(value);
  bool negative = rounded < 0;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.0f", std::fabs(rounded));
  std::string digits = buf;
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

std::string EscapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    utf8::Decoded d = utf8::DecodeOne(text);
    std::string_view piece = text.substr(0, d.length);
    text.remove_prefix(d.length);
    char32_t c = d.code_point;
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
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F || c == 0xFFFE || c == 0xFFFF) break;
        if (d.valid) {
          out.append(piece);
        } else {
          utf8::Append(utf8::kReplacement, &out);
        }
    }
  }
  return out;
}

}  // namespace xb::report
