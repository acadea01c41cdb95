#include "io/csv_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/atomic_file.h"
#include "io/table_reader.h"

namespace xb::io {
namespace {

TEST(AppendCsvRecord, QuotesOnlyWhatNeedsIt) {
  std::string out;
  AppendCsvRecord({"plain", "a,b", "say \"hi\"", "two\nlines", " padded", ""}, {}, &out);
  EXPECT_EQ(out, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded\",\r\n");
}

TEST(AppendCsvRecord, LfAndOtherDelimiter) {
  std::string out;
  CsvWriteOptions options;
  options.delimiter = ';';
  options.crlf = false;
  AppendCsvRecord({"a;b", "c,d"}, options, &out);
  EXPECT_EQ(out, "\"a;b\";c,d\n");
}

TEST(AppendCsvRecord, SingleEmptyFieldStaysARow) {
  std::string out;
  AppendCsvRecord({""}, {}, &out);
  EXPECT_EQ(out, "\"\"\r\n");
}

TEST(CsvWriter, RoundTripsThroughTheReader) {
  std::string path = ::testing::TempDir() + "xb_csv_writer_roundtrip.csv";
  auto writer = CsvWriter::Create(path);
  ASSERT_TRUE(writer.ok());
  std::vector<std::vector<std::string_view>> rows = {
      {"name", "note"}, {"Li, Lei", "say \"hi\"\r\nbye"}, {"", "x"}};
  for (const auto& r : rows) ASSERT_TRUE(writer->WriteRecord(r).ok());
  ASSERT_TRUE(writer->Commit().ok());
  auto reader = OpenTable(path);
  ASSERT_TRUE(reader.ok()) << reader.error().ToString();
  EXPECT_THAT((*reader)->columns(), ::testing::ElementsAre("name", "note"));
  Row row;
  for (size_t i = 1; i < rows.size(); ++i) {
    auto more = (*reader)->Next(&row);
    ASSERT_TRUE(more.ok() && *more);
    EXPECT_EQ(row.fields, rows[i]);
  }
}

}  // namespace
}  // namespace xb::io
