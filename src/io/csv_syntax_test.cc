#include "io/csv_syntax.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xb::io {
namespace {

using ::testing::ElementsAre;

struct Parsed {
  std::vector<std::string> fields;
  int newlines = 0;
  size_t consumed = 0;
};

Parsed Parse(std::string text, char delimiter = ',') {
  std::vector<std::string_view> views;
  Parsed p;
  char* begin = text.data();
  char* next = ParseCsvRecord(begin, begin + text.size(), delimiter, &views, &p.newlines);
  p.consumed = next - begin;
  for (auto v : views) p.fields.emplace_back(v);
  return p;
}

TEST(ParseCsvRecord, PlainFieldsEndAtLf) {
  Parsed p = Parse("a,b,c\nnext");
  EXPECT_THAT(p.fields, ElementsAre("a", "b", "c"));
  EXPECT_EQ(p.newlines, 1);
  EXPECT_EQ(p.consumed, 6u);
}

TEST(ParseCsvRecord, CrlfIsStripped) {
  EXPECT_THAT(Parse("a,b\r\n").fields, ElementsAre("a", "b"));
  EXPECT_THAT(Parse("a,\"b\"\r\n").fields, ElementsAre("a", "b"));
}

TEST(ParseCsvRecord, LoneCrInsideFieldIsData) {
  EXPECT_THAT(Parse("a\rb,c\n").fields, ElementsAre("a\rb", "c"));
}

TEST(ParseCsvRecord, EmptyFields) {
  EXPECT_THAT(Parse(",,\n").fields, ElementsAre("", "", ""));
  EXPECT_THAT(Parse("\"\",x\n").fields, ElementsAre("", "x"));
}

TEST(ParseCsvRecord, QuotedDelimiterNewlineAndQuote) {
  Parsed p = Parse("\"a,b\",\"line1\nline2\",\"say \"\"hi\"\"\"\nrest");
  EXPECT_THAT(p.fields, ElementsAre("a,b", "line1\nline2", "say \"hi\""));
  EXPECT_EQ(p.newlines, 2);
  EXPECT_EQ(p.consumed, std::string("\"a,b\",\"line1\nline2\",\"say \"\"hi\"\"\"\n").size());
}

TEST(ParseCsvRecord, QuotedCrlfInsideFieldIsKept) {
  EXPECT_THAT(Parse("\"x\r\ny\",z\r\n").fields, ElementsAre("x\r\ny", "z"));
}

TEST(ParseCsvRecord, LastRecordWithoutLineEnd) {
  Parsed p = Parse("a,\"b\"");
  EXPECT_THAT(p.fields, ElementsAre("a", "b"));
  EXPECT_EQ(p.newlines, 0);
}

TEST(ParseCsvRecord, OtherDelimiters) {
  EXPECT_THAT(Parse("a;b,c;d\n", ';').fields, ElementsAre("a", "b,c", "d"));
  EXPECT_THAT(Parse("a\tb\n", '\t').fields, ElementsAre("a", "b"));
  EXPECT_THAT(Parse("a|\"b|c\"\n", '|').fields, ElementsAre("a", "b|c"));
}

TEST(ParseCsvRecord, LongUnquotedFieldsUseTheWideScan) {
  std::string a(40, 'x'), b(33, 'y');
  EXPECT_THAT(Parse(a + "," + b + "\n").fields, ElementsAre(a, b));
}

TEST(ScanCsvBoundaries, LfInsideQuotesIsNotABoundary) {
  std::string text = "h1,h2\n\"a\nb\",c\nd,\"e";
  CsvBoundaryScan scan;
  ScanCsvBoundaries(text, &scan);
  EXPECT_EQ(scan.last_boundary, std::string("h1,h2\n\"a\nb\",c\n").size());
  EXPECT_TRUE(scan.in_quotes);
  text += "\nf\"\nnext,";  // the quote closes after an embedded LF
  ScanCsvBoundaries(text, &scan);
  EXPECT_FALSE(scan.in_quotes);
  EXPECT_EQ(scan.last_boundary, text.size() - std::string("next,").size());
}

TEST(IsBlankRecordAt, OnlyEmptyLines) {
  std::string lf = "\nx", crlf = "\r\nx", quoted = "\"\"\n";
  EXPECT_TRUE(IsBlankRecordAt(lf.data(), lf.data() + lf.size()));
  EXPECT_TRUE(IsBlankRecordAt(crlf.data(), crlf.data() + crlf.size()));
  EXPECT_FALSE(IsBlankRecordAt(quoted.data(), quoted.data() + quoted.size()));
}

TEST(DetectDelimiter, PicksTheConsistentSplitter) {
  EXPECT_EQ(DetectDelimiter("a,b,c\n1,2,3\n4,5,6\n"), ',');
  EXPECT_EQ(DetectDelimiter("a;b;c\n1,5;2;3\n4;5,5;6\n"), ';');
  EXPECT_EQ(DetectDelimiter("a\tb\n1\t2\n"), '\t');
  EXPECT_EQ(DetectDelimiter("a|b|c\n1|2|3\n"), '|');
  EXPECT_EQ(DetectDelimiter("\"x;y\",b\n\"1;2\",3\n"), ',');
  EXPECT_EQ(DetectDelimiter("single\ncolumn\n"), ',');
}

TEST(ColumnNamesFromHeader, TrimsAndNamesEmptyOnes) {
  std::vector<std::string_view> header = {" name ", "", "id"};
  EXPECT_THAT(ColumnNamesFromHeader(header), ElementsAre("name", "column_2", "id"));
}

TEST(CountNewlines, CountsAcrossWideAndTailBytes) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += (i % 3 == 0) ? "\n" : "abcdefg";
  EXPECT_EQ(CountNewlines(text), 34u);
  EXPECT_EQ(CountNewlines(""), 0u);
  // All LFs: the per-lane counters must be flushed before they wrap at 256.
  EXPECT_EQ(CountNewlines(std::string(100003, '\n')), 100003u);
}

}  // namespace
}  // namespace xb::io
