#include "report/chart.h"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace xb::report {
namespace {

using Attributes = std::map<std::string, std::string>;

// The SVG parsed by libxml2 (a real XML parser, network off): every element with its
// attributes and, for <text>, its character data.
struct Parsed {
  bool ok = false;
  std::string root_name;
  std::vector<std::pair<std::string, Attributes>> elements;
  std::vector<std::string> texts;

  std::vector<Attributes> WithClass(const std::string& cls) const {
    std::vector<Attributes> out;
    for (const auto& [name, attrs] : elements) {
      auto it = attrs.find("class");
      if (it != attrs.end() && it->second == cls) out.push_back(attrs);
    }
    return out;
  }
};

void Walk(xmlNode* node, Parsed* parsed) {
  for (; node != nullptr; node = node->next) {
    if (node->type != XML_ELEMENT_NODE) continue;
    Attributes attrs;
    for (xmlAttr* a = node->properties; a != nullptr; a = a->next) {
      xmlChar* v = xmlNodeListGetString(node->doc, a->children, 1);
      attrs[reinterpret_cast<const char*>(a->name)] = v ? reinterpret_cast<const char*>(v) : "";
      xmlFree(v);
    }
    std::string name = reinterpret_cast<const char*>(node->name);
    if (name == "text") {
      xmlChar* content = xmlNodeGetContent(node);
      parsed->texts.emplace_back(reinterpret_cast<const char*>(content));
      xmlFree(content);
    }
    parsed->elements.emplace_back(name, std::move(attrs));
    Walk(node->children, parsed);
  }
}

Parsed Parse(const std::string& svg) {
  Parsed parsed;
  xmlDoc* doc = xmlReadMemory(svg.data(), static_cast<int>(svg.size()), "chart.svg", "UTF-8",
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == nullptr) return parsed;
  xmlNode* root = xmlDocGetRootElement(doc);
  parsed.ok = root != nullptr;
  if (root) parsed.root_name = reinterpret_cast<const char*>(root->name);
  Walk(root, &parsed);
  xmlFreeDoc(doc);
  return parsed;
}

double Attr(const Attributes& a, const char* name) { return std::stod(a.at(name)); }

bool HasText(const Parsed& p, const std::string& text) {
  for (const std::string& t : p.texts) {
    if (t == text) return true;
  }
  return false;
}

TEST(Chart, ColumnHeightsAreProportionalToValues) {
  Chart chart{ChartKind::kColumns, "Individuals per month", "individuals", {}, {}};
  std::vector<double> values = {1200, 0, 300, 4800, 2400};
  for (size_t i = 0; i < values.size(); ++i) {
    chart.items.push_back({"M" + std::to_string(i + 1), values[i], 0});
  }
  Parsed p = Parse(RenderSvg(chart));
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.root_name, "svg");
  std::vector<Attributes> bars = p.WithClass("bar");
  ASSERT_EQ(bars.size(), values.size());
  double per_unit = Attr(bars[0], "height") / values[0];
  double baseline = Attr(bars[0], "y") + Attr(bars[0], "height");
  for (size_t i = 0; i < values.size(); ++i) {
    EXPECT_NEAR(Attr(bars[i], "height"), values[i] * per_unit, 0.02) << i;
    EXPECT_NEAR(Attr(bars[i], "y") + Attr(bars[i], "height"), baseline, 0.02) << i;
    EXPECT_EQ(Attr(bars[i], "data-value"), values[i]);
  }
  // Left to right in the items' order.
  EXPECT_LT(Attr(bars[0], "x"), Attr(bars[1], "x"));
  EXPECT_TRUE(HasText(p, "4,800"));
  EXPECT_TRUE(HasText(p, "M4"));
}

