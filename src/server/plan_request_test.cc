#include "server/plan_request.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace xb::server {
namespace {
namespace fs = std::filesystem;

TEST(PlanBody, YamlAndJsonGiveTheSamePlan) {
  auto yaml = ParsePlanBody("exporter: {name: A}\nrecipient: {country: DE}\n", "", nullptr);
  auto json = ParsePlanBody(R"({"exporter": {"name": "A"}, "recipient": {"country": "DE"}})",
                            "application/json", nullptr);
  ASSERT_TRUE(yaml.ok() && json.ok());
  EXPECT_EQ(yaml->plan.exporter_name, json->plan.exporter_name);
  EXPECT_EQ(json->plan.recipient_country, "DE");
}

TEST(PlanBody, MalformedInputNamesWhereNotWhat) {
  auto bad = ParsePlanBody("exporter: {name: 'secret-value\n", "", nullptr);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kParse);
  EXPECT_EQ(bad.error().message.find("secret-value"), std::string::npos);
  auto json = ParsePlanBody("{\"a\": secret}", "application/json", nullptr);
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.error().where.field, "body");
  EXPECT_EQ(json.error().message.find("secret"), std::string::npos);
  EXPECT_EQ(ParsePlanBody("[1, 2]", "application/json", nullptr).error().code,
            ErrorCode::kInvalidArgument);
}

TEST(DataRoot, PathsStayInside) {
  fs::path root = fs::temp_directory_path() / "xb-data-root-test";
  fs::remove_all(root);
  fs::create_directories(root / "sub");
  std::ofstream(root / "sub" / "a.csv") << "x\n";
  std::ofstream(fs::temp_directory_path() / "xb-outside.csv") << "x\n";
  fs::create_symlink(fs::temp_directory_path() / "xb-outside.csv", root / "link.csv");
  EXPECT_TRUE(ResolveInDataRoot(root.string(), "sub/a.csv", "f").ok());
  EXPECT_TRUE(ResolveInDataRoot(root.string(), (root / "sub/a.csv").string(), "f").ok());
  EXPECT_EQ(ResolveInDataRoot(root.string(), "../xb-outside.csv", "f").error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(ResolveInDataRoot(root.string(), "sub/../../xb-outside.csv", "f").error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(ResolveInDataRoot(root.string(), "link.csv", "f").error().code,
            ErrorCode::kInvalidArgument)
      << "a link may not lead out of the root";
  EXPECT_EQ(ResolveInDataRoot(root.string(), "/etc/passwd", "f").error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(ResolveInDataRoot(root.string(), "nothere.csv", "f").error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(ResolveInDataRoot(root.string() + "-sibling", "x", "f").error().code,
            ErrorCode::kNotFound);
  fs::remove_all(root);
  fs::remove(fs::temp_directory_path() / "xb-outside.csv");
}

}  // namespace
}  // namespace xb::server
