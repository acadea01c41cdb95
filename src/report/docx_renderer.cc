#include "report/docx_renderer.h"

#include <zip.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

#include "report/svg_raster.h"
#include "report/typography.h"

namespace xb::report {
namespace {

constexpr const char* kW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr const char* kR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr const char* kPkgRels = "http://schemas.openxmlformats.org/package/2006/relationships";
constexpr int64_t kEmuPerPoint = 12700;

struct Part {
  std::string name;
  std::string data;
};

struct Image {
  std::string rel_id;
  std::string file;  // media/chartN.png
  std::string png;
};

std::string Attr(const std::string& s) { return EscapeXml(s); }

// w:t text, with tabs and line breaks as their own elements.
std::string TextRun(const std::string& text, const std::string& rpr) {
  std::string out = "<w:r>" + (rpr.empty() ? "" : "<w:rPr>" + rpr + "</w:rPr>");
  std::string piece;
  auto flush = [&] {
    if (!piece.empty()) out += "<w:t xml:space=\"preserve\">" + EscapeXml(piece) + "</w:t>";
    piece.clear();
  };
  for (char c : text) {
    if (c == '\n') {
      flush();
      out += "<w:br/>";
    } else if (c == '\t') {
      flush();
      out += "<w:tab/>";
    } else {
      piece += c;
    }
  }
  flush();
  return out + "</w:r>";
}

std::string RunsXml(const Document& d, const Runs& runs) {
  std::string out;
  for (const Run& r : runs) {
    if (r.blank) {
      // Highlighted so the officer finds every blank; the text says what is needed.
      out += TextRun(BlankText(d.lang, r.text),
                     "<w:color w:val=\"7A4F01\"/><w:highlight w:val=\"yellow\"/>");
    } else {
      out += TextRun(r.text, r.bold ? "<w:b/><w:bCs/>" : "");
    }
  }
  return out;
}

std::string Para(const std::string& style, const std::string& content,
                 const std::string& extra_ppr = "") {
  return "<w:p><w:pPr><w:pStyle w:val=\"" + style + "\"/>" + extra_ppr + "</w:pPr>" + content +
         "</w:p>";
}

class BodyWriter {
 public:
  BodyWriter(const Document& doc, std::vector<Image>* images)
      : doc_(doc), t_(TypographyFor(doc.style)), images_(images) {}

  std::string out;
  Status status;

