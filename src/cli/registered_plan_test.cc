// Plans that name a registered recipient (`recipient: {id: R}`) through `assess` and `transfer`:
// the registry fills in the facts, and a plan that contradicts it is refused with the reason.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/hr_example_test_util.h"

namespace xb::cli::testing {
namespace {
using nlohmann::json;

class RegisteredPlanTest : public HrExampleTest {
 protected:
  // The HR example's plan with its recipient block replaced by `recipient`.
  std::string Plan(const std::string& name, const std::string& recipient) {
    std::ifstream in(dir_ + "/hr/plan.yaml");
    std::string line, out;
    bool skipping = false;
    while (std::getline(in, line)) {
      if (line.rfind("recipient:", 0) == 0) {
        out += recipient + "\n";
        skipping = true;
        continue;
      }
      if (skipping && line.rfind("  ", 0) == 0) continue;
      skipping = false;
      out += line + "\n";
    }
    std::string path = dir_ + "/hr/" + name;
    std::ofstream(path) << out;
    return path;
  }
  RunResult Transfer(const std::string& plan, const std::string& package) {
    return Run({"transfer", plan, "--out", dir_ + "/" + package});
  }
  std::string Reasons(const RunResult& r) {
    std::string all;
    const json outcome = json::parse(r.out);  // kept: the loop reads into it
    for (const auto& s : outcome["refusal_reasons"]) all += s.get<std::string>() + "\n";
    return all;
  }
};

TEST_F(RegisteredPlanTest, TheRegistryFillsInTheRecipient) {
  const std::string plan = Plan("by-id.yaml", "recipient: {id: huaxin-holding}");
  RunResult assessed = Run({"assess", plan});
  ASSERT_EQ(assessed.exit_code, 0) << assessed.err << assessed.out;
  EXPECT_EQ(json::parse(assessed.out)["decision"], "exempt");

  RunResult done = Transfer(plan, "package-by-id");
  ASSERT_EQ(done.exit_code, 0) << done.err << done.out;
  EXPECT_EQ(json::parse(done.out)["status"], "completed");
  RunResult exported = Run({"ledger", "export"});
  std::istringstream lines(exported.out);
  std::string line, last;
  while (std::getline(lines, line)) last = line;
  auto entry = json::parse(last);
  EXPECT_EQ(entry["recipient_id"], "huaxin-holding");
  EXPECT_EQ(entry["recipient"], "Huaxin Holding GmbH");
  EXPECT_EQ(entry["country"], "DE");
}

TEST_F(RegisteredPlanTest, APlanThatContradictsTheRegistryIsRefused) {
  RunResult r =
      Transfer(Plan("other-country.yaml", "recipient: {id: huaxin-holding, country: US}"), "p1");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(Reasons(r).find("recipient.country US; registered recipient 'huaxin-holding' is in DE"),
            std::string::npos)
      << Reasons(r);

  // The registry narrows what the recipient may receive: the transfer sends identity.
  std::ofstream(dir_ + "/narrow.yaml") << "id: huaxin-holding\nname: Huaxin Holding GmbH\n"
                                          "country: DE\npurposes: [hr_management]\n"
                                          "categories: [contact]\n";
  ASSERT_EQ(Run({"recipients", "add", "--replace", "--file", dir_ + "/narrow.yaml"}).exit_code, 0);
  RunResult narrow = Transfer(Plan("narrow-plan.yaml", "recipient: {id: huaxin-holding}"), "p2");
  EXPECT_EQ(narrow.exit_code, 1);
  EXPECT_NE(Reasons(narrow).find("may not receive category identity"), std::string::npos)
      << Reasons(narrow);

  ASSERT_EQ(Run({"recipients", "retire", "huaxin-holding", "--date", "2026-11-01"}).exit_code, 0);
  RunResult retired = Transfer(Plan("retired.yaml", "recipient: {id: huaxin-holding}"), "p3");
  EXPECT_EQ(retired.exit_code, 1);
  EXPECT_NE(Reasons(retired).find("was retired on 2026-11-01"), std::string::npos)
      << Reasons(retired);
}

TEST_F(RegisteredPlanTest, AnUnknownIdIsBadInputNamingThePlanLine) {
  const std::string plan = Plan("unknown.yaml", "recipient: {id: nobody}");
  RunResult r = Transfer(plan, "p4");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown.yaml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("recipient.id"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no recipient 'nobody' is registered"), std::string::npos) << r.err;
  EXPECT_EQ(Run({"assess", plan}).exit_code, 2);
}

}  // namespace
}  // namespace xb::cli::testing
