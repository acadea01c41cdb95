// End-to-end tests of `xborder protect` on the bundled example and the Adult benchmark.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli_test_util.h"

namespace xb::cli::testing {
namespace {

void Spit(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::vector<std::vector<std::string>> ReadSimpleCsv(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(Slurp(path));
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> fields;
    std::string field;
    std::istringstream ls(line);
    while (std::getline(ls, field, ',')) fields.push_back(field);
    if (!line.empty() && line.back() == ',') fields.emplace_back();
    rows.push_back(fields);
  }
  return rows;
}

// Smallest class over the named columns, rows that are "*" in all of them left out.
uint64_t SmallestClass(const std::vector<std::vector<std::string>>& rows,
                       const std::vector<std::string>& columns, uint64_t* suppressed) {
  std::vector<size_t> idx;
  for (const auto& c : columns) {
    for (size_t i = 0; i < rows[0].size(); ++i) {
      if (rows[0][i] == c) idx.push_back(i);
    }
  }
  EXPECT_EQ(idx.size(), columns.size());
  std::map<std::vector<std::string>, uint64_t> classes;
  *suppressed = 0;
  for (size_t r = 1; r < rows.size(); ++r) {
    std::vector<std::string> key;
    bool stars = true;
    for (size_t i : idx) {
      key.push_back(rows[r][i]);
      stars = stars && rows[r][i] == "*";
    }
    if (stars) {
      ++*suppressed;
    } else {
      ++classes[key];
    }
  }
  uint64_t smallest = UINT64_MAX;
  for (const auto& [k, n] : classes) smallest = std::min(smallest, n);
  return smallest;
}

class ProtectCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir();
    key_ = dir_ + "/xborder.key";
  }
  RunResult Protect(std::vector<std::string> extra) {
    std::vector<std::string> args = {"--key-file", key_, "protect"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunXborder(args);
  }
  std::string dir_;
  std::string key_;
};

TEST_F(ProtectCommand, ExamplePolicyProtectsAndVerifies) {
  const std::string out = dir_ + "/out.csv", report = dir_ + "/report.json";
  RunResult r = Protect({"--policy", SourcePath("examples/protect/policy.yaml"),
                         SourcePath("examples/protect/patients.csv"), out, "--report", report,
                         "--verify", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto json = nlohmann::json::parse(r.out);
  EXPECT_TRUE(json["verify"]["satisfied"].get<bool>());
  EXPECT_EQ(json, nlohmann::json::parse(Slurp(report)));
  auto rows = ReadSimpleCsv(out);
  ASSERT_EQ(rows.size(), 401u);
  uint64_t suppressed = 0;
  EXPECT_GE(SmallestClass(rows, {"age", "sex"}, &suppressed), 5u);
  EXPECT_EQ(suppressed, json["anonymization"]["suppressed_rows"].get<uint64_t>());
  // No raw identifier survives: names redacted, IDs tokenised, mobiles masked.
  auto input = ReadSimpleCsv(SourcePath("examples/protect/patients.csv"));
  const std::string output_text = Slurp(out);
  for (size_t r2 = 1; r2 < input.size(); r2 += 37) {
    EXPECT_EQ(output_text.find(input[r2][0]), std::string::npos);  // name
    EXPECT_EQ(output_text.find(input[r2][1]), std::string::npos);  // resident ID
    EXPECT_EQ(output_text.find(input[r2][2]), std::string::npos);  // mobile
    EXPECT_EQ(output_text.find(input[r2][3]), std::string::npos);  // bank card
  }
  EXPECT_EQ(rows[1][0], "[REDACTED]");
  EXPECT_EQ(rows[1][2].substr(0, 3), input[1][2].substr(0, 3));
  EXPECT_EQ(rows[1][2].size(), 11u);
  EXPECT_EQ(rows[1][3].size(), input[1][3].size());
  EXPECT_EQ(rows[1][4], input[1][4].substr(0, 4));
}

TEST_F(ProtectCommand, TokensAreStableAcrossRunsWithTheSameKey) {
  const std::string a = dir_ + "/a.csv", b = dir_ + "/b.csv";
  for (const auto& out : {a, b}) {
    RunResult r = Protect({"--policy", SourcePath("examples/protect/policy.yaml"),
                           SourcePath("examples/protect/patients.csv"), out});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  EXPECT_EQ(Slurp(a), Slurp(b));
}

TEST_F(ProtectCommand, AdultMatchesArxWithSuppression) {
  const std::string adult = SourcePath("bench/data/adult");
  std::string policy = "quasi_identifiers:\n";
  for (const char* c : {"sex", "age", "race", "marital-status", "education", "native-country",
                        "workclass", "occupation", "salary-class"}) {
    policy +=
        std::string("  ") + c + ": {hierarchy: " + adult + "/adult_hierarchy_" + c + ".csv}\n";
  }
  policy += "privacy: {k_anonymity: 5, suppression_limit: 0.05}\nmetric: loss\n";
  Spit(dir_ + "/adult.yaml", policy);
  const std::string out = dir_ + "/adult_out.csv";
  RunResult r = Protect({"--policy", dir_ + "/adult.yaml", adult + "/adult.csv", out, "--verify",
                         "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto json = nlohmann::json::parse(r.out);
  EXPECT_LE(json["anonymization"]["metric"]["value"].get<double>(), 0.2419 + 5e-5);
  EXPECT_TRUE(json["verify"]["satisfied"].get<bool>());
  EXPECT_EQ(json["rows"].get<int>(), 30162);
}

TEST_F(ProtectCommand, MissingHierarchyValueIsExit2WithoutOutput) {
  Spit(dir_ + "/h_sex.csv", "male;*\n");  // "female" missing
  Spit(dir_ + "/p.yaml",
       "quasi_identifiers:\n  sex: {hierarchy: h_sex.csv}\nprivacy: {k_anonymity: 2}\n");
  const std::string out = dir_ + "/out.csv";
  RunResult r =
      Protect({"--policy", dir_ + "/p.yaml", SourcePath("examples/protect/patients.csv"), out});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("sex"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("patients.csv:"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("female"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST_F(ProtectCommand, InconsistentHierarchyHeightsIsExit2) {
  Spit(dir_ + "/h_sex.csv", "male;*\nfemale;x;*\n");
  Spit(dir_ + "/p.yaml",
       "quasi_identifiers:\n  sex: {hierarchy: h_sex.csv}\nprivacy: {k_anonymity: 2}\n");
  RunResult r = Protect({"--policy", dir_ + "/p.yaml", SourcePath("examples/protect/patients.csv"),
                         dir_ + "/out.csv"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("h_sex.csv:2"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/out.csv"));
}

TEST_F(ProtectCommand, PolicyColumnAbsentFromDataIsExit2) {
  Spit(dir_ + "/p.yaml", "columns:\n  name: redact\n  passport: tokenize\n");
  RunResult r = Protect({"--policy", dir_ + "/p.yaml", SourcePath("examples/protect/patients.csv"),
                         dir_ + "/out.csv"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("p.yaml:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("passport"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/out.csv"));
}

TEST_F(ProtectCommand, KLargerThanRowsIsExit2) {
  Spit(dir_ + "/p.yaml",
       "quasi_identifiers:\n  age: {generalize: age}\nprivacy: {k_anonymity: 1000}\n");
  RunResult r = Protect({"--policy", dir_ + "/p.yaml", SourcePath("examples/protect/patients.csv"),
                         dir_ + "/out.csv"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("larger"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/out.csv"));
}

TEST_F(ProtectCommand, TableReportShowsRiskBeforeAndAfter) {
  RunResult r = Protect({"--policy", SourcePath("examples/protect/policy.yaml"),
                         SourcePath("examples/protect/patients.csv"), dir_ + "/out.csv", "--format",
                         "table"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("prosecutor risk, max"), std::string::npos);
  EXPECT_NE(r.out.find("before"), std::string::npos);
  EXPECT_NE(r.out.find("age: "), std::string::npos);
}

TEST_F(ProtectCommand, AutoProposesAPolicyThatRuns) {
  RunResult r = Protect({"--auto", SourcePath("examples/protect/patients.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"name\": redact"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"id_card\": tokenize"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"mobile\": {mask: {keep_first: 3, keep_last: 4}}"), std::string::npos);
  EXPECT_NE(r.out.find("\"diagnosis\": drop"), std::string::npos) << r.out;
  // The proposal is a valid policy: protecting with it works and drops the sensitive column.
  Spit(dir_ + "/auto.yaml", r.out);
  const std::string out = dir_ + "/auto.csv";
  RunResult p =
      Protect({"--policy", dir_ + "/auto.yaml", SourcePath("examples/protect/patients.csv"), out});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  auto rows = ReadSimpleCsv(out);
  ASSERT_FALSE(rows.empty());
  for (const auto& h : rows[0]) EXPECT_NE(h, "diagnosis");
}

}  // namespace
}  // namespace xb::cli::testing
