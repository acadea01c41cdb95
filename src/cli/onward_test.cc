// End-to-end tests of `xborder transfer onward` on the bundled HR example.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cli/hr_example_test_util.h"

namespace xb::cli::testing {
namespace {
using nlohmann::json;

class OnwardCommandTest : public HrExampleTest {
 protected:
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
  Employees e = SplitByConsent(40);
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

// Issue #15 review 15b, finding 7: the CLI reads from the taxonomy which categories can hold
// sensitive PI. Contact data cannot; identity can (identity documents, GB/T 35273 B.1).
TEST_F(OnwardCommandTest, OnlyCategoriesThatCanHoldSensitivePiPassSensitiveIndividualsOn) {
  auto table = [&](const char* categories) {
    std::vector<std::string> args = {
        "--db", dir_ + "/xborder.db", "--key-file", dir_ + "/xborder.key", "--format", "table"};
    std::vector<std::string> onward =
        Onward({"--separate-consent", "--agreement", "DPA-1", "--dry-run"});
    *(std::find(onward.begin(), onward.end(), "--categories") + 1) = categories;
    args.insert(args.end(), onward.begin(), onward.end());
    return RunXborder(args);
  };
  RunResult contact = table("contact");
  ASSERT_EQ(contact.exit_code, 0) << contact.err << contact.out;
  EXPECT_NE(contact.out.find(std::to_string(sent_) + " individuals (0 with sensitive PI)"),
            std::string::npos)
      << contact.out;
  RunResult identity = table("identity");
  ASSERT_EQ(identity.exit_code, 0) << identity.err << identity.out;
  EXPECT_EQ(identity.out.find("(0 with sensitive PI)"), std::string::npos) << identity.out;
  EXPECT_NE(identity.out.find(" with sensitive PI)"), std::string::npos) << identity.out;
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
