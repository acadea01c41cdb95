// The lineage page's graph (server/lineage_page.cc): the lineage drawn as SVG by Graphviz's dot
// from the DOT of `xborder lineage` (registry::LineageToDot), inlined in the page.
//
// Escaping: the DOT escapes quotes and backslashes in labels, and dot writes every label, title
// and comment of the SVG as XML text (&lt; &gt; &amp; &#45;), so a name from the ledger cannot
// become markup; the SVG is inlined from its <svg> element on, without comments. Without
// Graphviz the page shows the DOT text, escaped.
//
// Thread-safety: a plain function; each call runs its own dot.
#ifndef XBORDER_SERVER_LINEAGE_GRAPH_H_
#define XBORDER_SERVER_LINEAGE_GRAPH_H_

#include <cstddef>
#include <string>

#include "registry/lineage.h"
#include "server/i18n.h"

namespace xb::server {

// Graphviz's layout time grows faster than the graph (a file sent nightly for years: about a
// minute of CPU per view at 1,000 transfers), so a page draws at most this many nodes; above
// it the page says the graph is too large and dot is not run.
inline constexpr size_t kMostNodesDrawn = 300;

// HTML for `l`'s graph: a note when it is empty or has more than kMostNodesDrawn nodes (dot
// not run), the SVG `dot_program` made, or the DOT text when dot cannot be run.
std::string LineageGraphHtml(Lang lang, const registry::Lineage& l,
                             const std::string& dot_program = "dot");

}  // namespace xb::server

#endif  // XBORDER_SERVER_LINEAGE_GRAPH_H_
