// `xborder lineage` answers its three questions on the bundled HR example, from the ledger alone:
// where did employees.csv go, what derived from it, and who holds a given employee's data.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/hr_example_test_util.h"

namespace xb::cli::testing {
namespace {
using nlohmann::json;

class LineageCommandTest : public HrExampleTest {
 protected:
  void SetUp() override {
    HrExampleTest::SetUp();
    if (HasFatalFailure()) return;
    // Entry 2: the parent passes the payroll subset on to its payroll processor.
    RunResult onward =
        Run({"transfer", "onward", "--recipient", "huaxin-holding", "--from-entry", "0",
             "--third-party", "Payroll Services GmbH", "--third-party-country", "DE", "--purpose",
             "hr_management", "--categories", "identity,contact", "--separate-consent",
             "--agreement", "DPA-2026-07", "--as-of", "2026-12-01"});
    ASSERT_EQ(onward.exit_code, 0) << onward.err;
    std::ifstream manifest(dir_ + "/package/manifest.json");
    protected_sha_ = json::parse(manifest)["files"]["data/employees.csv"];
  }
  std::string protected_sha_;
};

TEST_F(LineageCommandTest, WhereDidTheDatasetGo) {
  RunResult r = Run({"lineage", "--dataset", dir_ + "/hr/employees.csv", "--dot", dir_ + "/g.dot",
                     "--svg", dir_ + "/g.svg"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = json::parse(r.out);
  ASSERT_EQ(j["holdings"].size(), 2u);
  EXPECT_EQ(j["holdings"][0]["type"], "transfer");
  EXPECT_EQ(j["holdings"][0]["recipient"], "Huaxin Holding GmbH");
  EXPECT_EQ(j["holdings"][1]["type"], "onward_transfer");
  EXPECT_EQ(j["holdings"][1]["third_party"], "Payroll Services GmbH");
  // source fingerprint → protected file → package → recipient → onward recipient
  std::vector<std::string> kinds;
  for (const auto& n : j["nodes"]) kinds.push_back(n["kind"]);
  for (const char* kind :
       {"dataset", "transfer", "file", "package", "recipient", "onward_transfer", "third_party"}) {
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), kind), kinds.end()) << kind;
  }
  std::ifstream dot(dir_ + "/g.dot");
  std::string dot_text((std::istreambuf_iterator<char>(dot)), {});
  EXPECT_EQ(dot_text.rfind("digraph lineage", 0), 0u);
  std::ifstream svg(dir_ + "/g.svg");
  std::string svg_text((std::istreambuf_iterator<char>(svg)), {});
  EXPECT_NE(svg_text.find("<svg"), std::string::npos);
  EXPECT_NE(svg_text.find("Payroll Services GmbH"), std::string::npos);
}

TEST_F(LineageCommandTest, WhatDerivedFromIt) {
  RunResult r = Run({"lineage", "--dataset", dir_ + "/hr/employees.csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = json::parse(r.out);
  ASSERT_EQ(j["derived"].size(), 1u);
  EXPECT_EQ(j["derived"][0]["sha256"], protected_sha_);
  EXPECT_EQ(j["derived"][0]["file"], "data/employees.csv");

  // And backwards: the protected file names what it was made from.
  RunResult back = Run({"lineage", "--sha256", protected_sha_});
  ASSERT_EQ(back.exit_code, 0) << back.err;
  auto b = json::parse(back.out);
  ASSERT_EQ(b["derived_from"].size(), 1u);
  EXPECT_EQ(b["derived_from"][0]["file"], "employees.csv");
  EXPECT_EQ(b["holdings"].size(), 2u);
}

TEST_F(LineageCommandTest, WhoHoldsThisPersonsData) {
  Employees e = SplitByConsent(2);
  ASSERT_EQ(e.sent.size(), 2u);
  ASSERT_FALSE(e.withheld.empty());
  const std::string input = e.sent[0] + "\n\n" + e.withheld[0] + "\n" + e.sent[1] + "\n";
  RunResult r = Run({"lineage", "--subjects", "-"}, input);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = json::parse(r.out);
  ASSERT_EQ(j["identifiers"].size(), 3u);
  EXPECT_EQ(j["identifiers"][0]["line"], 1);
  EXPECT_EQ(j["identifiers"][0]["holdings"].size(), 2u);  // the transfer and the onward one
  EXPECT_EQ(j["identifiers"][1]["line"], 3);
  EXPECT_EQ(j["identifiers"][1]["found"], false);  // never sent: consent withdrawn
  EXPECT_EQ(j["identifiers"][2]["holdings"][1]["third_party"], "Payroll Services GmbH");
  for (const std::string& id : {e.sent[0], e.sent[1], e.withheld[0]}) {
    EXPECT_EQ(r.out.find(id), std::string::npos);
    EXPECT_EQ(r.err.find(id), std::string::npos);
  }
  RunResult table = RunXborder({"--db", dir_ + "/xborder.db", "--key-file", dir_ + "/xborder.key",
                                "--format", "table", "lineage", "--subjects", "-"},
                               input);
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("identifier on line 3: in no recorded transfer"), std::string::npos)
      << table.out;
}

TEST_F(LineageCommandTest, OneQuestionAtATime) {
  EXPECT_EQ(Run({"lineage"}).exit_code, 2);
  EXPECT_EQ(Run({"lineage", "--sha256", "xyz"}).exit_code, 2);
  EXPECT_EQ(Run({"lineage", "--dataset", dir_ + "/missing.csv"}).exit_code, 2);
  EXPECT_EQ(Run({"lineage", "--sha256", protected_sha_, "--subjects", "-"}, "1\n").exit_code, 2);
}

}  // namespace
}  // namespace xb::cli::testing