  void operator()(const Heading& h) {
    int level = std::clamp(h.level, 1, 3);
    out += Para("Heading" + std::to_string(level), TextRun(h.text, ""));
  }
  void operator()(const Paragraph& p) {
    out += Para(p.indent ? "Normal" : "BodyNoIndent", RunsXml(doc_, p.runs));
  }
  void operator()(const ListBlock& l) {
    for (size_t i = 0; i < l.items.size(); ++i) {
      std::string marker = l.numbered ? std::to_string(i + 1) + ".\t" : "\u2022\t";
      out += Para("ListItem", TextRun(marker, "") + RunsXml(doc_, l.items[i]));
    }
  }
  void operator()(const Table& table) {
    size_t columns = table.header.size();
    for (const auto& row : table.rows) columns = std::max(columns, row.size());
    if (columns == 0) return;
    std::vector<int> widths = ColumnTwips(table, columns);
    out += "<w:tbl><w:tblPr><w:tblStyle w:val=\"Grid\"/><w:tblW w:w=\"" +
           std::to_string(Sum(widths)) +
           "\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>";
    for (int w : widths) out += "<w:gridCol w:w=\"" + std::to_string(w) + "\"/>";
    out += "</w:tblGrid>";
    if (!table.header.empty()) {
      std::vector<Runs> header;
      for (const std::string& h : table.header) header.push_back({Bold(h)});
      Row(header, widths, true, false);
    }
    for (const auto& row : table.rows) Row(row, widths, false, table.key_value);
    out += "</w:tbl>";
    out += Para("TableGap", "");
  }
  void operator()(const ChartBlock& c) {
    SvgSize size = c.size;
    double width_pt = ContentWidthPt();
    size.width = width_pt / 0.75;
    // 1.5 × the chart's CSS pixels: about 165 dpi at its printed width.
    auto image = RasterizeSvg(RenderSvg(c.chart, size), 1.5);
    if (!image.ok()) {
      status = std::move(image).error();
      return;
    }
    int n = static_cast<int>(images_->size()) + 1;
    std::string rel = "rIdChart" + std::to_string(n);
    std::string file = "media/chart" + std::to_string(n) + ".png";
    int64_t cx = static_cast<int64_t>(width_pt * kEmuPerPoint);
    int64_t cy = cx * image->height_px / std::max(image->width_px, 1);
    std::string id = std::to_string(n);
    std::string name = Attr(c.chart.title);
    std::string drawing =
        "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">"
        "<wp:extent cx=\"" +
        std::to_string(cx) + "\" cy=\"" + std::to_string(cy) + "\"/><wp:docPr id=\"" + id +
        "\" name=\"Chart " + id + "\" descr=\"" + name +
        "\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/>"
        "</wp:cNvGraphicFramePr><a:graphic><a:graphicData "
        "uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic>"
        "<pic:nvPicPr><pic:cNvPr id=\"" +
        id + "\" name=\"chart" + id +
        ".png\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"" + rel +
        "\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm>"
        "<a:off x=\"0\" y=\"0\"/><a:ext cx=\"" +
        std::to_string(cx) + "\" cy=\"" + std::to_string(cy) +
        "\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom>"
        "</pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>";
    out += Para("Figure", drawing);
    images_->push_back(Image{rel, file, std::move(image->png)});
  }
  void operator()(const Note& n) {
    out += Para(n.monospace ? "Verbatim" : "Note", RunsXml(doc_, n.runs));
  }
  void operator()(const PageBreak&) { out += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"; }

  double ContentWidthPt() const {
    return t_.page_width_pt - t_.margin_left_pt - t_.margin_right_pt;
  }

 private:
  static int Sum(const std::vector<int>& v) {
    int s = 0;
    for (int x : v) s += x;
    return s;
  }

  std::vector<int> ColumnTwips(const Table& table, size_t columns) const {
    std::vector<double> w(columns, 1.0);
    if (table.widths.size() == columns) w = table.widths;
    double total = 0;
    for (double v : w) total += std::max(v, 0.01);
    std::vector<int> twips;
    for (double v : w) twips.push_back(Twips(ContentWidthPt() * std::max(v, 0.01) / total));
    return twips;
  }

  void Row(const std::vector<Runs>& cells, const std::vector<int>& widths, bool header,
           bool key_value) {
    out += "<w:tr><w:trPr><w:cantSplit/>";
    if (header) out += "<w:tblHeader/>";
    out += "</w:trPr>";
    for (size_t c = 0; c < widths.size(); ++c) {
      out += "<w:tc><w:tcPr><w:tcW w:w=\"" + std::to_string(widths[c]) + "\" w:type=\"dxa\"/>";
      bool shaded = header || (key_value && c == 0);
      if (shaded) out += "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E4E7EB\"/>";
      out += "</w:tcPr>";
      Runs runs = c < cells.size() ? cells[c] : Runs{};
      if (key_value && c == 0) {
        for (Run& r : runs) r.bold = true;
      }
      out += Para("TableText", RunsXml(doc_, runs));
      out += "</w:tc>";
    }
    out += "</w:tr>";
  }

  const Document& doc_;
  const Typography& t_;
  std::vector<Image>* images_;
};

std::string Fonts(const FontSpec& f) {
  return "<w:rFonts w:ascii=\"" + Attr(f.docx_latin) + "\" w:hAnsi=\"" + Attr(f.docx_latin) +
         "\" w:eastAsia=\"" + Attr(f.docx_east_asia) + "\" w:cs=\"" + Attr(f.docx_latin) + "\"/>";
}

std::string RunProps(const FontSpec& f) {
  std::string sz = std::to_string(HalfPoints(f.size_pt));
  return "<w:rPr>" + Fonts(f) + (f.bold ? "<w:b/><w:bCs/>" : "") + "<w:sz w:val=\"" + sz +
         "\"/><w:szCs w:val=\"" + sz + "\"/></w:rPr>";
}

// Line spacing of body text: exact (固定值) in the filing style, a multiple otherwise.
std::string Spacing(const Typography& t, double before_pt, double after_pt) {
  std::string line =
      t.line_pt > 0 ? "w:line=\"" + std::to_string(Twips(t.line_pt)) + "\" w:lineRule=\"exact\""
                    : "w:line=\"" + std::to_string(static_cast<int>(240 * t.line_factor)) +
                          "\" w:lineRule=\"auto\"";
  return "<w:spacing w:before=\"" + std::to_string(Twips(before_pt)) + "\" w:after=\"" +
         std::to_string(Twips(after_pt)) + "\" " + line + "/>";
}

std::string ParagraphStyle(const std::string& id, const std::string& name, const std::string& ppr,
                           const FontSpec& font, bool heading_level = false, int level = 0) {
  std::string out = "<w:style w:type=\"paragraph\" w:styleId=\"" + id + "\"";
  if (id == "Normal") out += " w:default=\"1\"";
  out += "><w:name w:val=\"" + name + "\"/>";
  if (id != "Normal") out += "<w:basedOn w:val=\"Normal\"/>";
  if (heading_level) out += "<w:next w:val=\"Normal\"/>";
  out += "<w:qFormat/><w:pPr>" + ppr;
  if (heading_level) out += "<w:outlineLvl w:val=\"" + std::to_string(level) + "\"/>";
  out += "</w:pPr>" + RunProps(font) + "</w:style>";
  return out;
}

std::string StylesXml(const Document& d) {
  const Typography& t = TypographyFor(d.style);
  int indent_chars = static_cast<int>(t.first_line_indent_chars * 100);
  int indent_twips = Twips(t.first_line_indent_chars * t.body.size_pt);
  std::string no_indent = "<w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/>";
  std::string body_ppr =
      Spacing(t, 0, t.line_pt > 0 ? 0 : t.body.size_pt * 0.35) +
      (indent_chars > 0 ? "<w:ind w:firstLineChars=\"" + std::to_string(indent_chars) +
                              "\" w:firstLine=\"" + std::to_string(indent_twips) + "\"/>"
                        : "") +
      "<w:jc w:val=\"both\"/>";
  std::string single =
      "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>";
  std::string lang = d.lang == Lang::kZh ? "zh-CN" : "en-GB";
  std::string out = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n") +
                    "<w:styles xmlns:w=\"" + kW + "\"><w:docDefaults><w:rPrDefault><w:rPr>" +
                    Fonts(t.body) + "<w:sz w:val=\"" + std::to_string(HalfPoints(t.body.size_pt)) +
                    "\"/><w:lang w:val=\"" + lang +
                    "\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>" +
                    Spacing(t, 0, 0) + "</w:pPr></w:pPrDefault></w:docDefaults>";
  out += ParagraphStyle("Normal", "Normal", body_ppr, t.body);
  out += ParagraphStyle("BodyNoIndent", "Body Text No Indent", no_indent, t.body);
  out += ParagraphStyle(
      "Title", "Title",
      Spacing(t, 0, t.title.size_pt * 0.4) + no_indent + "<w:jc w:val=\"center\"/>", t.title);
  out += ParagraphStyle("Subtitle", "Subtitle",
                        Spacing(t, 0, t.body.size_pt) + no_indent + "<w:jc w:val=\"center\"/>",
                        t.subtitle);
  const FontSpec* heads[] = {&t.h1, &t.h2, &t.h3};
  for (int level = 1; level <= 3; ++level) {
    const FontSpec& f = *heads[level - 1];
    double before = level == 1 ? f.size_pt * 0.6 : f.size_pt * 0.3;
    out += ParagraphStyle(
        "Heading" + std::to_string(level), "heading " + std::to_string(level),
        "<w:keepNext/>" + Spacing(t, before, 0) + no_indent + "<w:jc w:val=\"left\"/>", f, true,
        level - 1);
  }
  out += ParagraphStyle("ListItem", "List Paragraph",
                        "<w:tabs><w:tab w:val=\"left\" w:pos=\"" +
                            std::to_string(Twips(t.body.size_pt * 1.6)) + "\"/></w:tabs>" +
                            "<w:ind w:left=\"" + std::to_string(Twips(t.body.size_pt * 1.6)) +
                            "\" w:hanging=\"" + std::to_string(Twips(t.body.size_pt * 1.6)) +
                            "\" w:firstLineChars=\"0\"/>",
                        t.body);
  out += ParagraphStyle("TableText", "Table Text",
                        "<w:spacing w:before=\"20\" w:after=\"20\" w:line=\"264\" "
                        "w:lineRule=\"auto\"/>" +
                            no_indent + "<w:jc w:val=\"left\"/>",
                        t.table);
  out += ParagraphStyle("TableGap", "Table Gap", single + no_indent, t.note);
  out +=
      ParagraphStyle("Figure", "Figure", single + no_indent + "<w:jc w:val=\"center\"/>", t.body);
  out += ParagraphStyle("Note", "Note",
                        "<w:spacing w:before=\"0\" w:after=\"60\" w:line=\"264\" "
                        "w:lineRule=\"auto\"/>" +
                            no_indent + "<w:jc w:val=\"left\"/>",
                        t.note);
  FontSpec mono = t.note;
  mono.docx_latin = "Liberation Mono";
  mono.docx_east_asia = "Liberation Mono";
  mono.size_pt = std::min(t.note.size_pt, 7.5);
  out +=
      ParagraphStyle("Verbatim", "Verbatim",
                     single + no_indent + "<w:jc w:val=\"left\"/><w:wordWrap w:val=\"0\"/>", mono);
  out +=
      ParagraphStyle("Footer", "footer", single + no_indent + "<w:jc w:val=\"left\"/>", t.footer);
  out +=
      "<w:style w:type=\"table\" w:styleId=\"Grid\"><w:name w:val=\"Table Grid\"/><w:tblPr>"
      "<w:tblBorders>";
  for (const char* side : {"top", "left", "bottom", "right", "insideH", "insideV"}) {
    out += std::string("<w:") + side +
           " w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
           "w:color=\"7B8794\"/>";
  }
  out +=
      "</w:tblBorders><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" "
      "w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>";
  out += "</w:styles>";
  return out;
}

std::string Field(const char* instruction) {
  return std::string(
             "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText "
             "xml:space=\"preserve\"> ") +
         instruction +
         " </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
         "<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
}

std::string FooterXml(const Document& d) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n") +
         "<w:ftr xmlns:w=\"" + kW + "\" xmlns:r=\"" + kR + "\">" +
         Para("Footer", TextRun(d.footer, "")) +
         Para("Footer", Field("PAGE") + TextRun(" / ", "") + Field("NUMPAGES"),
              "<w:jc w:val=\"right\"/>") +
         "</w:ftr>";
}

std::string DocumentXml(const Document& d, const std::string& body) {
  const Typography& t = TypographyFor(d.style);
  std::string out = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n") +
                    "<w:document xmlns:w=\"" + kW + "\" xmlns:r=\"" + kR +
                    "\" xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/"
                    "wordprocessingDrawing\" xmlns:a=\"http://schemas.openxmlformats.org/"
                    "drawingml/2006/main\" xmlns:pic=\"http://schemas.openxmlformats.org/"
                    "drawingml/2006/picture\"><w:body>";
  out += Para("Title", TextRun(d.title, ""));
  if (!d.subtitle.empty()) out += Para("Subtitle", TextRun(d.subtitle, ""));
  out += body;
  out += "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>";
  out += "<w:pgSz w:w=\"" + std::to_string(Twips(t.page_width_pt)) + "\" w:h=\"" +
         std::to_string(Twips(t.page_height_pt)) + "\"/>";
  out += "<w:pgMar w:top=\"" + std::to_string(Twips(t.margin_top_pt)) + "\" w:right=\"" +
         std::to_string(Twips(t.margin_right_pt)) + "\" w:bottom=\"" +
         std::to_string(Twips(t.margin_bottom_pt)) + "\" w:left=\"" +
         std::to_string(Twips(t.margin_left_pt)) +
         "\" w:header=\"851\" w:footer=\"567\" w:gutter=\"0\"/>";
  out += "</w:sectPr></w:body></w:document>";
  return out;
}

std::string ContentTypesXml() {
  const char* main = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n") +
         "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
         "<Default Extension=\"rels\" "
         "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
         "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
         "<Default Extension=\"png\" ContentType=\"image/png\"/>"
         "<Override PartName=\"/word/document.xml\" ContentType=\"" +
         main + "document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"" +
         main + "styles+xml\"/><Override PartName=\"/word/settings.xml\" ContentType=\"" + main +
         "settings+xml\"/><Override PartName=\"/word/footer1.xml\" ContentType=\"" + main +
         "footer+xml\"/><Override PartName=\"/docProps/core.xml\" "
         "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
         "<Override PartName=\"/docProps/app.xml\" "
         "ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
         "</Types>";
}

std::string PackageRelsXml() {
  std::string base = "http://schemas.openxmlformats.org/";
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n") +
         "<Relationships xmlns=\"" + kPkgRels +
         "\">"
         "<Relationship Id=\"rId1\" Type=\"" +
         base +
         "officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
         "<Relationship Id=\"rId2\" Type=\"" +
         base +
         "package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
         "<Relationship Id=\"rId3\" Type=\"" +
         base +
         "officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
         "</Relationships>";
}

std::string DocumentRelsXml(const std::vector<Image>& images) {
  std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
  std::string out =
      std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n") +
      "<Relationships xmlns=\"" + kPkgRels +
      "\">"
      "<Relationship Id=\"rIdStyles\" Type=\"" +
      rel + "styles\" Target=\"styles.xml\"/><Relationship Id=\"rIdSettings\" Type=\"" + rel +
      "settings\" Target=\"settings.xml\"/><Relationship Id=\"rIdFooter\" "
      "Type=\"" +
      rel + "footer\" Target=\"footer1.xml\"/>";
  for (const Image& image : images) {
    out += "<Relationship Id=\"" + image.rel_id + "\" Type=\"" + rel + "image\" Target=\"" +
           image.file + "\"/>";
  }
  return out + "</Relationships>";
}

std::string SettingsXml(const Document& d) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n") +
         "<w:settings xmlns:w=\"" + kW + "\"><w:defaultTabStop w:val=\"" +
         std::to_string(Twips(TypographyFor(d.style).body.size_pt * 2)) +
         "\"/><w:updateFields w:val=\"true\"/><w:compat><w:compatSetting "
         "w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" "
         "w:val=\"15\"/></w:compat></w:settings>";
}

std::string CoreXml(const Document& d) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n") +
         "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/"
         "core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>" +
         EscapeXml(d.title) + "</dc:title><dc:creator>" + EscapeXml(d.author) +
         "</dc:creator><dc:language>" + (d.lang == Lang::kZh ? "zh-CN" : "en") +
         "</dc:language></cp:coreProperties>";
}

