// FindHandShapes (hand_shapes.h) against Vectorscan with SOM_LEFTMOST on the same expressions,
// over random text made of the bytes these shapes are built from.
#include "detect/text/hand_shapes.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "detect/text/shape_oracle_test_util.h"

namespace xb::text {
namespace {

TEST(HandShapes, EqualsVectorscanSomLeftmost) {
  static const std::vector<std::string> kPieces = {
      "0", "1", "23", "4567", "12345678", "9", " ", " ", "-", "+", "X", "x", "E", "e", "G", "g",
      "H", "M", "C", "c", "L", "T", "t", "U", "A", "Z", "AB", "K", "a", "z", ".", ".5", ",", "_",
      "\xE4\xBD\xA0", "\xFF", "91440300MA5F", "\n", "@", "@", "..", "%", "mail.com", "a.b"};
  testing::OracleRun run =
      testing::CompareWithVectorscan(IsHandMatched, FindHandShapes, kPieces, 5, 60000);
  ASSERT_EQ(run.kinds.size(), 7u);
  size_t checked = 0;
  for (size_t k : run.matches) checked += k;
  EXPECT_GT(checked, 20000u);
}

}  // namespace
}  // namespace xb::text
