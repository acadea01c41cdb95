// The bundled HR example (examples/transfer/hr) run the way scripts/run-example.sh runs it,
// in a fresh folder, for end-to-end tests of what follows a transfer: consents imported, the
// transfer recorded (ledger entry 0), the German parent registered (entry 1).
#ifndef XBORDER_CLI_HR_EXAMPLE_TEST_UTIL_H_
#define XBORDER_CLI_HR_EXAMPLE_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/cli_test_util.h"

namespace xb::cli::testing {

class HrExampleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir();
    std::filesystem::copy(SourcePath("examples/transfer/hr"), dir_ + "/hr",
                          std::filesystem::copy_options::recursive);
    ASSERT_EQ(Run({"consent", "import", dir_ + "/hr/consents.csv"}).exit_code, 0);
    RunResult t = Run({"transfer", dir_ + "/hr/plan.yaml", "--out", dir_ + "/package"});
    ASSERT_EQ(t.exit_code, 0) << t.err;
    sent_ = nlohmann::json::parse(t.out)["individuals"];
    RunResult r = Run({"recipients", "add", "--file", dir_ + "/hr/recipient.yaml"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  RunResult Run(std::vector<std::string> args, const std::string& input = "") {
    std::vector<std::string> all = {
        "--db", dir_ + "/xborder.db", "--key-file", dir_ + "/xborder.key", "--format", "json"};
    all.insert(all.end(), args.begin(), args.end());
    return RunXborder(all, input);
  }

  // Employees whose every consent record is a valid separate consent (the transfer sent them),
  // and employees with a withdrawn or non-separate one (never sent); at most `n` of each.
  struct Employees {
    std::vector<std::string> sent;
    std::vector<std::string> withheld;
  };
  Employees SplitByConsent(size_t n) const {
    std::ifstream in(dir_ + "/hr/consents.csv");
    std::string line;
    std::getline(in, line);
    std::map<std::string, bool> valid;  // subject -> every record valid
    std::vector<std::string> order;
    while (std::getline(in, line)) {
      // subject_id, ..., separate_consent (5th), ..., withdrawn_at (8th); no quoted commas before.
      std::vector<std::string> f;
      size_t a = 0;
      for (int i = 0; i < 8; ++i) {
        size_t b = line.find(',', a);
        f.push_back(line.substr(a, b - a));
        a = b + 1;
      }
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

  std::string dir_;
  int64_t sent_ = 0;
};

}  // namespace xb::cli::testing

#endif  // XBORDER_CLI_HR_EXAMPLE_TEST_UTIL_H_
