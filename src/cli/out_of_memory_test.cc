// Review F6 of issue #11: running out of memory anywhere in `transfer` is a clean error naming
// where (exit 2, "out of memory ..."), never an abort, never "internal error", and leaves no
// package, staging folder or ledger entry behind. The memory is limited as an administrator
// would (`ulimit -v`), at steps from the least the binary starts with up to what the transfer
// needs, so each stage in turn is the one that runs out.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/cli_test_util.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define XB_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define XB_SANITIZED 1
#endif

namespace xb::cli::testing {
namespace {
namespace fs = std::filesystem;

// Runs xborder `args` with its address space limited to `kib` KiB.
RunResult RunLimited(int64_t kib, const std::vector<std::string>& args) {
  RunOptions options;
  options.binary = "/bin/sh";
  std::vector<std::string> all = {
      "-c", "ulimit -v " + std::to_string(kib) + " && exec \"$0\" \"$@\"", XB_CLI_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  return RunXborderWith(all, options);
}

TEST(OutOfMemory, EveryStageOfATransferFailsCleanly) {
#ifdef XB_SANITIZED
  GTEST_SKIP() << "sanitizers reserve terabytes of address space: ulimit -v cannot apply";
#endif
  const std::string dir = FreshTempDir();
  {
    std::ofstream csv(dir + "/people.csv");
    csv << "id_card,mobile,department\n";
    for (int i = 0; i < 50000; ++i) {
      char birth[9];
      std::snprintf(birth, sizeof birth, "19%02d%02d%02d", 60 + i % 40, 1 + i % 12, 1 + i % 28);
      csv << ResidentId("110101", birth, i % 1000) << "," << 13800000000LL + i << ",销售部\n";
    }
    std::ofstream(dir + "/plan.yaml")
        << "as_of: 2026-11-20\njurisdiction: CN\n"
           "exporter: {name: \"Acme Trading Co., Ltd.\", ciio: false, state_organ: false, "
           "sector: other}\nrecipient: {name: Acme GmbH, country: DE, kind: company}\n"
           "purpose: hr_management\ndata:\n  personal_information: true\n"
           "  important_data: false\n  subjects: [employees]\n  datasets: [people.csv]\n"
           "consent: none\n";
  }
  const std::vector<std::string> transfer = {
      "--db",  dir + "/xb.db",      "--key-file",       dir + "/xb.key", "--format",
      "json",  "transfer",          dir + "/plan.yaml", "--threads",     "1",
      "--out", dir + "/out/package"};

  // The least address space the binary and its libraries load in, to 4 MiB.
  int64_t kib = 32 * 1024;
  while (RunLimited(kib, {"version"}).exit_code != 0) {
    kib += 4 * 1024;
    ASSERT_LT(kib, 2 * 1024 * 1024) << "xborder does not start under any limit";
  }
  int stages_out_of_memory = 0;
  bool completed = false;
  for (int step = 0; step < 60 && !completed; ++step, kib += 2048) {
    RunResult r = RunLimited(kib, transfer);
    if (r.exit_code == 0) {
      completed = true;
      break;
    }
    SCOPED_TRACE("ulimit -v " + std::to_string(kib) + ": " + r.err);
    EXPECT_EQ(r.exit_code, 2) << "an abort or a crash is never the answer";
    EXPECT_EQ(r.err.find("internal error"), std::string::npos);
    const bool out_of_memory = r.err.find("out of memory") != std::string::npos ||
                               r.err.find("Unable to allocate memory") != std::string::npos;
    EXPECT_TRUE(out_of_memory);
    stages_out_of_memory += r.err.find("out of memory while") != std::string::npos;
    // Nothing half-written: no package, no staging folder.
    std::error_code ec;
    EXPECT_TRUE(!fs::exists(dir + "/out", ec) || fs::is_empty(dir + "/out", ec));
  }
  EXPECT_TRUE(completed) << "the transfer never had enough memory, up to " << kib << " KiB";
  EXPECT_GE(stages_out_of_memory, 3) << "the stages should run out of memory in turn";
  // Only the run that completed is in the ledger.
  RunResult exported =
      RunXborder({"--db", dir + "/xb.db", "--key-file", dir + "/xb.key", "ledger", "export"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(std::count(exported.out.begin(), exported.out.end(), '\n'), 1) << exported.out;
}

}  // namespace
}  // namespace xb::cli::testing
