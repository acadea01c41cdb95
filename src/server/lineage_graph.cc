#include "server/lineage_graph.h"

#include "registry/graphviz.h"
#include "server/page_frame.h"

namespace xb::server {
namespace {

// The <svg> element of dot's output, without the XML prolog, doctype and comments.
std::string InlineSvg(const std::string& svg) {
  const size_t start = svg.find("<svg");
  if (start == std::string::npos) return "";
  // dot sizes the drawing in points; the page lets it shrink to the column (its viewBox keeps
  // the proportions).
  std::string out = "<svg style=\"max-width:100%;height:auto\"";
  size_t at = start + 4;
  while (at < svg.size()) {
    const size_t comment = svg.find("<!--", at);
    if (comment == std::string::npos) {
      out.append(svg, at, std::string::npos);
      break;
    }
    out.append(svg, at, comment - at);
    const size_t end = svg.find("-->", comment + 4);
    if (end == std::string::npos) break;
    at = end + 3;
  }
  return out;
}

}  // namespace

std::string LineageGraphHtml(Lang lang, const registry::Lineage& l,
                             const std::string& dot_program) {
  if (l.nodes.empty()) return "<p>" + T(lang, "lineage_nothing") + "</p>";
  if (l.nodes.size() > kMostNodesDrawn) {
    return "<p class=\"muted\" id=\"lineage-too-large\">" + T(lang, "graph_too_large") + "</p>";
  }
  const std::string dot = registry::LineageToDot(l);
  auto svg = registry::RenderSvg(dot, dot_program);
  if (!svg.ok()) {
    return "<p class=\"muted\">" + T(lang, "no_graphviz") + "</p><pre id=\"lineage-dot\">" +
           H(dot) + "</pre>";
  }
  return "<div id=\"lineage-svg\" style=\"overflow-x:auto\">" + InlineSvg(*svg) + "</div>";
}

}  // namespace xb::server
