// End-to-end tests of `xborder recipients` through the binary.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"

namespace xb::cli::testing {
namespace {
using nlohmann::json;

class RecipientsCommandTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = FreshTempDir(); }
  RunResult Run(std::vector<std::string> args) {
    std::vector<std::string> all = {
        "--db", dir_ + "/xborder.db", "--key-file", dir_ + "/xborder.key", "--format", "json"};
    all.insert(all.end(), args.begin(), args.end());
    return RunXborder(all);
  }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/" + name) << text;
  }
  std::string dir_;
};

TEST_F(RecipientsCommandTest, AddListShowRetire) {
  RunResult added =
      Run({"recipients", "add", "--file", SourcePath("examples/transfer/hr/recipient.yaml"),
           "--date", "2026-06-01"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  auto r = json::parse(added.out);
  EXPECT_EQ(r["id"], "huaxin-holding");
  EXPECT_EQ(r["registered"], "2026-06-01");
  EXPECT_EQ(r["mechanisms"][0]["expires"], "2029-04-30");
  EXPECT_EQ(r.contains("contact"), false);

  RunResult company = Run({"recipients", "add", "--name", "Example Analytics Inc.", "--country",
                           "US", "--restricted-list"});
  ASSERT_EQ(company.exit_code, 0) << company.err;
  EXPECT_EQ(json::parse(company.out)["id"], "example-analytics-inc");

  RunResult list = Run({"recipients", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(json::parse(list.out)["recipients"].size(), 2u);

  RunResult show = Run({"recipients", "show", "huaxin-holding", "--private"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(json::parse(show.out)["contact"].get<std::string>().find("privacy@"),
            std::string::npos);

  RunResult retired =
      Run({"recipients", "retire", "example-analytics-inc", "--date", "2026-07-01"});
  ASSERT_EQ(retired.exit_code, 0) << retired.err;
  EXPECT_EQ(json::parse(Run({"recipients", "list"}).out)["recipients"].size(), 1u);
  EXPECT_EQ(json::parse(Run({"recipients", "list", "--all"}).out)["recipients"].size(), 2u);

  // Every change is a ledger entry, and the ledger verifies.
  RunResult exported = Run({"ledger", "export"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(std::count(exported.out.begin(), exported.out.end(), '\n'), 3);
  EXPECT_EQ(exported.out.find("privacy@"), std::string::npos);  // contacts stay private
  EXPECT_EQ(Run({"ledger", "verify"}).exit_code, 0);
}

TEST_F(RecipientsCommandTest, AnIndividualsNameNeverLeavesTheRegistry) {
  RunResult added =
      Run({"recipients", "add", "--name", "Wang Fang", "--country", "US", "--kind", "individual"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const std::string id = json::parse(added.out)["id"];
  EXPECT_EQ(added.out.find("Wang"), std::string::npos);
  RunResult list = Run({"recipients", "list"});
  EXPECT_EQ(list.out.find("Wang"), std::string::npos);
  EXPECT_EQ(json::parse(list.out)["recipients"][0]["label"], "individual " + id);
  EXPECT_EQ(Run({"ledger", "export"}).out.find("Wang"), std::string::npos);
  EXPECT_NE(Run({"recipients", "show", id, "--private"}).out.find("Wang Fang"), std::string::npos);
}

TEST_F(RecipientsCommandTest, BadInputNamesFileLineAndField) {
  Write("r.yaml", "name: Acme\ncountry: DE\npurposes: [hr_managment]\n");
  RunResult bad = Run({"recipients", "add", "--file", dir_ + "/r.yaml"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("r.yaml:3"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("purposes"), std::string::npos) << bad.err;

  EXPECT_EQ(Run({"recipients", "add", "--name", "Acme"}).exit_code, 2);  // no country
  EXPECT_EQ(Run({"recipients", "add", "--name", "Acme", "--country", "DE"}).exit_code, 0);
  RunResult again = Run({"recipients", "add", "--name", "Acme", "--country", "DE"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("--replace"), std::string::npos);
  EXPECT_EQ(Run({"recipients", "show", "nobody"}).exit_code, 2);
  EXPECT_EQ(Run({"recipients", "retire", "nobody"}).exit_code, 2);
}

}  // namespace
}  // namespace xb::cli::testing
