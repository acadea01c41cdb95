#include "server/route.h"

#include <gtest/gtest.h>

namespace xb::server {
namespace {

RouteSpec Spec(const char* method, const char* path) {
  RouteSpec spec;
  spec.method = method;
  spec.path = path;
  return spec;
}

RouteTable Table() {
  RouteTable t;
  t.Add(Spec("GET", "/v1/transfers"), nullptr);
  t.Add(Spec("GET", "/v1/transfers/{index}"), nullptr);
  t.Add(Spec("POST", "/v1/transfers"), nullptr);
  t.Add(Spec("GET", "/"), nullptr);
  return t;
}

TEST(RouteTable, MatchesTemplatesBySegment) {
  RouteTable t = Table();
  auto m = t.Find("GET", "/v1/transfers/42");
  ASSERT_EQ(m.kind, RouteTable::MatchKind::kFound);
  EXPECT_EQ(m.route, 1u);
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0], "42");
  EXPECT_EQ(t.Find("POST", "/v1/transfers").route, 2u);
  EXPECT_EQ(t.Find("HEAD", "/v1/transfers").route, 0u);
  EXPECT_EQ(t.Find("GET", "/").route, 3u);
  EXPECT_EQ(t.Find("GET", "/v1/transfers/").route, 0u) << "a trailing slash is ignored";
}

TEST(RouteTable, TellsWrongMethodFromNoRoute) {
  RouteTable t = Table();
  auto wrong = t.Find("DELETE", "/v1/transfers");
  EXPECT_EQ(wrong.kind, RouteTable::MatchKind::kWrongMethod);
  EXPECT_EQ(wrong.allow, "GET, POST");
  EXPECT_EQ(t.Find("GET", "/v1/transfers/1/2").kind, RouteTable::MatchKind::kNone);
  EXPECT_EQ(t.Find("GET", "/v2").kind, RouteTable::MatchKind::kNone);
}

TEST(Roles, AsDesign) {
  EXPECT_TRUE(Allows(Role::kEngineer, Access::kAssess));
  EXPECT_FALSE(Allows(Role::kEngineer, Access::kSend));
  EXPECT_FALSE(Allows(Role::kAuditor, Access::kAssess));
  EXPECT_TRUE(Allows(Role::kAuditor, Access::kSignedIn));
  EXPECT_TRUE(Allows(Role::kOfficer, Access::kSend));
  EXPECT_TRUE(Allows(Role::kAdmin, Access::kSend));
  EXPECT_EQ(ParseRole("officer"), Role::kOfficer);
  EXPECT_FALSE(ParseRole("root").has_value());
}

}  // namespace
}  // namespace xb::server
