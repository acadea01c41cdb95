#include "core/status.h"

#include <gtest/gtest.h>

namespace xb {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return InvalidArgument("odd", {"plan.yaml", 7, "data.individuals"});
  return n / 2;
}

Result<int> Quarter(int n) {
  XB_ASSIGN_OR_RETURN(int half, Half(n));
  return Half(half);
}

TEST(Status, ErrorNamesFileLineAndField) {
  auto r = Half(3);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().ToString(), "plan.yaml:7: field 'data.individuals': odd");
}

TEST(Status, AssignOrReturnPropagates) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_FALSE(Quarter(6).ok());
  EXPECT_EQ(Quarter(6).error().code, ErrorCode::kInvalidArgument);
}

TEST(Status, DefaultStatusIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  Status bad = NotFound("x");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().ToString(), "x");
}

}  // namespace
}  // namespace xb
