// Issue #11 defect 8: a transfer killed with SIGKILL at any point leaves its package and its
// ledger entry together or not at all. The test kills a large transfer at many points, checks
// after each kill that no package stands without its entry, and after the next transfer (which
// finishes what a killed one committed) that every transfer entry has its package and no
// staging folder is left.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "cli/cli_test_util.h"

namespace xb::cli::testing {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

class TransferCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir();
    // 10,000 employees, each a distinct resident ID.
    std::string csv = "id_card,mobile,department\n";
    for (int i = 0; i < 10000; ++i) {
      char birth[9], mobile[16];
      std::snprintf(birth, sizeof birth, "1985%02d%02d", 1 + i % 12, 1 + (i / 12) % 28);
      std::snprintf(mobile, sizeof mobile, "139%08d", i);
      csv += ResidentId("110101", birth, i / 336) + "," + mobile + ",销售部\n";
    }
    std::ofstream(dir_ + "/employees.csv") << csv;
    std::ofstream(dir_ + "/plan.yaml")
        << "as_of: 2026-11-20\njurisdiction: CN\n"
           "exporter: {name: \"Acme Trading Co., Ltd.\", ciio: false, state_organ: false, "
           "sector: other}\n"
           "recipient: {name: Acme GmbH, country: DE, kind: company}\n"
           "purpose: hr_management\ndata:\n  personal_information: true\n"
           "  subjects: [employees]\n  datasets: [employees.csv]\nconsent: none\n";
  }

  std::vector<std::string> Args(const std::string& package) const {
    std::vector<std::string> args = {"--db",       dir_ + "/xborder.db",
                                     "--key-file", dir_ + "/xborder.key",
                                     "--format",   "json",
                                     "transfer",   dir_ + "/plan.yaml",
                                     "--threads",  "1",
                                     "--out",      dir_ + "/out/" + package};
    args.insert(args.end(), extra_.begin(), extra_.end());
    return args;
  }

  // Transfer and refusal entries by index.
  std::vector<json> Entries() const {
    RunResult r = RunXborder({"--db", dir_ + "/xborder.db", "ledger", "export"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<json> entries;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty()) entries.push_back(json::parse(line));
    }
    return entries;
  }

  // Package folders in out/ (not staging folders, which start with a dot, nor a running or
  // killed transfer's empty claim on its package name).
  std::vector<std::string> Packages(std::vector<std::string>* staging = nullptr) const {
    std::vector<std::string> names;
    if (!fs::exists(dir_ + "/out")) return names;
    for (const auto& e : fs::directory_iterator(dir_ + "/out")) {
      std::string name = e.path().filename().string();
      if (name.front() == '.') {
        if (staging) staging->push_back(name);
      } else if (!fs::is_empty(e.path())) {
        names.push_back(name);
      }
    }
    return names;
  }

  RunResult Verify() const {
    return RunXborder({"--db", dir_ + "/xborder.db", "--key-file", dir_ + "/xborder.key",
                       "--format", "json", "ledger", "verify"});
  }

  // No package without its entry, and its manifest names that entry; every transfer entry
  // whose package is not in place is reported by `ledger verify`.
  void ExpectNoPackageWithoutEntry(const std::string& when) const {
    std::vector<json> entries = Entries();
    RunResult verify = Verify();
    EXPECT_EQ(verify.exit_code, 0) << when << ": " << verify.out << verify.err;
    const json unfinished = json::parse(verify.out)["unfinished_packages"];
    for (size_t i = 0; i < entries.size(); ++i) {
      if (entries[i]["type"] != "transfer") continue;
      const std::string package = entries[i]["package"];
      if (fs::exists(dir_ + "/out/" + package + "/manifest.json")) continue;
      const std::string mention = "ledger entry " + std::to_string(i) + ":";
      bool reported = false;
      for (const json& line : unfinished) {
        reported |= line.get<std::string>().find(mention) != std::string::npos;
      }
      EXPECT_TRUE(reported) << when << ": entry " << i << " has no package and verify says "
                            << unfinished.dump();
    }
    // Every staging folder a killed run left is reported too: it may hold data in clear.
    std::vector<std::string> staging;
    Packages(&staging);
    for (const std::string& folder : staging) {
      bool mentioned = false;
      for (const json& line : unfinished) {
        mentioned |= line.get<std::string>().find(folder) != std::string::npos;
      }
      EXPECT_TRUE(mentioned) << when << ": staging folder " << folder
                             << " is not reported: " << unfinished.dump();
    }
    for (const std::string& name : Packages()) {
      bool found = false;
      for (size_t i = 0; i < entries.size(); ++i) {
        if (entries[i].value("package", "") != name) continue;
        found = true;
        std::ifstream in(dir_ + "/out/" + name + "/manifest.json");
        ASSERT_TRUE(in) << when << ": " << name << " has no manifest";
        EXPECT_EQ(json::parse(in)["ledger"]["index"], i) << when << ": " << name;
      }
      EXPECT_TRUE(found) << when << ": package " << name << " has no ledger entry";
    }
  }

  std::string dir_;
  std::vector<std::string> extra_;  // more arguments for every transfer
};

