// End-to-end tests of `xborder transfer` and `xborder consent` through the binary: the README's
// example flow, exit codes, and that nothing personal reaches stdout or stderr.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"

namespace xb::cli::testing {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

class TransferCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir();
    // A copy of the HR example, so the package lands in the temp dir.
    fs::copy(SourcePath("examples/transfer/hr"), dir_ + "/hr", fs::copy_options::recursive);
  }
  std::vector<std::string> Global() {
    return {"--db", dir_ + "/xborder.db", "--key-file", dir_ + "/xborder.key", "--format", "json"};
  }
  RunResult Run(std::vector<std::string> args) {
    std::vector<std::string> all = Global();
    all.insert(all.end(), args.begin(), args.end());
    return RunXborder(all);
  }
  std::string dir_;
};

TEST_F(TransferCommandTest, HrExampleEndToEnd) {
  RunResult imported = Run({"consent", "import", dir_ + "/hr/consents.csv"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_GT(json::parse(imported.out)["imported"].get<int>(), 0);

  RunResult check = Run({"consent", "check", dir_ + "/hr/plan.yaml"});
  EXPECT_EQ(check.exit_code, 1) << check.err;  // some employees lack valid consent
  auto checked = json::parse(check.out);
  EXPECT_GT(checked["datasets"][0]["individuals"]["valid"].get<int>(), 0);

  RunResult done = Run({"transfer", dir_ + "/hr/plan.yaml", "--out", dir_ + "/package"});
  ASSERT_EQ(done.exit_code, 0) << done.err << done.out;
  auto outcome = json::parse(done.out);
  EXPECT_EQ(outcome["status"], "completed");
  EXPECT_EQ(outcome["decision"]["decision"], "exempt");
  EXPECT_EQ(outcome["ledger"]["index"], 0);
  EXPECT_TRUE(fs::exists(dir_ + "/package/manifest.json"));

  // The ledger verifies, and the entry is the transfer.
  RunResult verify = Run({"ledger", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err << verify.out;

  // Running the same transfer into the same package directory is refused as bad input.
  RunResult again = Run({"transfer", dir_ + "/hr/plan.yaml", "--out", dir_ + "/package"});
  EXPECT_NE(again.exit_code, 0);

  // No resident ID from the source appears in anything printed.
  std::ifstream in(dir_ + "/hr/employees.csv");
  std::string line;
  std::getline(in, line);
  int checked_ids = 0;
  while (std::getline(in, line) && checked_ids < 200) {
    size_t a = 0;
    for (int i = 0; i < 3; ++i) a = line.find(',', a) + 1;
    std::string id = line.substr(a, 18);
    ASSERT_EQ(done.out.find(id), std::string::npos);
    ASSERT_EQ(done.err.find(id), std::string::npos);
    ++checked_ids;
  }
}

TEST_F(TransferCommandTest, RefusedExampleExitsOneWithReasons) {
  fs::copy(SourcePath("examples/transfer/refused"), dir_ + "/refused", fs::copy_options::recursive);
  RunResult r = Run({"transfer", dir_ + "/refused/plan.yaml", "--out", dir_ + "/package"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto outcome = json::parse(r.out);
  EXPECT_EQ(outcome["status"], "refused");
  EXPECT_FALSE(outcome["refusal_reasons"].empty());
  EXPECT_FALSE(fs::exists(dir_ + "/package"));
}

TEST_F(TransferCommandTest, BadPlanExitsTwo) {
  std::ofstream(dir_ + "/bad.yaml") << "as_of: 2026-13-45\ndata: {datasets: [x.csv]}\n";
  RunResult r = Run({"transfer", dir_ + "/bad.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.yaml"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace xb::cli::testing
