// The three renderers on one document: what a reader reads in each format is the same text.
#include <gtest/gtest.h>

#include "report/docx_renderer.h"
#include "report/html_renderer.h"
#include "report/pdf_renderer.h"
#include "report/report_test_util.h"

namespace xb::report {
namespace {

using testing::Collapse;

Document Sample(Lang lang, DocStyle style, int paragraphs = 3) {
  Document d;
  d.lang = lang;
  d.style = style;
  d.title = "个人信息保护影响评估报告 PIPIA";
  d.subtitle = "上海华信贸易有限公司 → Huaxin Holding GmbH";
  d.footer =
      "台账检查点 ledger checkpoint: size 3, root "
      "67b141c6ba93a86cfe68c5ca805fadfa38666d394d13e2f7fcdc7c02444c7b25";
  d.author = "Shanghai Huaxin Trading Co., Ltd.";
  d.generator = "xborder test";
  d.blocks.push_back(Heading{1, "一、评估工作概述"});
  for (int i = 0; i < paragraphs; ++i) {
    d.blocks.push_back(Paragraph{
        {Text("本次评估依据《个人信息保护法》第五十五条、第五十六条进行，出境个人信息涉及 "),
         Bold("2,722"),
         Text(" 名个人（第" + std::to_string(i + 1) +
              "段）。Digits and Latin letters 0123456789.")},
        true});
  }
  d.blocks.push_back(Heading{2, "（一）境外接收方"});
  d.blocks.push_back(
      Paragraph{{Text("接收方的技术措施："), Blank("接收方的加密与访问控制措施")}, true});
  d.blocks.push_back(ListBlock{{{Text("身份信息 identity")}, {Text("联系方式 contact")}}, false});
  Table t;
  t.header = {"列", "类别", "敏感", "处理"};
  t.widths = {3, 2, 1, 2};
  for (int r = 0; r < 6; ++r) {
    t.rows.push_back({{Text("第 " + std::to_string(r + 1) + " 列")},
                      {Text("identity 身份")},
                      {Text(r % 2 ? "是" : "否")},
                      {Text("tokenize")}});
  }
  d.blocks.push_back(t);
  Table kv;
  kv.key_value = true;
  kv.widths = {1, 2};
  kv.rows.push_back({{Text("出境目的")}, {Text("人力资源管理 hr_management")}});
  kv.rows.push_back({{Text("股权结构")}, {Blank("境内个人信息处理者的股权结构")}});
  d.blocks.push_back(kv);
  Chart chart{ChartKind::kGauges,
              "本年度累计个人数 Year to date",
              "distinct individuals",
              {{"非敏感 vs 100,000", 2722, 100000}, {"敏感 vs 10,000", 2722, 10000}},
              {}};
  d.blocks.push_back(ChartBlock{chart, {}});
  d.blocks.push_back(Note{{Text("来源：台账条目 #0；PIPL Art. 56。")}});
  d.blocks.push_back(PageBreak{});
  d.blocks.push_back(Heading{3, "1. 结论"});
  d.blocks.push_back(Paragraph{{Text("<script>alert('x')</script> & 不应执行")}, false});
  return d;
}

TEST(Html, IsOneSelfContainedEscapedFile) {
  std::string html = RenderHtml(Sample(Lang::kZh, DocStyle::kFiling));
  EXPECT_NE(html.find("<html lang=\"zh-CN\">"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("<mark class=\"blank\">【待填写：接收方的加密与访问控制措施】</mark>"),
            std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  for (const char* external : {"<link", "src=\"http", "href=\"http", "@import", "url("}) {
    EXPECT_EQ(html.find(external), std::string::npos) << external;
  }
  // The filing style's page and type.
  EXPECT_NE(html.find("size: A4"), std::string::npos);
  EXPECT_NE(html.find("line-height: 26.00pt"), std::string::npos);
  EXPECT_NE(html.find("'仿宋'"), std::string::npos);
  EXPECT_TRUE(testing::XmlParses(
      html.substr(html.find("<svg"), html.find("</svg>") + 6 - html.find("<svg"))));
}

TEST(Pdf, TextIsRealAndSearchableWithCjkEmbedded) {
  Document d = Sample(Lang::kZh, DocStyle::kFiling);
  auto pdf = RenderPdf(d);
  ASSERT_TRUE(pdf.ok()) << pdf.error().ToString();
  ASSERT_EQ(pdf->substr(0, 5), "%PDF-");
  std::string text = Collapse(testing::PdfText(*pdf));
  ASSERT_FALSE(text.empty());
  for (const char* expected :
       {"个人信息保护影响评估报告", "一、评估工作概述", "2,722",
        "【待填写：接收方的加密与访问控制措施】", "第6列", "人力资源管理", "本年度累计个人数",
        "2,722/100,000(2.7%)", "来源：台账条目#0",
        "size3,root67b141c6ba93a86cfe68c5ca805fadfa38666d394d13e2f7fcdc7c02444c7b25",
        "<script>alert('x')</script>"}) {
    EXPECT_NE(text.find(Collapse(expected)), std::string::npos) << expected;
  }
  // The page break gives a second page; every page has its number.
  int pages = testing::PdfPages(*pdf);
  EXPECT_GE(pages, 2);
  EXPECT_NE(text.find("1/" + std::to_string(pages)), std::string::npos);
  // Fonts are embedded subsets: the CJK serif, the CJK sans for 黑体, UKai for 楷体, Liberation
  // for Latin letters and digits.
  std::string fonts = testing::PdfFonts(*pdf);
  for (const char* face : {"NotoSerifCJK", "NotoSansCJK", "UKai", "LiberationSerif"}) {
    EXPECT_NE(fonts.find(face), std::string::npos) << face << "\n" << fonts;
  }
  EXPECT_EQ(fonts.find(" no  "), std::string::npos) << "a font is not embedded:\n" << fonts;
}

TEST(Pdf, LongDocumentsBreakAcrossPagesWithoutLosingLines) {
  Document d = Sample(Lang::kEn, DocStyle::kStandard, 60);
  auto pdf = RenderPdf(d);
  ASSERT_TRUE(pdf.ok());
  EXPECT_GE(testing::PdfPages(*pdf), 4);
  std::string text = Collapse(testing::PdfText(*pdf));
  for (int i = 1; i <= 60; ++i) {
    EXPECT_NE(text.find("（第" + std::to_string(i) + "段）"), std::string::npos) << i;
  }
}

TEST(Docx, IsAZipOfWellFormedPartsWithTheTemplatesStyles) {
  auto docx = RenderDocx(Sample(Lang::kZh, DocStyle::kFiling));
  ASSERT_TRUE(docx.ok()) << docx.error().ToString();
  std::vector<std::string> names = testing::ZipNames(*docx);
  for (const char* part :
       {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
        "word/footer1.xml", "word/_rels/document.xml.rels", "word/media/chart1.png"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), part), names.end()) << part;
    if (std::string(part).ends_with(".xml") || std::string(part).ends_with(".rels")) {
      EXPECT_TRUE(testing::XmlParses(testing::ZipPart(*docx, part))) << part;
    }
  }
  std::string document = testing::ZipPart(*docx, "word/document.xml");
  std::string text = testing::XmlText(document);
  EXPECT_NE(text.find("一、评估工作概述"), std::string::npos);
  EXPECT_NE(text.find("【待填写：境内个人信息处理者的股权结构】"), std::string::npos);
  EXPECT_NE(text.find("<script>alert('x')</script>"), std::string::npos);  // as text
  EXPECT_NE(document.find("<w:highlight w:val=\"yellow\"/>"), std::string::npos);
  EXPECT_EQ(testing::ZipPart(*docx, "word/media/chart1.png").substr(1, 3), "PNG");
  // Styles: 四号 (28 half-points) 仿宋 with Times New Roman, exact 26 pt (520 twips), two
  // characters of first-line indent, 黑体 / 楷体 headings; A4 with 2.54 / 3.18 cm margins.
  std::string styles = testing::ZipPart(*docx, "word/styles.xml");
  EXPECT_NE(styles.find("w:eastAsia=\"仿宋\""), std::string::npos);
  EXPECT_NE(styles.find("w:ascii=\"Times New Roman\""), std::string::npos);
  EXPECT_NE(styles.find("<w:sz w:val=\"28\"/>"), std::string::npos);
  EXPECT_NE(styles.find("w:line=\"520\" w:lineRule=\"exact\""), std::string::npos);
  EXPECT_NE(styles.find("w:firstLineChars=\"200\""), std::string::npos);
  EXPECT_NE(styles.find("w:eastAsia=\"黑体\""), std::string::npos);
  EXPECT_NE(styles.find("w:eastAsia=\"楷体\""), std::string::npos);
  EXPECT_NE(document.find("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"), std::string::npos);
  EXPECT_NE(document.find("w:top=\"1440\" w:right=\"1803\" w:bottom=\"1440\" w:left=\"1803\""),
            std::string::npos);
  std::string footer = testing::XmlText(testing::ZipPart(*docx, "word/footer1.xml"));
  EXPECT_NE(footer.find("size 3, root 67b141c6"), std::string::npos);
}

// A signed checkpoint note is read character for character: fixed-width type, its lines kept,
// nothing justified or hyphenated, in every format.
TEST(Renderers, VerbatimNoteKeepsItsLinesInEveryFormat) {
  const std::string note =
      "xborder.ledger/db817af16f83b59c\n118\nBJQBJ9KtIKSfIDOCEZW+RrYO6/d6qqLJB9iS3D8fGTs=\n\n"
      "\u2014 xborder.ledger/db817af16f83b59c efrYl14FOZirmuaamvzUwzxQsejcy";
  for (Lang lang : {Lang::kZh, Lang::kEn}) {
    Document d = Sample(lang, lang == Lang::kZh ? DocStyle::kFiling : DocStyle::kStandard, 1);
    d.blocks.push_back(Note{{Text(note)}, true});

    std::string html = RenderHtml(d);
    EXPECT_NE(html.find("<pre class=\"note verbatim\">" + note + "</pre>"), std::string::npos);

    auto pdf = RenderPdf(d);
    ASSERT_TRUE(pdf.ok()) << pdf.error().ToString();
    EXPECT_NE(testing::PdfFonts(*pdf).find("LiberationMono"), std::string::npos);
    std::string text = testing::PdfText(*pdf);
    for (const char* line :
         {"BJQBJ9KtIKSfIDOCEZW+RrYO6/d6qqLJB9iS3D8fGTs=",
          "\u2014 xborder.ledger/db817af16f83b59c efrYl14FOZirmuaamvzUwzxQsejcy"}) {
      EXPECT_NE(text.find(line), std::string::npos) << line;  // one line, as written
    }

    auto docx = RenderDocx(d);
    ASSERT_TRUE(docx.ok()) << docx.error().ToString();
    std::string document = testing::ZipPart(*docx, "word/document.xml");
    EXPECT_NE(document.find("<w:pStyle w:val=\"Verbatim\"/>"), std::string::npos);
    std::string styles = testing::ZipPart(*docx, "word/styles.xml");
    auto style = [&](const std::string& id) {
      size_t at = styles.find("w:styleId=\"" + id + "\"");
      return at == std::string::npos ? "" : styles.substr(at, styles.find("</w:style>", at) - at);
    };
    EXPECT_NE(style("Verbatim").find("w:ascii=\"Liberation Mono\""), std::string::npos);
    // Small print and the page foot are set left, never justified across the line.
    for (const char* id : {"Verbatim", "Note", "Footer"}) {
      EXPECT_NE(style(id).find("<w:jc w:val=\"left\"/>"), std::string::npos) << id;
    }
  }
}

}  // namespace
}  // namespace xb::report
