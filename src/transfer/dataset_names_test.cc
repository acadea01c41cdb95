#include "transfer/dataset_names.h"

#include <gtest/gtest.h>

namespace xb::transfer {
namespace {

std::vector<std::string> Outputs(const std::vector<std::string>& listed) {
  auto names = NameDatasets("/plans/hr/plan.yaml", 7, listed);
  EXPECT_TRUE(names.ok()) << names.error().ToString();
  std::vector<std::string> out;
  if (names.ok()) {
    for (const DatasetName& n : *names) out.push_back(n.output);
  }
  return out;
}

TEST(NameDatasets, KeepsThePathBelowThePlansFolder) {
  EXPECT_EQ(Outputs({"hr/people.csv", "crm/people.csv", "./orders.jsonl", "a/../b.tsv"}),
            (std::vector<std::string>{"data/hr/people.csv", "data/crm/people.csv",
                                      "data/orders.csv", "data/b.csv"}));
  auto names = NameDatasets("/plans/hr/plan.yaml", 7, {"crm/people.csv"});
  ASSERT_TRUE(names.ok());
  EXPECT_EQ((*names)[0].relative, "crm/people.csv");
}

TEST(NameDatasets, NamesDatasetsOutsideThePlansFolderBelowTheirCommonFolder) {
  EXPECT_EQ(Outputs({"/data/x/employees.csv"}), (std::vector<std::string>{"data/employees.csv"}));
  EXPECT_EQ(Outputs({"../shared/employees.csv"}), (std::vector<std::string>{"data/employees.csv"}));
  EXPECT_EQ(
      Outputs({"/data/2025/people.csv", "/data/2026/people.csv", "local.csv"}),
      (std::vector<std::string>{"data/2025/people.csv", "data/2026/people.csv", "data/local.csv"}));
}

TEST(NameDatasets, APlanInTheWorkingDirectory) {
  auto names = NameDatasets("plan.yaml", 7, {"../x/people.csv", "hr/people.csv"});
  ASSERT_TRUE(names.ok()) << names.error().ToString();
  EXPECT_EQ((*names)[0].output, "data/people.csv");
  EXPECT_EQ((*names)[1].output, "data/hr/people.csv");
}

TEST(NameDatasets, RefusesTwoDatasetsForOneFile) {
  for (const std::vector<std::string>& listed :
       {std::vector<std::string>{"people.csv", "./people.csv"},
        std::vector<std::string>{"people.csv", "people.tsv"}}) {
    auto names = NameDatasets("/plans/hr/plan.yaml", 7, listed);
    ASSERT_FALSE(names.ok()) << listed[1];
    EXPECT_EQ(names.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(names.error().where.line, 7);
    EXPECT_NE(names.error().message.find("data/people.csv"), std::string::npos);
  }
}

}  // namespace
}  // namespace xb::transfer