TEST(Chart, ThresholdLineSitsAtItsValueOnTheBarsScale) {
  Chart chart{ChartKind::kColumns,
              "Year to date",
              "",
              {{"Q1", 50000, 0}, {"Q2", 100000, 0}},
              {{"100,000 threshold", 100000}}};
  Parsed p = Parse(RenderSvg(chart));
  ASSERT_TRUE(p.ok);
  std::vector<Attributes> lines = p.WithClass("threshold");
  ASSERT_EQ(lines.size(), 1u);
  std::vector<Attributes> bars = p.WithClass("bar");
  // The second bar reaches exactly the threshold, so its top is the line.
  EXPECT_NEAR(Attr(lines[0], "y1"), Attr(bars[1], "y"), 0.02);
  EXPECT_EQ(Attr(lines[0], "y1"), Attr(lines[0], "y2"));
  EXPECT_TRUE(HasText(p, "100,000 threshold"));
}

TEST(Chart, ScaleIncludesThresholdsAboveTheValues) {
  Chart chart{ChartKind::kColumns, "t", "", {{"a", 10, 0}}, {{"limit", 1000}}};
  Parsed p = Parse(RenderSvg(chart));
  std::vector<Attributes> bars = p.WithClass("bar");
  std::vector<Attributes> lines = p.WithClass("threshold");
  ASSERT_EQ(bars.size(), 1u);
  double baseline = Attr(bars[0], "y") + Attr(bars[0], "height");
  double line_height = baseline - Attr(lines[0], "y1");
  EXPECT_NEAR(Attr(bars[0], "height") / line_height, 10.0 / 1000.0, 1e-3);
}

TEST(Chart, HorizontalBarLengthsAreProportional) {
  Chart chart{ChartKind::kBars,
              "Categories",
              "individuals",
              {{"identity", 12000, 0}, {"contact", 6000, 0}, {"health", 3000, 0}},
              {}};
  SvgSize size{640, 280};
  std::string svg = RenderSvg(chart, size);
  Parsed p = Parse(svg);
  ASSERT_TRUE(p.ok);
  std::vector<Attributes> bars = p.WithClass("bar");
  ASSERT_EQ(bars.size(), 3u);
  EXPECT_NEAR(Attr(bars[1], "width") * 2, Attr(bars[0], "width"), 0.03);
  EXPECT_NEAR(Attr(bars[2], "width") * 4, Attr(bars[0], "width"), 0.03);
  EXPECT_EQ(Attr(bars[0], "x"), Attr(bars[2], "x"));
  EXPECT_LT(Attr(bars[0], "y"), Attr(bars[1], "y"));
  // One row per item: the height grows with the items and matches SvgHeight.
  for (const auto& [name, attrs] : p.elements) {
    if (name == "svg") {
      EXPECT_EQ(Attr(attrs, "height"), SvgHeight(chart, size));
    }
  }
  chart.items.push_back({"financial", 1, 0});
  EXPECT_GT(SvgHeight(chart, size), SvgHeight(Chart{ChartKind::kBars, "", "", {{"a", 1, 0}}, {}}));
}

TEST(Chart, GaugeFillIsTheValuesShareOfItsLimit) {
  Chart chart{ChartKind::kGauges,
              "Thresholds this year",
              "distinct individuals",
              {{"non-sensitive vs 100,000", 1200, 100000},
               {"sensitive vs 10,000", 9000, 10000},
               {"over the limit", 250000, 100000}},
              {}};
  Parsed p = Parse(RenderSvg(chart));
  ASSERT_TRUE(p.ok);
  std::vector<Attributes> tracks = p.WithClass("gauge-track");
  std::vector<Attributes> fills = p.WithClass("gauge-fill");
  ASSERT_EQ(tracks.size(), 3u);
  ASSERT_EQ(fills.size(), 3u);
  EXPECT_NEAR(Attr(fills[0], "width") / Attr(tracks[0], "width"), 0.012, 1e-4);
  EXPECT_NEAR(Attr(fills[1], "width") / Attr(tracks[1], "width"), 0.9, 1e-4);
  EXPECT_NEAR(Attr(fills[2], "width"), Attr(tracks[2], "width"), 0.01);  // capped
  EXPECT_EQ(Attr(fills[2], "data-value"), 250000);
  EXPECT_TRUE(HasText(p, "1,200 / 100,000 (1.2%)"));
  EXPECT_TRUE(HasText(p, "250,000 / 100,000 (250.0%)"));
  // Colour says how close: under 80% plain, 80–100% warning, at or over the limit alarm.
  EXPECT_NE(fills[0].at("fill"), fills[1].at("fill"));
  EXPECT_NE(fills[1].at("fill"), fills[2].at("fill"));
}

