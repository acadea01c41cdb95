// End-to-end tests of `xborder assess` and `xborder rules` on the shipped packs and examples.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/cli_test_util.h"

namespace xb::cli::testing {
namespace {

std::string WritePlan(const std::string& dir, const std::string& text) {
  std::string path = dir + "/plan.yaml";
  std::ofstream(path) << text;
  return path;
}

nlohmann::json AssessJson(const std::string& plan, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"assess", plan, "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  RunResult r = RunXborder(args);
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  return nlohmann::json::parse(r.out, nullptr, false);
}

struct ExampleCase {
  const char* file;
  const char* decision;
  const char* exemption;  // or nullptr
  const char* mechanism;  // first mechanism or nullptr
  int exit_code;
};

TEST(AssessCommand, ExamplePlansGetSoundDecisions) {
  const ExampleCase cases[] = {
      {"cn-hr-to-germany.yaml", "exempt", "hr_management", nullptr, 0},
      {"cn-ecommerce-orders-us.yaml", "exempt", "contract_performance", nullptr, 0},
      {"cn-marketing-small-volume.yaml", "exempt", "small_volume", nullptr, 0},
      {"cn-crm-standard-contract.yaml", "mechanism_required", nullptr, "standard_contract", 0},
      {"cn-hospital-research-sensitive.yaml", "mechanism_required", nullptr, "security_assessment",
       0},
      {"cn-ciio-bank-analytics.yaml", "mechanism_required", nullptr, "security_assessment", 0},
      {"cn-important-data-automotive.yaml", "mechanism_required", nullptr, "security_assessment",
       0},
      {"cn-foreign-court-request.yaml", "prohibited", nullptr, nullptr, 1},
      {"cn-ftz-tianjin-off-list.yaml", "exempt", "ftz_negative_list", nullptr, 0},
      {"cn-2023-regime-previous-year.yaml", "mechanism_required", nullptr, "security_assessment",
       0},
      {"cn-undetermined-ciio-unknown.yaml", "undetermined", nullptr, nullptr, 1},
      {"cn-transit-reexport.yaml", "exempt", "transit", nullptr, 0},
      {"eu-us-dpf-certified.yaml", "exempt", "adequacy_decision", nullptr, 0},
      {"eu-to-china-scc.yaml", "mechanism_required", nullptr, "standard_contractual_clauses", 0},
      {"cn-domestic-recipient.yaml", "exempt", "not_cross_border", nullptr, 0},
      {"cn-ftz-beijing-sector-not-covered.yaml", "mechanism_required", nullptr, "standard_contract",
       0},
      {"cn-automotive-owners-over-100k.yaml", "mechanism_required", nullptr, "security_assessment",
       0},
      {"cn-ride-hailing-trips.yaml", "prohibited", nullptr, nullptr, 1},
      {"eu-us-privacy-shield-2019.yaml", "exempt", "adequacy_decision", nullptr, 0},
      {"eu-epo-international-organisation.yaml", "exempt", "adequacy_decision", nullptr, 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    RunResult r = RunXborder(
        {"assess", SourcePath(std::string("examples/plans/") + c.file), "--format", "json"});
    EXPECT_EQ(r.exit_code, c.exit_code) << r.err;
    EXPECT_EQ(r.err, "");  // no warnings: the examples are clean
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.out;
    EXPECT_EQ(j["decision"], c.decision);
    if (c.exemption) {
      EXPECT_EQ(j["exemption"], c.exemption);
    } else {
      EXPECT_TRUE(j["exemption"].is_null());
    }
    if (c.mechanism) {
      ASSERT_FALSE(j["mechanisms"].empty());
      EXPECT_EQ(j["mechanisms"][0], c.mechanism);
    }
    EXPECT_TRUE(j["obligations"].is_array());
    EXPECT_TRUE(j["missing_facts"].is_array());
    if (std::string(c.decision) != "prohibited") {
      EXPECT_FALSE(j["obligations"].empty());
    }
  }
}

TEST(AssessCommand, UndeterminedNamesTheMissingFact) {
  auto j = AssessJson(SourcePath("examples/plans/cn-undetermined-ciio-unknown.yaml"));
  EXPECT_EQ(j["missing_facts"], nlohmann::json::array({"exporter.ciio"}));
  EXPECT_EQ(j["possible_decisions"].size(), 2u);
}

TEST(AssessCommand, AsOfFlagSelectsTheRegime) {
  const std::string plan = SourcePath("examples/plans/cn-marketing-small-volume.yaml");
  EXPECT_EQ(AssessJson(plan, {"--as-of", "2024-03-22"})["decision"], "exempt");
  // On 2024-03-21 the 2022 rules applied: processing 1,000,000 individuals triggered an
  // assessment, and the plan does not say how many the exporter processes.
  auto before = AssessJson(plan, {"--as-of", "2024-03-21"});
  EXPECT_EQ(before["decision"], "undetermined");
  EXPECT_EQ(before["missing_facts"], nlohmann::json::array({"exporter.individuals_processed"}));
  EXPECT_EQ(before["as_of"], "2024-03-21");
}

TEST(AssessCommand, SccFilingDueDateFollowsWorkingDays) {
  auto j = AssessJson(SourcePath("examples/plans/cn-crm-standard-contract.yaml"));
  bool found = false;
  for (const auto& o : j["obligations"]) {
    if (o["id"] == "scc_filing") {
      found = true;
      // Contract effective Friday 2026-09-25; 2026-10-01..07 are holidays, 09-20 and 10-10 worked.
      EXPECT_EQ(o["due"], "2026-10-15");
      EXPECT_EQ(o["citation"], "Standard Contract Measures (CAC Order No. 13, 2023), Art. 7");
    }
  }
  EXPECT_TRUE(found) << j.dump(2);
}

TEST(AssessCommand, ObligationsCarryTheirMechanismAndGroupByPath) {
  const std::string plan = SourcePath("examples/plans/cn-crm-standard-contract.yaml");
  auto j = AssessJson(plan);
  int per_path = 0, common = 0;
  for (const auto& o : j["obligations"]) {
    if (!o.contains("mechanism")) {
      ++common;
      continue;
    }
    ++per_path;
    const std::string m = o["mechanism"];
    EXPECT_TRUE(m == "standard_contract" || m == "certification") << o.dump();
    if (o["id"] == "scc_filing") {
      EXPECT_EQ(m, "standard_contract");
    }
    if (o["id"] == "cert_validity") {
      EXPECT_EQ(m, "certification");
    }
  }
  EXPECT_GE(per_path, 6);
  EXPECT_GE(common, 5);
  RunResult table = RunXborder({"assess", plan, "--format", "table"});
  EXPECT_EQ(table.exit_code, 0);
  const size_t scc = table.out.find("\nIf standard_contract is chosen:\n");
  const size_t cert = table.out.find("\nIf certification is chosen:\n");
  ASSERT_NE(scc, std::string::npos) << table.out;
  ASSERT_NE(cert, std::string::npos) << table.out;
  EXPECT_LT(table.out.find("\nWhat to do:\n"), scc);
  const size_t filing = table.out.find("File the standard contract");
  EXPECT_GT(filing, scc);
  EXPECT_LT(filing, cert);
  // Back-dated: the Privacy Shield ends with the judgment of 2020-07-16.
  auto shield = AssessJson(SourcePath("examples/plans/eu-us-privacy-shield-2019.yaml"),
                           {"--as-of", "2020-07-16"});
  EXPECT_EQ(shield["decision"], "mechanism_required");
}

TEST(AssessCommand, NewPlanFactsDecideOrAreNamedMissing) {
  const std::string dir = FreshTempDir();
  const std::string base =
      "as_of: 2026-11-22\njurisdiction: CN\nexporter: {ciio: false, state_organ: false, "
      "sector: other}\nrecipient: {country: DE, kind: company}\npurpose: hr_management\n"
      "history: {individuals_ytd: 0, sensitive_individuals_ytd: 0}\n"
      "data:\n  personal_information: true\n  individuals: 200000\n  sensitive_individuals: 0\n";
  auto missing = AssessJson(WritePlan(dir, base));
  EXPECT_EQ(missing["decision"], "undetermined");
  EXPECT_EQ(missing["missing_facts"], nlohmann::json::array({"data.subjects"}));
  EXPECT_EQ(AssessJson(WritePlan(dir, base + "  subjects: [employees]\n"))["exemption"],
            "hr_management");
  EXPECT_EQ(
      AssessJson(WritePlan(dir, base + "  subjects: [employees, customers]\n"))["mechanisms"][0],
      "standard_contract");
  RunResult bad = RunXborder({"assess", WritePlan(dir, base + "  subjects: [staff]\n")});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("plan.yaml:11"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("data.subjects"), std::string::npos) << bad.err;
}

TEST(AssessCommand, TableOutputLeadsWithTheDecision) {
  RunResult r = RunXborder(
      {"assess", SourcePath("examples/plans/cn-hr-to-germany.yaml"), "--format", "table"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("EXEMPT: no transfer mechanism needed (hr_management)\n", 0), 0u) << r.out;
  for (const char* part : {"\nWhy:\n", "\nWhat to do:\n", "\nAssumed:\n", "PIPL, Art. 39"}) {
    EXPECT_NE(r.out.find(part), std::string::npos) << part;
  }
}

struct BadInput {
  const char* plan;
  const char* message_part;
};

TEST(AssessCommand, BadInputExitsTwoWithFileAndLine) {
  const std::string dir = FreshTempDir();
  const BadInput cases[] = {
      {"as_of: 2026-01-01\nrecipient:\n  country: XX\n", "plan.yaml:3"},
      {"as_of: 2026-01-01\ndata:\n  individuals: -1\n", "cannot be negative"},
      {"as_of: 2026-01-01\ndata:\n  individuals: many\n", "plan.yaml:3"},
      {"as_of: 2021-10-31\njurisdiction: CN\n", "no CN rules in force on 2021-10-31"},
      {"as_of: 2021-10-31\njurisdiction: CN\n", "plan.yaml:1"},
      {"as_of: [\n", "malformed YAML"},
  };
  for (const auto& c : cases) {
    RunResult r = RunXborder({"assess", WritePlan(dir, c.plan)});
    EXPECT_EQ(r.exit_code, 2) << c.plan;
    EXPECT_NE(r.err.find(c.message_part), std::string::npos) << c.plan << " → " << r.err;
    EXPECT_EQ(r.out, "");
  }
  EXPECT_EQ(RunXborder({"assess", dir + "/missing.yaml"}).exit_code, 2);
  EXPECT_EQ(RunXborder({"assess", SourcePath("examples/plans/cn-hr-to-germany.yaml"), "--as-of",
                        "2024-02-30"})
                .exit_code,
            2);
}

TEST(AssessCommand, UnknownKeyWarnsWithSuggestion) {
  const std::string dir = FreshTempDir();
  RunResult r = RunXborder(
      {"assess",
       WritePlan(dir,
                 "as_of: 2026-11-22\njurisdiction: CN\nexporter: {ciio: false, state_organ: false, "
                 "sector: other}\nrecipient: {country: DE, kind: company}\npurpose: marketing\n"
                 "data:\n  individuls: 10\n  individuals: 10\n  sensitive_individuals: 0\n"),
       "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(
      r.err.find("plan.yaml:7: unknown key 'individuls' in 'data' (did you mean 'individuals'?)"),
      std::string::npos)
      << r.err;
}

TEST(AssessCommand, RulesDirectoryFlagAndBrokenPack) {
  const std::string dir = FreshTempDir();
  std::ofstream(dir + "/broken.yaml")
      << "jurisdiction: CN\ninstrument:\n  id: x\n  title: X\n  source: s\n  tag: V\n"
         "  in_force: {from: 2024-01-01}\nrules:\n  - id: a\n    cite: {article: '1'}\n"
         "    tag: V\n    precedence: 1\n    when: exporter.cio\n    then: {decision: "
         "prohibited}\n";
  RunResult r =
      RunXborder({"assess", SourcePath("examples/plans/cn-hr-to-germany.yaml"), "--rules", dir});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("broken.yaml:13"), std::string::npos) << r.err;
  RunResult check = RunXborder({"rules", "check", "--rules", dir});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.err.find("did you mean 'exporter.ciio'"), std::string::npos) << check.err;
}

TEST(RulesCommand, CheckAndListShippedPacks) {
  RunResult check = RunXborder({"rules", "check", "--format", "json"});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  auto j = nlohmann::json::parse(check.out, nullptr, false);
  EXPECT_EQ(j["ok"], true);
  EXPECT_GT(j["decision_rules"].get<int>(), 40);

  auto ids = [](const std::string& date, const std::string& kind = "") {
    RunResult r =
        RunXborder({"rules", "list", "--as-of", date, "--jurisdiction", "CN", "--format", "json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> out;
    const nlohmann::json listed = nlohmann::json::parse(r.out);  // keep it alive for the loop
    for (const auto& rule : listed["rules"]) {
      if (kind.empty() || rule["kind"] == kind) out.push_back(rule["id"].get<std::string>());
    }
    return out;
  };
  auto has = [](const std::vector<std::string>& v, const std::string& id) {
    return std::find(v.begin(), v.end(), id) != v.end();
  };
  auto y2023 = ids("2023-08-01");
  ASSERT_GT(y2023.size(), 10u) << (y2023.empty() ? "" : y2023[0]);
  auto y2026 = ids("2026-01-01");
  EXPECT_TRUE(has(y2023, "cn.sa-2022.art4.3.volume-since-previous-year"));
  EXPECT_FALSE(has(y2023, "cn.provisions-2024.art5.4.small-volume"));
  EXPECT_TRUE(has(y2026, "cn.provisions-2024.art5.4.small-volume"));
  EXPECT_TRUE(has(y2026, "cn.cert-2026.art5.eligibility"));
  EXPECT_FALSE(has(y2026, "cn.sa-2022.art4.3.volume-since-previous-year"));
  // No decision before the PIPL (the sector instruments' duties are older, but assess refuses
  // a plan dated before the first decision rule).
  EXPECT_TRUE(ids("2021-10-31", "decision").empty());
  EXPECT_FALSE(ids("2021-11-01", "decision").empty());
}

}  // namespace
}  // namespace xb::cli::testing
