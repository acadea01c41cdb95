#include "server/report_request.h"

#include <gtest/gtest.h>

namespace xb::server {
namespace {

TEST(ReportRequest, KindLanguageAndFormat) {
  auto r = ParseReportRequest("sc-filing", "zh", "pdf");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, report::ReportKind::kScFiling);
  EXPECT_EQ(r->languages, std::vector<report::Lang>{report::Lang::kZh});
  EXPECT_TRUE(r->pdf && !r->html && !r->docx);
  auto all = ParseReportRequest("annual", "", "");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->languages.size(), 2u);
  EXPECT_TRUE(all->pdf && all->html && all->docx);
}

TEST(ReportRequest, BadValuesNameTheirParameter) {
  auto kind = ParseReportRequest("passwords", "", "");
  EXPECT_EQ(kind.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(kind.error().where.field, "kind");
  EXPECT_EQ(kind.error().message.find("passwords"), std::string::npos) << "never echoed";
  EXPECT_EQ(ParseReportRequest("pipia", "fr", "").error().where.field, "lang");
  EXPECT_EQ(ParseReportRequest("pipia", "", "odt").error().where.field, "format");
}

TEST(ReportRequest, AnnualBodyAsJsonOrYaml) {
  auto j = ParseAnnualBody(R"({"exporter": "A Co.", "year": 2026})", "application/json");
  ASSERT_TRUE(j.ok()) << j.error().ToString();
  EXPECT_EQ(j->exporter, "A Co.");
  EXPECT_EQ(j->year, 2026);
  auto y = ParseAnnualBody("exporter: 上海某公司\nyear: 2025\n", "application/yaml");
  ASSERT_TRUE(y.ok()) << y.error().ToString();
  EXPECT_EQ(y->exporter, "上海某公司");
  EXPECT_EQ(y->year, 2025);
}

TEST(ReportRequest, AnnualBodyErrorsNameTheField) {
  EXPECT_EQ(ParseAnnualBody("", "").error().where.field, "body");
  EXPECT_EQ(ParseAnnualBody("{\"exporter\": ", "application/json").error().code, ErrorCode::kParse);
  EXPECT_EQ(ParseAnnualBody("year: [2026", "").error().code, ErrorCode::kParse);
  EXPECT_EQ(ParseAnnualBody(R"({"year": 2026})", "").error().where.field, "exporter");
  EXPECT_EQ(ParseAnnualBody(R"({"exporter": 5, "year": 2026})", "").error().where.field,
            "exporter");
  EXPECT_EQ(ParseAnnualBody(R"({"exporter": "A", "year": "2026"})", "").error().where.field,
            "year");
  EXPECT_EQ(ParseAnnualBody("exporter: A\nyear: 12\n", "").error().where.field, "year");
  EXPECT_EQ(ParseAnnualBody("- a\n", "").error().code, ErrorCode::kInvalidArgument);
}

TEST(ReportRequest, OnlyDocumentNamesAreServed) {
  EXPECT_TRUE(IsDocumentFileName("pipia.zh.html"));
  EXPECT_TRUE(IsDocumentFileName("sc-filing.facts.json"));
  for (const char* bad : {"", ".hidden", "../x.db", "a/b.pdf", "x..pdf", "Plan.yaml", "a b"}) {
    EXPECT_FALSE(IsDocumentFileName(bad)) << bad;
  }
  EXPECT_EQ(DocumentContentType("a.en.pdf"), "application/pdf");
  EXPECT_EQ(DocumentContentType("a.zh.html"), "text/html; charset=utf-8");
}

}  // namespace
}  // namespace xb::server
