#include "io/table_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/io_test_util.h"

namespace xb::io {
namespace {

using ::testing::ElementsAre;
using testing::WriteTemp;

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<int64_t> lines;
  std::vector<bool> ragged;
  uint64_t ragged_count = 0;
};

Result<Table> ReadTable(std::string_view bytes, const std::string& suffix = ".csv",
                        const ReadOptions& options = {}) {
  XB_ASSIGN_OR_RETURN(auto reader, OpenTable(WriteTemp(bytes, suffix), options));
  Table t;
  t.columns = reader->columns();
  Row row;
  while (true) {
    XB_ASSIGN_OR_RETURN(bool more, reader->Next(&row));
    if (!more) break;
    t.rows.emplace_back(row.fields.begin(), row.fields.end());
    t.lines.push_back(row.line);
    t.ragged.push_back(row.ragged);
  }
  t.ragged_count = reader->ragged_rows();
  return t;
}

TEST(CsvTableReader, Rfc4180Cases) {
  auto t = ReadTable(
      "name,comment,id\r\n"
      "\"Li, Lei\",\"said \"\"hi\"\"\",1\r\n"
      "Wang,\"two\r\nlines\",2\r\n"
      "Zhao,,3\r\n");
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_THAT(t->columns, ElementsAre("name", "comment", "id"));
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_THAT(t->rows[0], ElementsAre("Li, Lei", "said \"hi\"", "1"));
  EXPECT_THAT(t->rows[1], ElementsAre("Wang", "two\r\nlines", "2"));
  EXPECT_THAT(t->rows[2], ElementsAre("Zhao", "", "3"));
  EXPECT_THAT(t->lines, ElementsAre(2, 3, 5));
}

TEST(CsvTableReader, BomAndDelimiterDetection) {
  auto t = ReadTable("\xEF\xBB\xBFname;city\nZhang;\"Bei;jing\"\nLi;Shanghai\n");
  ASSERT_TRUE(t.ok());
  EXPECT_THAT(t->columns, ElementsAre("name", "city"));
  EXPECT_THAT(t->rows[0], ElementsAre("Zhang", "Bei;jing"));
}

TEST(CsvTableReader, PipeAndTabDelimiters) {
  auto pipe = ReadTable("a|b\n1|2\n3|4\n");
  ASSERT_TRUE(pipe.ok());
  EXPECT_THAT(pipe->rows[1], ElementsAre("3", "4"));
  auto tsv = ReadTable("a\tb\n1,5\t2\n", ".tsv");
  ASSERT_TRUE(tsv.ok());
  EXPECT_THAT(tsv->rows[0], ElementsAre("1,5", "2"));
}

TEST(CsvTableReader, RaggedRowsArePaddedTruncatedAndCounted) {
  auto t = ReadTable("a,b,c\n1,2,3\n4,5\n6,7,8,9\n");
  ASSERT_TRUE(t.ok());
  EXPECT_THAT(t->rows[1], ElementsAre("4", "5", ""));
  EXPECT_THAT(t->rows[2], ElementsAre("6", "7", "8"));
  EXPECT_THAT(t->ragged, ElementsAre(false, true, true));
  EXPECT_EQ(t->ragged_count, 2u);
}

TEST(CsvTableReader, BlankLinesAreSkippedButCountedForLines) {
  auto t = ReadTable("\na,b\n\n1,2\r\n\r\n3,4\n");
  ASSERT_TRUE(t.ok());
  EXPECT_THAT(t->columns, ElementsAre("a", "b"));
  EXPECT_EQ(t->rows.size(), 2u);
  EXPECT_THAT(t->lines, ElementsAre(4, 6));
}

TEST(CsvTableReader, NoHeaderNamesColumns) {
  ReadOptions options;
  options.has_header = false;
  auto t = ReadTable("\"x\",1\ny,2\n", ".csv", options);
  ASSERT_TRUE(t.ok());
  EXPECT_THAT(t->columns, ElementsAre("column_1", "column_2"));
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_THAT(t->rows[0], ElementsAre("x", "1"));
  EXPECT_EQ(t->lines[0], 1);
}

TEST(CsvTableReader, HeaderOnlyHasNoRows) {
  auto t = ReadTable("a,b\n");
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->rows.empty());
}

TEST(CsvTableReader, Gb18030FileIsReadAsUtf8) {
  auto t = ReadTable("\xD0\xD5\xC3\xFB,\xB3\xC7\xCA\xD0\n\xD5\xC5\xC8\xFD,\xB1\xB1\xBE\xA9\n");
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_THAT(t->columns, ElementsAre("姓名", "城市"));
  EXPECT_THAT(t->rows[0], ElementsAre("张三", "北京"));
}

TEST(CsvTableReader, ErrorsNameFileAndLine) {
  auto t = ReadTable("a,b\n1,2\n3,\"never closed\n");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().where.line, 3);
  EXPECT_NE(t.error().where.file.find("xb_io_"), std::string::npos);
}

TEST(JsonLinesTableReader, FlattensAndUnionsKeys) {
  auto t = ReadTable(
      "{\"id\":1,\"user\":{\"name\":\"Li\"}}\n"
      "\n"
      "{\"id\":2,\"user\":{\"name\":\"Wang\",\"phone\":\"13800138000\"}}\n",
      ".jsonl");
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_THAT(t->columns, ElementsAre("id", "user.name", "user.phone"));
  EXPECT_THAT(t->rows[0], ElementsAre("1", "Li", ""));
  EXPECT_THAT(t->rows[1], ElementsAre("2", "Wang", "13800138000"));
  EXPECT_THAT(t->lines, ElementsAre(1, 3));
}

TEST(JsonLinesTableReader, BadLineNamesItsLine) {
  auto t = ReadTable("{\"a\":1}\n{\"a\":2}\n{\"a\":\n", ".jsonl");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::kParse);
  EXPECT_EQ(t.error().where.line, 3);
}

TEST(JsonLinesTableReader, RepeatedKeyNamesItsLineAndField) {
  auto t = ReadTable("{\"a\":1}\n{\"a\":2,\"a\":3}\n", ".jsonl");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::kParse);
  EXPECT_EQ(t.error().where.line, 2);
  EXPECT_EQ(t.error().where.field, "a");
}

TEST(TableFormatName, Names) {
  EXPECT_STREQ(TableFormatName(TableFormat::kJsonLines), "jsonl");
  EXPECT_STREQ(TextEncodingName(TextEncoding::kGb18030), "GB18030");
}

}  // namespace
}  // namespace xb::io
