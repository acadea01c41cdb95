#include "report/pdf_renderer.h"

#include <cairo-pdf.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <map>
#include <memory>
#include <variant>
#include <vector>

#include "report/typography.h"

namespace xb::report {
namespace {

constexpr double kPxToPt = 0.75;  // CSS px (the SVG's unit) to points

struct GObjectUnref {
  void operator()(void* p) const { g_object_unref(p); }
};
using LayoutPtr = std::shared_ptr<PangoLayout>;
using SvgPtr = std::shared_ptr<RsvgHandle>;

struct Rgb {
  double r, g, b;
};
constexpr Rgb kInk{0.12, 0.16, 0.2};
constexpr Rgb kMuted{0.32, 0.38, 0.43};
constexpr Rgb kRule{0.48, 0.53, 0.58};
constexpr Rgb kShade{0.894, 0.906, 0.922};

// What a page holds once laid out: drawn only when the page count is known (for "n / N").
struct LineOp {
  LayoutPtr layout;
  int line = 0;
  double x = 0, baseline = 0;
};
struct LayoutOp {  // a whole layout (table cells)
  LayoutPtr layout;
  double x = 0, y = 0;
};
struct RectOp {
  double x, y, w, h;
  Rgb color;
  bool fill;
};
struct SvgOp {
  SvgPtr svg;
  double x, y, w, h;
};
using Op = std::variant<LineOp, LayoutOp, RectOp, SvgOp>;

struct Page {
  std::vector<Op> ops;
};

class Pager {
 public:
  Pager(const Document& doc, PangoContext* context)
      : doc_(doc), t_(TypographyFor(doc.style)), context_(context) {
    left_ = t_.margin_left_pt;
    width_ = t_.page_width_pt - t_.margin_left_pt - t_.margin_right_pt;
    top_ = t_.margin_top_pt;
    bottom_ = t_.page_height_pt - t_.margin_bottom_pt;
    NewPage();
  }

  std::vector<Page>& pages() { return pages_; }
  double width() const { return width_; }

  void Title() {
    Place(MakeLayout({Text(doc_.title)}, t_.title, width_, 0, PANGO_ALIGN_CENTER), left_,
          t_.title.size_pt * 1.4);
    if (!doc_.subtitle.empty()) {
      Place(MakeLayout({Text(doc_.subtitle)}, t_.subtitle, width_, 0, PANGO_ALIGN_CENTER), left_,
            Pitch(t_.subtitle));
    }
    y_ += t_.body.size_pt;
  }

  void Add(const Heading& h) {
    const FontSpec& f = h.level <= 1 ? t_.h1 : h.level == 2 ? t_.h2 : t_.h3;
    double before = h.level <= 1 ? f.size_pt * 0.6 : f.size_pt * 0.3;
    // Keep the heading with at least two lines of what follows.
    EnsureSpace(before + Pitch(f) + 2 * Pitch(t_.body));
    if (y_ > top_) y_ += before;
    Place(MakeLayout({Text(h.text)}, f, width_, 0, PANGO_ALIGN_LEFT), left_, Pitch(f));
  }

  void Add(const Paragraph& p) {
    double indent = p.indent ? t_.first_line_indent_chars * t_.body.size_pt : 0;
    auto layout = MakeLayout(p.runs, t_.body, width_, indent, PANGO_ALIGN_LEFT);
    if (t_.first_line_indent_chars > 0) pango_layout_set_justify(layout.get(), TRUE);
    Place(layout, left_, Pitch(t_.body));
    y_ += t_.body.size_pt * (t_.line_pt > 0 ? 0.0 : 0.35);
  }

  void Add(const ListBlock& l) {
    for (size_t i = 0; i < l.items.size(); ++i) {
      std::string marker = l.numbered ? std::to_string(i + 1) + ". " : "\u2022 ";
      Runs runs = {Text(marker)};
      runs.insert(runs.end(), l.items[i].begin(), l.items[i].end());
      double hang = t_.body.size_pt * (l.numbered ? 1.6 : 1.1);
      auto layout = MakeLayout(runs, t_.body, width_, -hang, PANGO_ALIGN_LEFT);
      Place(layout, left_, Pitch(t_.body));
    }
    y_ += t_.body.size_pt * 0.3;
  }

