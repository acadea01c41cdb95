// A chart's SVG as a PNG image (for the DOCX, where an embedded bitmap is what every word
// processor shows), drawn by librsvg from the same SVG text the HTML and PDF use.
//
// Errors: kInternal when librsvg or Cairo fails. Thread-safe.
#ifndef XBORDER_REPORT_SVG_RASTER_H_
#define XBORDER_REPORT_SVG_RASTER_H_

#include <string>

#include "core/status.h"

namespace xb::report {

struct RasterImage {
  std::string png;
  int width_px = 0;
  int height_px = 0;
};

// Draws `svg` at `scale` × its intrinsic size (2 gives a sharp print at the document's size).
Result<RasterImage> RasterizeSvg(const std::string& svg, double scale);

}  // namespace xb::report

#endif  // XBORDER_REPORT_SVG_RASTER_H_
