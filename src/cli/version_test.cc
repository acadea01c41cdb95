#include <gtest/gtest.h>

#include "cli/cli_test_util.h"

namespace xb::cli::testing {
namespace {

TEST(VersionCommand, PrintsVersionAndExitsZero) {
  RunResult r = RunXborder({"version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "xborder 0.1.0\n");
}

TEST(Cli, UnknownSubcommandIsUsageErrorExit2) {
  RunResult r = RunXborder({"no-such-command"});
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace xb::cli::testing