  void Add(const Table& table) {
    size_t columns = table.header.size();
    for (const auto& row : table.rows) columns = std::max(columns, row.size());
    if (columns == 0) return;
    std::vector<double> widths = ColumnWidths(table, columns);
    std::vector<Runs> header_runs;
    for (const std::string& h : table.header) header_runs.push_back({Bold(h)});
    y_ += 2;
    bool header_on_page = false;
    for (size_t r = 0; r < table.rows.size(); ++r) {
      auto cells = RowLayouts(table.rows[r], widths, table.key_value);
      double h = RowHeight(cells);
      std::vector<LayoutPtr> header;
      double header_h = 0;
      if (!table.header.empty()) {
        header = RowLayouts(header_runs, widths, false);
        header_h = RowHeight(header);
      }
      if (y_ + h + (header_on_page ? 0 : header_h) > bottom_ && y_ > top_) {
        NewPage();
        header_on_page = false;
      }
      if (!header_on_page && !table.header.empty()) {
        DrawRow(header, widths, header_h, /*shade_all=*/true, false);
        header_on_page = true;
      }
      DrawRow(cells, widths, h, false, table.key_value);
    }
    y_ += t_.body.size_pt * 0.6;
  }

  Status Add(const ChartBlock& c) {
    // Drawn for the text column's width, so the chart's type keeps its size on paper.
    SvgSize size = c.size;
    size.width = width_ / kPxToPt;
    std::string svg = RenderSvg(c.chart, size);
    GError* error = nullptr;
    RsvgHandle* handle =
        rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &error);
    if (handle == nullptr) {
      std::string message = error ? error->message : "unknown error";
      if (error) g_error_free(error);
      return Internal("librsvg could not read a chart: " + message);
    }
    SvgPtr ptr(handle, GObjectUnref());
    double w = size.width * kPxToPt;
    double h = SvgHeight(c.chart, size) * kPxToPt;
    EnsureSpace(h + 6);
    pages_.back().ops.push_back(SvgOp{ptr, left_, y_ + 3, w, h});
    y_ += h + 9;
    return Status::Ok();
  }

  void Add(const Note& n) {
    if (n.monospace) {
      // Fixed width, wrapped at any character: a signature wrapped at a word boundary would
      // leave a ragged gap, and no hyphen may enter what is copied.
      FontSpec mono = t_.note;
      mono.pdf_families = "Liberation Mono, DejaVu Sans Mono, monospace";
      mono.pdf_bold = false;
      mono.size_pt = std::min(t_.note.size_pt, 7.5);
      Place(MakeLayout(n.runs, mono, width_, 0, PANGO_ALIGN_LEFT, kMuted, PANGO_WRAP_CHAR), left_,
            mono.size_pt * 1.35);
    } else {
      Place(MakeLayout(n.runs, t_.note, width_, 0, PANGO_ALIGN_LEFT, kMuted), left_,
            t_.note.size_pt * 1.4);
    }
    y_ += t_.note.size_pt * 0.4;
  }

  void Add(const PageBreak&) {
    if (y_ > top_) NewPage();
  }

  // Page foot: the checkpoint (wrapped) and "n / N", in the bottom margin.
  void Footers() {
    int total = static_cast<int>(pages_.size());
    for (int i = 0; i < total; ++i) {
      double y = bottom_ + t_.footer.size_pt * 1.5;
      auto text = MakeLayout({Text(doc_.footer)}, t_.footer, width_ * 0.8, 0, PANGO_ALIGN_LEFT);
      pages_[i].ops.push_back(LayoutOp{text, left_, y});
      std::string number = std::to_string(i + 1) + " / " + std::to_string(total);
      auto page_no = MakeLayout({Text(number)}, t_.footer, width_ * 0.2, 0, PANGO_ALIGN_RIGHT);
      pages_[i].ops.push_back(LayoutOp{page_no, left_ + width_ * 0.8, y});
      pages_[i].ops.push_back(RectOp{left_, y - 4, width_, 0.5, kRule, true});
    }
  }

 private:
  double Pitch(const FontSpec& f) const {
    return t_.line_pt > 0 ? std::max(t_.line_pt, f.size_pt * 1.2) : f.size_pt * t_.line_factor;
  }

  void NewPage() {
    pages_.emplace_back();
    y_ = top_;
  }

  void EnsureSpace(double h) {
    if (y_ + h > bottom_ && y_ > top_) NewPage();
  }

  LayoutPtr MakeLayout(const Runs& runs, const FontSpec& font, double width, double indent,
                       PangoAlignment align, Rgb color = kInk,
                       PangoWrapMode wrap = PANGO_WRAP_WORD_CHAR) const {
    LayoutPtr layout(pango_layout_new(context_), GObjectUnref());
    PangoFontDescription* desc = pango_font_description_from_string(font.pdf_families);
    pango_font_description_set_absolute_size(desc, font.size_pt * PANGO_SCALE);
    pango_font_description_set_weight(desc,
                                      font.pdf_bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout.get(), desc);
    pango_font_description_free(desc);
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), wrap);
    pango_layout_set_alignment(layout.get(), align);
    if (indent != 0) pango_layout_set_indent(layout.get(), static_cast<int>(indent * PANGO_SCALE));