std::string AppXml(const Document& d) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n") +
         "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/"
         "extended-properties\"><Application>" +
         EscapeXml(d.generator) + "</Application></Properties>";
}

// Zips the parts in memory. libzip writes an archive into a buffer source; it is read back
// after zip_close.
Result<std::string> Zip(const std::vector<Part>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) return Internal("libzip: cannot create a buffer");
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    zip_source_free(buffer);
    return Internal(std::string("libzip: ") + zip_error_strerror(&error));
  }
  for (const Part& part : parts) {
    zip_source_t* data = zip_source_buffer(archive, part.data.data(), part.data.size(), 0);
    zip_int64_t index =
        data ? zip_file_add(archive, part.name.c_str(), data, ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0) {
      if (data) zip_source_free(data);
      std::string message = zip_strerror(archive);
      zip_discard(archive);
      zip_source_free(buffer);
      return Internal("libzip: " + message);
    }
    // PNG is compressed already: stored as it is, deflating it again costs time for nothing.
    if (part.name.ends_with(".png")) {
      zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    }
  }
  if (zip_close(archive) < 0) {
    std::string message = zip_strerror(archive);
    zip_discard(archive);
    zip_source_free(buffer);
    return Internal("libzip: " + message);
  }
  std::string bytes;
  zip_stat_t st;
  if (zip_source_stat(buffer, &st) < 0 || zip_source_open(buffer) < 0) {
    zip_source_free(buffer);
    return Internal("libzip: cannot read the archive back");
  }
  bytes.resize(st.size);
  zip_int64_t n = zip_source_read(buffer, bytes.data(), st.size);
  zip_source_close(buffer);
  zip_source_free(buffer);
  if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) {
    return Internal("libzip: short read of the archive");
  }
  return bytes;
}

}  // namespace

Result<std::string> RenderDocx(const Document& d) {
  std::vector<Image> images;
  BodyWriter body(d, &images);
  for (const Block& b : d.blocks) {
    std::visit(body, b);
    if (!body.status.ok()) return std::move(body.status).error();
  }
  std::vector<Part> parts = {
      {"[Content_Types].xml", ContentTypesXml()},
      {"_rels/.rels", PackageRelsXml()},
      {"word/document.xml", DocumentXml(d, body.out)},
      {"word/styles.xml", StylesXml(d)},
      {"word/settings.xml", SettingsXml(d)},
      {"word/footer1.xml", FooterXml(d)},
      {"word/_rels/document.xml.rels", DocumentRelsXml(images)},
      {"docProps/core.xml", CoreXml(d)},
      {"docProps/app.xml", AppXml(d)},
  };
  for (Image& image : images) parts.push_back({"word/" + image.file, std::move(image.png)});
  return Zip(parts);
}

}  // namespace xb::report