TEST(Chart, LabelsAreEscapedAndStillReadBack) {
  std::string hostile = "<script>alert(\"x\")</script> & 'q' 个人信息";
  Chart chart{ChartKind::kBars, hostile, "a&b", {{hostile, 5, 0}}, {{"<line>", 3}}};
  std::string svg = RenderSvg(chart, {900, 280});
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  Parsed p = Parse(svg);
  ASSERT_TRUE(p.ok);
  EXPECT_TRUE(HasText(p, hostile));
  EXPECT_TRUE(HasText(p, "a&b"));
  EXPECT_TRUE(HasText(p, "<line>"));
}

TEST(Chart, InvalidUtf8AndControlCharactersStillParse) {
  std::string bad = std::string("ab\xff\xfe") + '\x01' + "c\x1b[31m";
  Chart chart{ChartKind::kGauges, bad, bad, {{bad, 1, 2}}, {}};
  Parsed p = Parse(RenderSvg(chart));
  ASSERT_TRUE(p.ok);
  EXPECT_TRUE(HasText(p, "ab\uFFFD\uFFFDc[31m"));
}

TEST(Chart, LongLabelsAreShortenedToFit) {
  std::string long_label(400, 'W');
  Chart chart{ChartKind::kColumns, "t", "", {{long_label, 1, 0}, {"b", 2, 0}}, {}};
  Parsed p = Parse(RenderSvg(chart, {300, 200}));
  ASSERT_TRUE(p.ok);
  bool found = false;
  for (const std::string& t : p.texts) {
    if (t.rfind("WW", 0) == 0) {
      found = true;
      EXPECT_LT(t.size(), 60u);
      EXPECT_EQ(t.substr(t.size() - 3), "\u2026");
    }
  }
  EXPECT_TRUE(found);
}

TEST(Chart, EmptyAndDegenerateChartsAreWellFormed) {
  for (ChartKind kind : {ChartKind::kColumns, ChartKind::kBars, ChartKind::kGauges}) {
    Chart empty{kind, "", "", {}, {}};
    EXPECT_TRUE(Parse(RenderSvg(empty)).ok);
    Chart zeros{kind, "z", "", {{"a", 0, 0}, {"b", -5, 0}, {"c", NAN, NAN}}, {}};
    Parsed p = Parse(RenderSvg(zeros));
    ASSERT_TRUE(p.ok);
    for (const auto& [name, attrs] : p.elements) {
      for (const auto& [key, value] : attrs) {
        EXPECT_EQ(value.find("nan"), std::string::npos) << key;
        EXPECT_EQ(value.find("inf"), std::string::npos) << key;
      }
    }
  }
}

TEST(Chart, IsSelfContained) {
  Chart chart{ChartKind::kColumns, "t", "c", {{"a", 1, 0}}, {{"l", 1}}};
  std::string svg = RenderSvg(chart);
  for (const char* external : {"href", "url(", "@import", "<script", "<image", "<?xml"}) {
    EXPECT_EQ(svg.find(external), std::string::npos) << external;
  }
}

TEST(Chart, GroupThousands) {
  EXPECT_EQ(GroupThousands(0), "0");
  EXPECT_EQ(GroupThousands(999), "999");
  EXPECT_EQ(GroupThousands(1000), "1,000");
  EXPECT_EQ(GroupThousands(1234567), "1,234,567");
  EXPECT_EQ(GroupThousands(-1000000), "-1,000,000");
  EXPECT_EQ(GroupThousands(99999.5), "100,000");
  EXPECT_EQ(GroupThousands(NAN), "0");
}

TEST(Chart, EscapeXml) {
  EXPECT_EQ(EscapeXml("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
  EXPECT_EQ(EscapeXml("tab\tnl\n"), "tab\tnl\n");
  EXPECT_EQ(EscapeXml(std::string("x\0y", 3)), "xy");
  EXPECT_EQ(EscapeXml("\xe4\xb8\xaa"), "个");
}

}  // namespace
}  // namespace xb::report
