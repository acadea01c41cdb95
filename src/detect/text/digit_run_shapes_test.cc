// FindDigitRunShapes (digit_run_shapes.h) against Vectorscan with SOM_LEFTMOST on the same
// expressions, over random text made of the bytes these shapes are built from, at random
// alignments.
#include "detect/text/digit_run_shapes.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "detect/text/shape_oracle_test_util.h"

namespace xb::text {
namespace {

TEST(DigitRunShapes, EqualsVectorscanSomLeftmost) {
  static const std::vector<std::string> kPieces = {
      "0", "1", "19", "20", "2024", "1990", "12", "3", "45", "9", " ", " ", "  ", "-", "/", ".",
      "GB", "DE", "ab", "Z", "x", "K", "82", "WEST", "1234", "5698", "76", "\xE5\xB9\xB4",
      "\xE6\x9C\x88", "\xE6\x97\xA5", "\xE5\xB9", "\xE4\xBD\xA0", "\xFF", "\n", ",", "_", "%", "*", "**", "****", "X", "192",
      "168.", ".1", "255", "1.2", "110101", "8000", "8.8.", "10.0.", ".255."};
  testing::OracleRun run =
      testing::CompareWithVectorscan(IsDigitRunShape, FindDigitRunShapes, kPieces, 11, 120000);
  ASSERT_EQ(run.kinds.size(), 4u);
  for (size_t k = 0; k < run.kinds.size(); ++k) {
    EXPECT_GT(run.matches[k], 3000u) << static_cast<int>(run.kinds[k]);
  }
}

}  // namespace
}  // namespace xb::text
