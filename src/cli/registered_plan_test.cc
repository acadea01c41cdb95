// Plans that name a registered recipient (`recipient: {id: R}`) through `assess` and `transfer`:
// the registry fills in the facts, and a plan that contradicts it is refused with the reason.
#include <gtest/gtest.h>

#include <filesystem>
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

// DESIGN.md §12: a package for a recipient that registered a key is sealed for that key without
// being asked, and `--seal-to` with the same key does not seal it twice.
TEST_F(RegisteredPlanTest, APackageForARecipientWithAKeyIsSealedForIt) {
  RunResult keygen = RunProgram({"age-keygen", "-o", dir_ + "/parent.key"});
  ASSERT_EQ(keygen.exit_code, 0) << "Debian's age is needed: " << keygen.err;
  RunResult pub = RunProgram({"age-keygen", "-y", dir_ + "/parent.key"});
  const std::string seal_key = pub.out.substr(0, pub.out.find('\n'));
  std::ifstream in(dir_ + "/hr/recipient.yaml");
  std::ostringstream registered;
  registered << in.rdbuf() << "seal_key: " << seal_key << "\n";
  std::ofstream(dir_ + "/sealed.yaml") << registered.str();
  RunResult replaced = Run({"recipients", "add", "--replace", "--file", dir_ + "/sealed.yaml"});
  ASSERT_EQ(replaced.exit_code, 0) << replaced.err;

  const std::string plan = Plan("sealed-plan.yaml", "recipient: {id: huaxin-holding}");
  for (const std::string package : {"sealed", "sealed-twice"}) {
    std::vector<std::string> args = {"transfer", plan, "--out", dir_ + "/" + package};
    if (package == "sealed-twice") args.insert(args.end(), {"--seal-to", seal_key});
    RunResult done = Run(args);
    ASSERT_EQ(done.exit_code, 0) << done.err << done.out;
    const std::string sealed = dir_ + "/" + package + "/data/employees.csv.age";
    EXPECT_FALSE(std::filesystem::exists(dir_ + "/" + package + "/data/employees.csv")) << package;
    RunResult opened = RunProgram({"age", "-d", "-i", dir_ + "/parent.key", sealed});
    EXPECT_EQ(opened.exit_code, 0) << package << ": " << opened.err;
    EXPECT_NE(opened.out.find('\n'), std::string::npos) << package;
    std::ifstream manifest_file(dir_ + "/" + package + "/manifest.json");
    const json manifest = json::parse(manifest_file);
    EXPECT_EQ(manifest["sealed_to"].size(), 1u) << package << ": " << manifest.dump();
  }
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
