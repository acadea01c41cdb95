#include "io/block_reader.h"

#include <gtest/gtest.h>

#include <string>

#include "io/io_test_util.h"

namespace xb::io {
namespace {

using testing::WriteTemp;

ReadOptions Blocks(size_t bytes) {
  ReadOptions options;
  options.block_bytes = bytes;
  return options;
}

// Reads every block; returns their concatenation and checks each ends at a record boundary.
std::string ReadAll(BlockReader* reader, std::vector<int64_t>* first_lines = nullptr) {
  std::string all;
  RecordBlock block;
  while (true) {
    auto more = reader->Next(&block);
    EXPECT_TRUE(more.ok()) << more.error().ToString();
    if (!more.ok() || !*more) break;
    EXPECT_GE(block.data.capacity(), block.data.size() + kBlockPadding);
    if (first_lines != nullptr) {
      first_lines->push_back(block.first_line);
    }
    all += block.data;
  }
  return all;
}

TEST(BlockReader, BlocksHoldWholeRecordsAndTrackLines) {
  std::string text = "id,note\n";
  for (int i = 0; i < 2000; ++i) {
    text += std::to_string(i) + (i % 7 == 0 ? ",\"two\nlines, quoted\"\n" : ",plain\n");
  }
  auto reader = BlockReader::Open(WriteTemp(text), Blocks(4096));
  ASSERT_TRUE(reader.ok()) << reader.error().ToString();
  std::vector<int64_t> lines;
  RecordBlock block;
  std::string all;
  std::vector<std::string_view> fields;
  while (true) {
    auto more = (*reader)->Next(&block);
    ASSERT_TRUE(more.ok());
    if (!*more) break;
    // Every block parses into complete records ending exactly at its end.
    char* p = block.data.data();
    char* end = p + block.data.size();
    int64_t line = block.first_line;
    if (!lines.empty()) {
      EXPECT_EQ(line, lines.back());
    }
    while (p < end) {
      int nl = 0;
      p = ParseCsvRecord(p, end, ',', &fields, &nl);
      ASSERT_EQ(fields.size(), 2u) << "at line " << line;
      line += nl;
    }
    lines.push_back(line);  // the next block must start here
  }
  EXPECT_GT(lines.size(), 3u);
  EXPECT_EQ(lines.back(), 1 + 1 + 2000 + 286);  // header + rows + embedded LFs
}

TEST(BlockReader, StripsUtf8Bom) {
  auto reader = BlockReader::Open(WriteTemp("\xEF\xBB\xBFname,id\nx,1\n"), {});
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(ReadAll(reader->get()), "name,id\nx,1\n");
}

TEST(BlockReader, DecodesGb18030AcrossBlockBoundaries) {
  std::string gb = "name\n", utf8 = "name\n";
  for (int i = 0; i < 3000; ++i) {
    gb += "\xD5\xC5\xC8\xFD\n";  // 张三
    utf8 += "张三\n";
  }
  auto reader = BlockReader::Open(WriteTemp(gb), Blocks(4097));  // odd size cuts characters
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ((*reader)->encoding(), TextEncoding::kGb18030);
  EXPECT_EQ(ReadAll(reader->get()), utf8);
}

TEST(BlockReader, ForcedEncodingWins) {
  ReadOptions options;
  options.encoding = TextEncoding::kGb18030;
  auto reader = BlockReader::Open(WriteTemp("a,b\n1,2\n"), options);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ((*reader)->encoding(), TextEncoding::kGb18030);
}

TEST(BlockReader, FormatFromExtensionThenContent) {
  auto jsonl = BlockReader::Open(WriteTemp("{\"a\":1}\n", ".txt"), {});
  ASSERT_TRUE(jsonl.ok());
  EXPECT_EQ((*jsonl)->format(), TableFormat::kJsonLines);
  auto tsv = BlockReader::Open(WriteTemp("a\tb\n", ".tsv"), {});
  ASSERT_TRUE(tsv.ok());
  EXPECT_EQ((*tsv)->delimiter(), '\t');
  auto semi = BlockReader::Open(WriteTemp("a;b\n1;2\n"), {});
  ASSERT_TRUE(semi.ok());
  EXPECT_EQ((*semi)->delimiter(), ';');
}

TEST(BlockReader, MissingFileIsNotFound) {
  auto r = BlockReader::Open("/nonexistent/dir/x.csv", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(r.error().where.file, "/nonexistent/dir/x.csv");
}

TEST(BlockReader, DirectoryIsAnError) {
  auto r = BlockReader::Open(::testing::TempDir(), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
}

TEST(BlockReader, EmptyFileIsInvalid) {
  auto r = BlockReader::Open(WriteTemp(""), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("empty"), std::string::npos);
}

TEST(BlockReader, BinaryContentNamesTheLine) {
  std::string bytes = "a,b\n1,2\n";
  bytes += std::string(
      "\x7F"
      "ELF\x02\x01\x01\0\0\0",
      10);
  auto r = BlockReader::Open(WriteTemp(bytes), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().where.line, 3);
  EXPECT_NE(r.error().message.find("binary"), std::string::npos);
}

TEST(BlockReader, InvalidUtf8LaterInTheFileNamesTheLine) {
  std::string text = "a,b\n";
  for (int i = 0; i < 5000; ++i) text += "x,y\n";
  text += "bad\xC3(,z\n";  // line 5002
  auto reader = BlockReader::Open(WriteTemp(text), Blocks(4096));
  ASSERT_TRUE(reader.ok());
  RecordBlock block;
  Result<bool> more = true;
  while (more.ok() && *more) more = (*reader)->Next(&block);
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.error().code, ErrorCode::kParse);
  EXPECT_EQ(more.error().where.line, 5002);
}

TEST(BlockReader, OverlongRecordIsBoundedAndNamesItsLine) {
  std::string text = "a\nshort\n" + std::string(100000, 'z') + "\n";
  ReadOptions options;
  options.max_record_bytes = 10000;
  options.block_bytes = 4096;
  auto reader = BlockReader::Open(WriteTemp(text), options);
  ASSERT_TRUE(reader.ok());
  RecordBlock block;
  Result<bool> more = true;
  while (more.ok() && *more) more = (*reader)->Next(&block);
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.error().code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(more.error().where.line, 3);
}

TEST(BlockReader, UnterminatedQuoteAtEndNamesTheRecordLine) {
  auto reader = BlockReader::Open(WriteTemp("a,b\n1,2\n3,\"open\nstill open\n"), {});
  ASSERT_TRUE(reader.ok());
  RecordBlock block;
  auto first = (*reader)->Next(&block);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(block.data, "a,b\n1,2\n");
  auto second = (*reader)->Next(&block);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().where.line, 3);
}

TEST(BlockReader, LastRecordWithoutNewline) {
  auto reader = BlockReader::Open(WriteTemp("a,b\n1,2"), {});
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(ReadAll(reader->get()), "a,b\n1,2");
}

}  // namespace
}  // namespace xb::io
