// The standard contract's filing deadline is one date wherever it is shown: `assess` lists the
// scc_filing obligation due 10 working days after the contract took effect (mechanism.effective,
// Standard Contract Measures Art. 7), and the filing pack `report sc-filing` shows the same date
// in its obligations table and its deadline.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli/cli_test_util.h"

namespace xb::cli::testing {
namespace {

const char* kPlan =
    "as_of: 2026-09-25\n"
    "jurisdiction: CN\n"
    "exporter: {name: Example Software Co., ciio: false, state_organ: false, ftz: null, sector: "
    "other}\n"
    "recipient: {name: Example Cloud Pte. Ltd., country: SG, kind: company, restricted_list: "
    "false}\n"
    "purpose: analytics\n"
    "data: {personal_information: true, important_data: false, individuals: 220000,\n"
    "       sensitive_individuals: 0, categories: [identity, contact], subjects: [customers]}\n"
    "history: {individuals_ytd: 0, sensitive_individuals_ytd: 0}\n";

nlohmann::json Filing(const nlohmann::json& assessed) {
  for (const auto& o : assessed["obligations"]) {
    if (o["id"] == "scc_filing") return o;
  }
  return nullptr;
}

nlohmann::json ReportFact(const std::string& facts_file, const std::string& id) {
  std::ifstream in(facts_file);
  std::stringstream text;
  text << in.rdbuf();
  auto j = nlohmann::json::parse(text.str(), nullptr, false);
  if (j.is_discarded()) return nullptr;
  for (const auto& f : j["facts"]) {
    if (f["id"] == id) return f["value"];
  }
  return nullptr;
}

TEST(SccFilingDue, AssessAndTheFilingPackShowOneDate) {
  const std::string dir = FreshTempDir();
  const std::string plan = dir + "/plan.yaml";
  // The contract took effect on 2026-09-28, three days after as_of; National Day (1-7 October)
  // falls inside the 10 working days.
  std::ofstream(plan) << kPlan
                      << "mechanism: {type: standard_contract, reference: SC-1, effective: "
                         "2026-09-28}\n";
  RunResult a = RunXborder({"assess", plan, "--format", "json"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  nlohmann::json filing = Filing(nlohmann::json::parse(a.out));
  ASSERT_TRUE(filing.is_object()) << a.out;
  EXPECT_EQ(filing["due"], "2026-10-16");
  EXPECT_EQ(filing["due_basis"], "within 10 working days of the contract taking effect");

  RunResult r = RunXborder(
      {"report", "sc-filing", plan, "--out", dir + "/out", "--format", "html", "--lang", "en"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string facts = dir + "/out/sc-filing.facts.json";
  nlohmann::json deadline = ReportFact(facts, "sc.filing_deadline");
  ASSERT_TRUE(deadline.is_object());
  EXPECT_EQ(deadline["date"], filing["due"]);
  nlohmann::json listed = nullptr;
  for (const auto& o : ReportFact(facts, "obligations")) {
    if (o["id"] == "scc_filing") listed = o;
  }
  ASSERT_TRUE(listed.is_object());
  EXPECT_EQ(listed["due"], filing["due"]);
}

TEST(SccFilingDue, WithoutTheEffectiveDateCountsFromAsOfAndSaysSo) {
  const std::string dir = FreshTempDir();
  const std::string plan = dir + "/plan.yaml";
  std::ofstream(plan) << kPlan;
  RunResult a = RunXborder({"assess", plan, "--format", "json"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  nlohmann::json filing = Filing(nlohmann::json::parse(a.out));
  ASSERT_TRUE(filing.is_object());
  EXPECT_EQ(filing["due"], "2026-10-15");  // 2026-09-25 + 10 working days
  EXPECT_NE(filing["due_basis"].get<std::string>().find("assumed: as_of"), std::string::npos);
}

TEST(SccFilingDue, AnEffectiveDateThatIsNotADateIsAnError) {
  const std::string dir = FreshTempDir();
  const std::string plan = dir + "/plan.yaml";
  std::ofstream(plan) << kPlan << "mechanism: {type: standard_contract, effective: soon}\n";
  RunResult a = RunXborder({"assess", plan});
  EXPECT_EQ(a.exit_code, 2);
  EXPECT_NE(a.err.find("plan.yaml:9"), std::string::npos) << a.err;
  EXPECT_NE(a.err.find("mechanism.effective"), std::string::npos) << a.err;
}

}  // namespace
}  // namespace xb::cli::testing
