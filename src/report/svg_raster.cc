#include "report/svg_raster.h"

#include <cairo.h>
#include <librsvg/rsvg.h>

#include <cmath>

namespace xb::report {
namespace {

cairo_status_t AppendBytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Result<RasterImage> RasterizeSvg(const std::string& svg, double scale) {
  GError* error = nullptr;
  RsvgHandle* handle =
      rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &error);
  if (handle == nullptr) {
    std::string message = error ? error->message : "unknown error";
    if (error) g_error_free(error);
    return Internal("librsvg could not read a chart: " + message);
  }
  gdouble width = 0, height = 0;
  if (!rsvg_handle_get_intrinsic_size_in_pixels(handle, &width, &height)) {
    g_object_unref(handle);
    return Internal("a chart has no intrinsic size");
  }
  RasterImage image;
  image.width_px = static_cast<int>(std::ceil(width * scale));
  image.height_px = static_cast<int>(std::ceil(height * scale));
  cairo_surface_t* surface =
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, image.width_px, image.height_px);
  cairo_t* cr = cairo_create(surface);
  RsvgRectangle viewport{0, 0, width * scale, height * scale};
  bool drawn = rsvg_handle_render_document(handle, cr, &viewport, &error);
  cairo_destroy(cr);
  g_object_unref(handle);
  cairo_status_t status = CAIRO_STATUS_SUCCESS;
  if (drawn) status = cairo_surface_write_to_png_stream(surface, AppendBytes, &image.png);
  cairo_surface_destroy(surface);
  if (!drawn) {
    std::string message = error ? error->message : "unknown error";
    if (error) g_error_free(error);
    return Internal("librsvg could not draw a chart: " + message);
  }
  if (status != CAIRO_STATUS_SUCCESS) {
    return Internal(std::string("cairo could not encode a chart: ") +
                    cairo_status_to_string(status));
  }
  return image;
}

}  // namespace xb::report
