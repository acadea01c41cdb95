// End-to-end tests of `xborder detect` (DESIGN.md §4): the JSON-lines contract, --show-text,
// --min-score, and bad input (invalid UTF-8, NUL bytes, a line longer than the window, empty
// input, a missing file).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_test_util.h"

namespace xb::cli::testing {
namespace {

std::vector<nlohmann::json> ParseLines(const std::string& out) {
  std::vector<nlohmann::json> objects;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) objects.push_back(nlohmann::json::parse(line));
  return objects;
}

TEST(DetectCommand, OneObjectPerLineWithCodePointOffsets) {
  RunResult r = RunXborder({"detect"}, "手机13800138000\n\nemail a.b+c@example.com\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = ParseLines(r.out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["line"], 1);
  ASSERT_EQ(lines[0]["findings"].size(), 1u);
  EXPECT_EQ(lines[0]["findings"][0]["type"], "CN_MOBILE");
  EXPECT_EQ(lines[0]["findings"][0]["start"], 2);
  EXPECT_EQ(lines[0]["findings"][0]["end"], 13);
  EXPECT_GE(lines[0]["findings"][0]["score"].get<double>(), 0.9);
  EXPECT_EQ(lines[1]["line"], 2);
  EXPECT_TRUE(lines[1]["findings"].empty());
  EXPECT_EQ(lines[2]["findings"][0]["type"], "EMAIL_ADDRESS");
}

TEST(DetectCommand, RawTextOnlyWithShowText) {
  const std::string input = "身份证110101199003078515\n";
  RunResult hidden = RunXborder({"detect", "-"}, input);
  EXPECT_EQ(hidden.out.find("110101199003078515"), std::string::npos);
  RunResult shown = RunXborder({"detect", "--show-text"}, input);
  auto lines = ParseLines(shown.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["findings"][0]["text"], "110101199003078515");
}

TEST(DetectCommand, MaskedValuesAreFlagged) {
  RunResult r = RunXborder({"detect"}, "身份证110101********8531\n");
  auto lines = ParseLines(r.out);
  ASSERT_EQ(lines[0]["findings"].size(), 1u);
  EXPECT_EQ(lines[0]["findings"][0]["type"], "CN_RESIDENT_ID");
  EXPECT_EQ(lines[0]["findings"][0]["masked"], true);
}

TEST(DetectCommand, MinScoreFilters) {
  // A bare IMEI-shaped number without context scores low.
  RunResult all = RunXborder({"detect", "--min-score", "0.5"}, "490154203237518\n");
  RunResult strict = RunXborder({"detect", "--min-score", "0.9"}, "490154203237518\n");
  EXPECT_EQ(ParseLines(all.out)[0]["findings"].size(), 1u);
  EXPECT_TRUE(ParseLines(strict.out)[0]["findings"].empty());
  EXPECT_EQ(RunXborder({"detect", "--min-score", "2"}, "x\n").exit_code, 2);
}

TEST(DetectCommand, ReadsFilesAndReportsMissingOnes) {
  const std::string dir = FreshTempDir();
  RunResult missing = RunXborder({"detect", dir + "/nope.txt"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nope.txt"), std::string::npos);
}

TEST(DetectCommand, InvalidUtf8IsReportedAndSkipped) {
  std::string input = "bad \xFF\xFE bytes 13800138000\n";
  input += std::string("nul\0here 13912345678\n", 21);
  RunResult r = RunXborder({"detect", "--show-text"}, input);
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.err.find(":1: invalid UTF-8"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("\xFF"), std::string::npos);  // never echoes the bytes
  auto lines = ParseLines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["findings"][0]["start"], 13);  // "bad " + 2 invalid bytes + " bytes "
  EXPECT_EQ(lines[1]["findings"][0]["text"], "13912345678");
}

TEST(DetectCommand, EmptyInputPrintsNothing) {
  RunResult r = RunXborder({"detect"}, "");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "");
}

TEST(DetectCommand, LongLineIsProcessedInWindowsWithExactOffsets) {
  // 3 MiB of CJK text with mobiles at the start, across the first window edge and at the end.
  std::string filler;
  for (int i = 0; i < 400000; ++i) filler += "好";  // 3 bytes, 1 code point each
  const std::string mobile = "13800138000";
  std::string line = "手机" + mobile + filler + filler + filler + "，" + mobile;
  // Place one more so that it straddles the 1 MiB window edge.
  const size_t edge_cp = (1 << 20) / 3 - 4;
  std::string straddling;
  {
    // Rebuild the line with the mobile inserted at code point edge_cp.
    std::u32string dummy;
    size_t byte = 0, cp = 0;
    while (cp < edge_cp) {
      unsigned char c = static_cast<unsigned char>(line[byte]);
      byte += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      ++cp;
    }
    line.insert(byte, "，" + mobile + "，");
  }
  RunResult r = RunXborder({"detect"}, line + "\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = ParseLines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  std::vector<std::pair<int, int>> spans;
  for (const auto& f : lines[0]["findings"]) {
    EXPECT_EQ(f["type"], "CN_MOBILE");
    spans.emplace_back(f["start"].get<int>(), f["end"].get<int>());
  }
  const int total_cp = 2 + 11 + 3 * 400000 + 1 + 11 + 13;
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[0], std::make_pair(2, 13));
  EXPECT_EQ(spans[1],
            std::make_pair(static_cast<int>(edge_cp) + 1, static_cast<int>(edge_cp) + 12));
  EXPECT_EQ(spans[2], std::make_pair(total_cp - 11, total_cp));
}

}  // namespace
}  // namespace xb::cli::testing