    std::string text;
    PangoAttrList* attrs = pango_attr_list_new();
    auto add = [&](PangoAttribute* a, size_t start, size_t end) {
      a->start_index = static_cast<guint>(start);
      a->end_index = static_cast<guint>(end);
      pango_attr_list_insert(attrs, a);
    };
    add(pango_attr_foreground_new(Channel(color.r), Channel(color.g), Channel(color.b)), 0,
        G_MAXUINT);
    // A word broken across lines (a long column name in a narrow cell) gets no inserted hyphen,
    // so the PDF's text is the document's text when copied or searched.
    add(pango_attr_insert_hyphens_new(FALSE), 0, G_MAXUINT);
    for (const Run& run : runs) {
      size_t start = text.size();
      text += run.blank ? BlankText(doc_.lang, run.text) : run.text;
      size_t end = text.size();
      if (run.bold && !font.pdf_bold) add(pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, end);
      if (run.blank) {
        add(pango_attr_background_new(0xffff, 0xf3f3, 0xa3a3), start, end);
        add(pango_attr_foreground_new(0x7a7a, 0x4f4f, 0x0101), start, end);
      }
    }
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
    pango_layout_set_attributes(layout.get(), attrs);
    pango_attr_list_unref(attrs);
    return layout;
  }

  static guint16 Channel(double v) { return static_cast<guint16>(v * 65535); }

  // Where the baseline sits in a line of `pitch` for the layout's font: the font set's ascent and
  // descent (for the document's language) centred in the pitch. Taken from the font, not from
  // each line, so a Latin-only line sits on the same baseline as a line with CJK characters.
  double BaselineIn(const LayoutPtr& layout, double pitch) {
    const PangoFontDescription* desc = pango_layout_get_font_description(layout.get());
    char* key_text = pango_font_description_to_string(desc);
    std::string key = key_text;
    g_free(key_text);
    auto it = metrics_.find(key);
    if (it == metrics_.end()) {
      PangoFontMetrics* m = pango_context_get_metrics(context_, desc, nullptr);
      double ascent = pango_font_metrics_get_ascent(m) / static_cast<double>(PANGO_SCALE);
      double descent = pango_font_metrics_get_descent(m) / static_cast<double>(PANGO_SCALE);
      pango_font_metrics_unref(m);
      it = metrics_.emplace(key, std::make_pair(ascent, descent)).first;
    }
    auto [ascent, descent] = it->second;
    return (pitch - ascent - descent) / 2 + ascent;
  }

  // Places a layout line by line at a fixed pitch, breaking pages between lines. Each line's
  // logical box is centred in its pitch, so mixed Latin and CJK lines sit on one grid. A line's
  // x within the layout (indent, hanging indent, centring) comes from Pango's line extents.
  void Place(const LayoutPtr& layout, double x, double pitch) {
    PangoLayoutIter* iter = pango_layout_get_iter(layout.get());
    int index = 0;
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter, nullptr, &logical);
      double height = logical.height / static_cast<double>(PANGO_SCALE);
      double step = std::max(pitch, height * 0.9);
      if (y_ + step > bottom_ && y_ > top_) NewPage();
      double baseline = y_ + BaselineIn(layout, step);
      double line_x = x + logical.x / static_cast<double>(PANGO_SCALE);
      pages_.back().ops.push_back(LineOp{layout, index, line_x, baseline});
      y_ += step;
      ++index;
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
  }

  std::vector<double> ColumnWidths(const Table& table, size_t columns) const {
    std::vector<double> w(columns, 1.0);
    if (table.widths.size() == columns) w = table.widths;
    double total = 0;
    for (double v : w) total += std::max(v, 0.01);
    for (double& v : w) v = width_ * std::max(v, 0.01) / total;
    return w;
  }

  static constexpr double kPad = 3.5;

  std::vector<LayoutPtr> RowLayouts(const std::vector<Runs>& row, const std::vector<double>& widths,
                                    bool key_value) const {
    std::vector<LayoutPtr> cells;
    for (size_t c = 0; c < widths.size(); ++c) {
      Runs runs = c < row.size() ? row[c] : Runs{};
      FontSpec font = t_.table;
      if (key_value && c == 0) font.pdf_bold = true;
      auto layout = MakeLayout(runs, font, widths[c] - 2 * kPad, 0, PANGO_ALIGN_LEFT);
      cells.push_back(layout);
    }
    return cells;
  }

  // Table text sits on a fixed pitch too, so a Latin-only cell's baseline lines up with a CJK
  // cell's in the same row.
  double CellPitch() const { return t_.table.size_pt * 1.45; }

  double RowHeight(const std::vector<LayoutPtr>& cells) const {
    int lines = 1;
    for (const auto& cell : cells) lines = std::max(lines, pango_layout_get_line_count(cell.get()));
    return lines * CellPitch() + 2 * kPad;
  }

  void PlaceCell(const LayoutPtr& layout, double x, double top) {
    PangoLayoutIter* iter = pango_layout_get_iter(layout.get());
    int index = 0;
    double y = top;
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter, nullptr, &logical);
      double baseline = y + BaselineIn(layout, CellPitch());
      double line_x = x + logical.x / static_cast<double>(PANGO_SCALE);
      pages_.back().ops.push_back(LineOp{layout, index, line_x, baseline});
      y += CellPitch();
      ++index;
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
  }

  void DrawRow(const std::vector<LayoutPtr>& cells, const std::vector<double>& widths, double h,
               bool shade_all, bool key_value) {
    double x = left_;
    auto& ops = pages_.back().ops;
    for (size_t c = 0; c < cells.size(); ++c) {
      if (shade_all || (key_value && c == 0))
        ops.push_back(RectOp{x, y_, widths[c], h, kShade, true});
      ops.push_back(RectOp{x, y_, widths[c], h, kRule, false});
      PlaceCell(cells[c], x + kPad, y_ + kPad);
      x += widths[c];
    }
    y_ += h;
  }

  const Document& doc_;
  const Typography& t_;
  PangoContext* context_;
  std::vector<Page> pages_;
  std::map<std::string, std::pair<double, double>> metrics_;  // font → ascent, descent
  double left_ = 0, width_ = 0, top_ = 0, bottom_ = 0, y_ = 0;
};

