// Drawing a DOT graph as SVG with Graphviz's `dot` (Debian package graphviz), run as a child
// process: the graph goes to its stdin, the SVG comes back on its stdout. No shell is involved.
#ifndef XBORDER_REGISTRY_GRAPHVIZ_H_
#define XBORDER_REGISTRY_GRAPHVIZ_H_

#include <string>

#include "core/status.h"

namespace xb::registry {

// The SVG for `dot_text`. `dot_program` is looked up on PATH unless it contains a '/'.
// Errors: kNotFound when the program is not installed; kIo when it cannot be run or exits
// with a failure (the message carries the first line it wrote to stderr).
Result<std::string> RenderSvg(const std::string& dot_text, const std::string& dot_program = "dot");

}  // namespace xb::registry

#endif  // XBORDER_REGISTRY_GRAPHVIZ_H_
