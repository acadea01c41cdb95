// End-to-end tests of `xborder transfer onward` on the bundled HR example.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"

namespace xb::cli::testing {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

// Splits one line of the example's consent file (no quoted commas before column 8).
std::vector<std::string> Fields(const std::string& line) {
  std::vector<std::string> out;
  size_t a = 0;
  for (int i = 0; i < 8; ++i) {
    size_t b = line.find(',', a);
    out.push_back(line.substr(a, b - a));
    a = b + 1;
  }
  return out;
}

// Employees of the example whose every consent record is a valid separate consent (so the
// transfer sent them), and those with a withdrawn or non-separate one (never sent).
struct Employees {
  std::vector<std::string> sent;
  std::vector<std::string> withheld;
};
Employees SplitByConsent(const std::string& consents_csv, size_t n) {
  std::ifstream in(consents_csv);
  std::string line;
  std::getline(in, line);
  std::map<std::string, bool> valid;  // subject -> every record valid
  std::vector<std::string> order;
  while (std::getline(in, line)) {
    auto f = Fields(line);
    bool ok = f[4] == "true" && f[7].empty();
    if (!valid.count(f[0])) order.push_back(f[0]);
    auto [it, fresh] = valid.emplace(f[0], ok);
    if (!fresh) it->second = it->second && ok;
  }
  Employees e;
  for (const auto& id : order) {
    auto& side = valid[id] ? e.sent : e.withheld;
    if (side.size() < n) side.push_back(id);
  }
  return e;
}

class OnwardCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir();
    fs::copy(SourcePath("examples/transfer/hr"), dir_ + "/hr", fs::copy_options::recursive);
    ASSERT_EQ(Run({"consent", "import", dir_ + "/hr/consents.csv"}).exit_code, 0);
    RunResult t = Run({"transfer", dir_ + "/hr/plan.yaml", "--out", dir_ + "/package"});
    ASSERT_EQ(t.exit_code, 0) << t.err;
    sent_ = json::parse(t.out)["individuals"];
    RunResult r = Run({"recipients", "add", "--file", dir_ + "/hr/recipient.yaml"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  RunResult Run(std::vector<std::string> args, const std::string& input = "") {
    std::vector<std::string> all = {
        "--db", dir_ + "/xborder.db", "--key-file", dir_ + "/xborder.key", "--format", "json"};
    all.insert(all.end(), args.begin(), args.end());
    return RunXborder(all, input);
  }
  std::vector<std::string> Onward(std::vector<std::string> extra) {
    std::vector<std::string> a = {"transfer",
                                  "onward",
                                  "--recipient",
                                  "huaxin-holding",
                                  "--from-entry",
                                  "0",
                                  "--third-party",
                                  "Payroll Services GmbH",
                                  "--third-party-country",
                                  "DE",
                                  "--purpose",
                                  "hr_management",
                                  "--categories",
                                  "identity,contact",
                                  "--as-of",
                                  "2026-12-01"};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  }
  std::string dir_;
  int64_t sent_ = 0;
};

TEST_F(OnwardCommandTest, RecordsTheLawfulOneWithEveryIndividualOfTheTransfer) {
  RunResult r = Run(Onward({"--separate-consent", "--agreement", "DPA-2026-07"}));
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  auto j = json::parse(r.out);
  EXPECT_EQ(j["status"], "completed");
  EXPECT_EQ(j["type"], "onward_transfer");
  EXPECT_EQ(j["counts"]["individuals"], sent_);
  EXPECT_EQ(Run({"ledger", "verify"}).exit_code, 0);
}

TEST_F(OnwardCommandTest, RefusesWithReasonsAndRecordsTheRefusal) {
  RunResult r = Run(Onward({}));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto j = json::parse(r.out);
  EXPECT_EQ(j["status"], "refused");
  ASSERT_EQ(j["reasons"].size(), 2u);  // no separate consent, no written agreement
  EXPECT_NE(j["reasons"][1].get<std::string>().find("CAC Order No. 13"), std::string::npos);
  RunResult exported = Run({"ledger", "export"});
  EXPECT_NE(exported.out.find("onward_transfer_refused"), std::string::npos);
}

TEST_F(OnwardCommandTest, NamedIndividualsAreReadFromStdinAndNeverEchoed) {
  Employees e = SplitByConsent(dir_ + "/hr/consents.csv", 40);
  ASSERT_EQ(e.sent.size(), 40u);
  ASSERT_FALSE(e.withheld.empty());
  std::string input;
  for (const auto& id : e.sent) input += id + "\n";
  RunResult r =
      Run(Onward({"--separate-consent", "--agreement", "DPA-7", "--subjects", "-"}), input);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["counts"]["individuals"], 40);

  // Someone the transfer never carried cannot be passed on: bad input, nothing recorded.
  RunResult stranger =
      Run(Onward({"--separate-consent", "--agreement", "DPA-7", "--subjects", "-"}),
          input + e.withheld[0] + "\n");
  EXPECT_EQ(stranger.exit_code, 2);
  EXPECT_NE(stranger.err.find("1 of the 41 individuals named were not carried"), std::string::npos)
      << stranger.err;
  for (const auto& id : e.sent) {
    EXPECT_EQ(r.out.find(id), std::string::npos);
    EXPECT_EQ(stranger.err.find(id), std::string::npos);
  }
  EXPECT_EQ(stranger.err.find(e.withheld[0]), std::string::npos);
}

TEST_F(OnwardCommandTest, BadInputIsExitTwo) {
  EXPECT_EQ(Run(Onward({"--from-entry", "1"})).exit_code, 2);  // the registration, not a transfer
  std::vector<std::string> unknown = Onward({});
  unknown[3] = "nobody";
  EXPECT_EQ(Run(unknown).exit_code, 2);
  EXPECT_EQ(Run({"transfer", "onward", "--recipient", "huaxin-holding"}).exit_code, 2);
}

}  // namespace
}  // namespace xb::cli::testing