// The moment to kill a run: when `path` (relative to the run's package folder; a leading
// "staging/" means its staging folder) first exists, plus `after`.
struct KillPoint {
  std::string path;
  std::chrono::milliseconds after{0};
  // A file that shows the run is already past `path`: a clear file that sealing replaces
  // may live for less than one poll, so seeing its sealed form counts as reaching the point.
  std::string passed_when = {};
};

// The staging folder of package `name` in `out`, or "" while there is none.
std::string StagingOf(const std::string& out, const std::string& name) {
  std::error_code ec;
  for (fs::directory_iterator it(out, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().filename().string().rfind("." + name + ".staging", 0) == 0) {
      return it->path().string();
    }
  }
  return "";
}

// Whether process `pid` (a child not yet waited for) is still running: a child that ended is
// a zombie ('Z' in /proc/<pid>/stat) until waited for.
bool Running(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  const size_t close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] != 'Z';
}

// Waits until the kill point's file exists (true), or the run ends without reaching it.
bool WaitFor(const std::string& out, const std::string& name, const KillPoint& point, pid_t pid) {
  auto exists = [&](const std::string& path) {
    std::string base = out + "/" + name;
    std::string relative = path;
    if (relative.rfind("staging", 0) == 0) {
      base = StagingOf(out, name);
      relative = relative.substr(std::min<size_t>(relative.size(), 8));
    }
    return !base.empty() && fs::exists(fs::path(base) / relative);
  };
  auto reached = [&] {
    return exists(point.path) || (!point.passed_when.empty() && exists(point.passed_when));
  };
  for (bool running = true; running;) {
    running = Running(pid);  // before looking, so a run that ended is looked at once more
    if (reached()) {
      std::this_thread::sleep_for(point.after);
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

// How a run killed at a point ended: `reached` is false when it ended before the point.
struct KilledRun {
  RunResult result;
  bool reached = false;
};

// Runs the transfer into `out`/`name` with `args` and kills it (SIGKILL) once it reaches `point`.
KilledRun KillAt(const std::vector<std::string>& args, const std::string& out,
                 const std::string& name, const KillPoint& point) {
  Spawned running = SpawnXborder(args);
  KilledRun killed;
  killed.reached = WaitFor(out, name, point, running.pid);
  ::kill(running.pid, SIGKILL);
  killed.result = WaitXborder(running);
  return killed;
}

TEST_F(TransferCrashTest, KilledAtAnyPointLeavesPackageAndEntryTogether) {
  using std::chrono::milliseconds;
  // Points are events, not times, so they fall where they should on a busy machine too:
  // while the data is written, once the signed manifest is written (before the append),
  // while the ledger entry is written (the summary is written inside the append's transaction),
  // around the commit, once the package is in place.
  const std::vector<KillPoint> points = {
      {"staging", milliseconds(0)},
      {"staging/data/employees.csv", milliseconds(0)},
      {"staging/manifest.json", milliseconds(0)},
      {"staging/SUMMARY.txt", milliseconds(0)},
      {"staging/SUMMARY.txt", milliseconds(5)},
      {"manifest.json", milliseconds(0)},  // the package in place
  };
  const std::string out = dir_ + "/out";
  fs::create_directories(out);
  int killed = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    const std::string name = "pkg-" + std::to_string(i);
    const KilledRun run = KillAt(Args(name), out, name, points[i]);
    const RunResult& r = run.result;
    ASSERT_TRUE(run.reached) << "the run ended before " << points[i].path << ": " << r.err << r.out;
    killed += r.exit_code == 128 + SIGKILL;
    ExpectNoPackageWithoutEntry("after a kill at " +
                                (points[i].path.empty() ? name : points[i].path) + " + " +
                                std::to_string(points[i].after.count()) + " ms");
  }
  std::printf("killed %d of %zu runs, %zu entries recorded\n", killed, points.size(),
              Entries().size());

  // The next transfer finishes what the killed ones committed and clears what they left.
  RunResult last = RunXborder(Args("last"));
  ASSERT_EQ(last.exit_code, 0) << last.err;
  ExpectNoPackageWithoutEntry("after the next transfer");
  std::vector<json> entries = Entries();
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i]["type"] != "transfer") continue;
    std::string package = entries[i]["package"];
    EXPECT_TRUE(fs::exists(out + "/" + package + "/manifest.json"))
        << "entry " << i << " has no package " << package;
  }
  std::vector<std::string> staging;
  Packages(&staging);
  EXPECT_TRUE(staging.empty()) << staging.size() << " staging folders left, e.g. " << staging[0];
  RunResult verify = Verify();
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_TRUE(json::parse(verify.out)["unfinished_packages"].empty()) << verify.out;
}