struct BlockPlacer {
  Pager* pager;
  Status operator()(const ChartBlock& c) const { return pager->Add(c); }
  template <class T>
  Status operator()(const T& block) const {
    pager->Add(block);
    return Status::Ok();
  }
};

void DrawOp(cairo_t* cr, const Op& op) {
  if (const auto* line = std::get_if<LineOp>(&op)) {
    cairo_move_to(cr, line->x, line->baseline);
    pango_cairo_show_layout_line(cr,
                                 pango_layout_get_line_readonly(line->layout.get(), line->line));
  } else if (const auto* whole = std::get_if<LayoutOp>(&op)) {
    cairo_move_to(cr, whole->x, whole->y);
    pango_cairo_show_layout(cr, whole->layout.get());
  } else if (const auto* rect = std::get_if<RectOp>(&op)) {
    cairo_set_source_rgb(cr, rect->color.r, rect->color.g, rect->color.b);
    cairo_rectangle(cr, rect->x, rect->y, rect->w, rect->h);
    if (rect->fill) {
      cairo_fill(cr);
    } else {
      cairo_set_line_width(cr, 0.6);
      cairo_stroke(cr);
    }
  } else if (const auto* svg = std::get_if<SvgOp>(&op)) {
    RsvgRectangle viewport{svg->x, svg->y, svg->w, svg->h};
    rsvg_handle_render_document(svg->svg.get(), cr, &viewport, nullptr);
  }
}

cairo_status_t AppendBytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Result<std::string> RenderPdf(const Document& doc) {
  const Typography& t = TypographyFor(doc.style);
  std::string bytes;
  bytes.reserve(1 << 20);  // documents with embedded CJK subsets run to several hundred KB
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(AppendBytes, &bytes, t.page_width_pt, t.page_height_pt);
  cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, doc.author.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, doc.generator.c_str());
  cairo_t* cr = cairo_create(surface);

  // One context for the whole document at 72 dpi, so Pango's points are the PDF's points, with
  // hinting off so line breaks do not depend on a screen grid.
  PangoContext* context = pango_cairo_create_context(cr);
  pango_cairo_context_set_resolution(context, 72.0);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context, options);
  cairo_font_options_destroy(options);
  pango_context_set_round_glyph_positions(context, FALSE);
  pango_context_set_language(context,
                             pango_language_from_string(doc.lang == Lang::kZh ? "zh-cn" : "en"));

  Status status;
  std::vector<Page> pages;
  {
    Pager pager(doc, context);
    pager.Title();
    for (const Block& b : doc.blocks) {
      status = std::visit(BlockPlacer{&pager}, b);
      if (!status.ok()) break;
    }
    pager.Footers();
    pages = std::move(pager.pages());
  }
  if (status.ok()) {
    for (const Page& page : pages) {
      for (const Op& op : page.ops) DrawOp(cr, op);
      cairo_show_page(cr);
    }
  }
  pages.clear();
  g_object_unref(context);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_status_t cs = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (!status.ok()) return std::move(status).error();
  if (cs != CAIRO_STATUS_SUCCESS) {
    return Internal(std::string("cairo could not write the PDF: ") + cairo_status_to_string(cs));
  }
  return bytes;
}

}  // namespace xb::report