// Review of issue #11, F2: two transfers of one plan started together, both aiming at the
// plan's default package folder. The second used to record its entry and then find the folder
// taken, leaving an entry whose package sat in a staging folder that nothing finished or
// reported. Now the first claims the folder before anything is recorded and the second is
// refused before it records anything (or, started later, finds the folder there).
TEST_F(TransferCrashTest, TwoTransfersToOneFolderNeverLeaveAnEntryWithoutItsPackage) {
  std::vector<std::string> args = Args("unused");
  args.resize(args.size() - 2);  // no --out: both use out/plan-2026-11-20
  Spawned one = SpawnXborder(args);
  Spawned two = SpawnXborder(args);
  RunResult r1 = WaitXborder(one);
  RunResult r2 = WaitXborder(two);
  const std::string runs = r1.err + r1.out + r2.err + r2.out;
  EXPECT_EQ((r1.exit_code == 0) + (r2.exit_code == 0), 1) << runs;
  const RunResult& loser = r1.exit_code == 0 ? r2 : r1;
  EXPECT_NE(loser.err.find("already exists"), std::string::npos) << loser.err;
  ExpectNoPackageWithoutEntry("two transfers to one folder");
  std::vector<std::string> staging;
  EXPECT_EQ(Packages(&staging), std::vector<std::string>{"plan-2026-11-20"});
  EXPECT_TRUE(staging.empty()) << staging.size() << " staging folders left: " << runs;
  std::vector<json> entries = Entries();
  ASSERT_EQ(entries.size(), 1u) << "the refused run recorded nothing: " << runs;
  EXPECT_EQ(entries[0]["type"], "transfer");
  RunResult verify = Verify();
  EXPECT_TRUE(json::parse(verify.out)["unfinished_packages"].empty()) << verify.out;
}

// Files of a package folder that are in clear although the package is sealed.
std::vector<std::string> ClearFiles(const std::string& package) {
  std::vector<std::string> clear;
  for (const auto& e : fs::recursive_directory_iterator(package)) {
    const std::string name = e.path().filename().string();
    if (e.is_directory() || name == "manifest.json" || name == "manifest.json.minisig" ||
        name == "SUMMARY.txt.age.minisig") {
      continue;
    }
    if (e.path().extension() != ".age") clear.push_back(e.path().string());
  }
  return clear;
}

// `--seal-to`: the data is in clear only in the staging folder, between its writing and its
// sealing. Killed at any point, no package folder holds a clear file, and once the next
// transfer has run no staging folder (and so no clear data) is left.
TEST_F(TransferCrashTest, SealedKilledAtAnyPointLeavesNoClearPackage) {
  using std::chrono::milliseconds;
  RunResult keygen = RunProgram({"age-keygen", "-o", dir_ + "/recipient.key"});
  ASSERT_EQ(keygen.exit_code, 0) << "Debian's age is needed: " << keygen.err;
  RunResult pub = RunProgram({"age-keygen", "-y", dir_ + "/recipient.key"});
  extra_ = {"--seal-to", pub.out.substr(0, pub.out.find('\n'))};
  const std::vector<KillPoint> points = {
      {"staging/data/employees.csv", milliseconds(0), "staging/data/employees.csv.age"},
      {"staging/data/employees.csv.age", milliseconds(0)},
      {"staging/manifest.json.minisig", milliseconds(0)},
      {"staging/SUMMARY.txt", milliseconds(0), "staging/SUMMARY.txt.age"},
      {"staging/SUMMARY.txt.age", milliseconds(0)},
      {"", milliseconds(0)},
  };
  const std::string out = dir_ + "/out";
  fs::create_directories(out);
  for (size_t i = 0; i < points.size(); ++i) {
    const std::string name = "pkg-" + std::to_string(i);
    const KilledRun run = KillAt(Args(name), out, name, points[i]);
    const RunResult& r = run.result;
    ASSERT_TRUE(run.reached) << "the run ended before " << points[i].path << ": " << r.err << r.out;
    const std::string when = "after a kill at " + (points[i].path.empty() ? name : points[i].path);
    ExpectNoPackageWithoutEntry(when);
    for (const std::string& package : Packages()) {
      EXPECT_TRUE(ClearFiles(out + "/" + package).empty())
          << when << ": " << ClearFiles(out + "/" + package)[0];
    }
  }
  RunResult last = RunXborder(Args("last"));
  ASSERT_EQ(last.exit_code, 0) << last.err;
  ExpectNoPackageWithoutEntry("after the next transfer");
  std::vector<std::string> staging;
  for (const std::string& package : Packages(&staging)) {
    EXPECT_TRUE(ClearFiles(out + "/" + package).empty()) << package;
  }
  EXPECT_TRUE(staging.empty()) << staging.size() << " staging folders left, e.g. " << staging[0];
}

}  // namespace
}  // namespace xb::cli::testing
