#include "cli/cli_test_util.h"

#include <fcntl.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/locations.h"

namespace xb::cli::testing {
std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string FreshTempDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "anon";
  auto dir = std::filesystem::temp_directory_path() /
             ("xb_cli_" + std::to_string(::getpid()) + "_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::string SourcePath(const std::string& relative) { return xb::SourceTreeDir() + "/" + relative; }

RunResult RunXborder(const std::vector<std::string>& args, const std::string& input,
                     const std::string& cwd) {
  RunOptions options;
  options.input = input;
  options.cwd = cwd;
  return RunXborderWith(args, options);
}

RunResult RunProgram(const std::vector<std::string>& argv, const std::string& cwd) {
  RunOptions options;
  options.binary = argv.at(0);
  options.cwd = cwd;
  return RunXborderWith(std::vector<std::string>(argv.begin() + 1, argv.end()), options);
}

RunResult RunXborderWith(const std::vector<std::string>& args, const RunOptions& options) {
  return WaitXborder(SpawnXborder(args, options));
}

Spawned SpawnXborder(const std::vector<std::string>& args, const RunOptions& options) {
  // Files, not pipes, so a large output never deadlocks the child.
  static std::atomic<int> counter{0};
  auto dir = std::filesystem::temp_directory_path() /
             ("xb_run_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
  std::filesystem::create_directories(dir);
  std::string in_path = (dir / "in").string(), out_path = (dir / "out").string(),
              err_path = (dir / "err").string();
  { std::ofstream(in_path, std::ios::binary) << options.input; }

  pid_t pid = ::fork();
  if (pid == 0) {
    // Everything that needs the test's own rights (its files, its directory) comes first;
    // then the child becomes the other user, and only the program runs as that user.
    if (!options.cwd.empty() && ::chdir(options.cwd.c_str()) != 0) _exit(127);
    // A new session has no controlling terminal, so nothing the child runs can stop to ask on
    // the tester's terminal (passphrase prompts fall back to "no terminal").
    ::setsid();
    int in = ::open(in_path.c_str(), O_RDONLY);
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    for (const auto& [name, value] : options.env) ::setenv(name.c_str(), value.c_str(), 1);
    if (options.uid >= 0) {
      if (::setgroups(0, nullptr) != 0 || ::setresgid(options.gid, options.gid, options.gid) != 0 ||
          ::setresuid(options.uid, options.uid, options.uid) != 0) {
        _exit(126);
      }
    }
    std::vector<char*> argv;
    std::string binary = options.binary.empty() ? XB_CLI_BINARY : options.binary;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execvp(binary.c_str(), argv.data());  // a bare name ("age") is looked up on PATH
    _exit(127);
  }
  return {pid, dir.string()};
}

RunResult WaitXborder(const Spawned& process) {
  int status = 0;
  ::waitpid(process.pid, &status, 0);
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = Slurp(process.dir + "/out");
  result.err = Slurp(process.dir + "/err");
  std::filesystem::remove_all(process.dir);
  return result;
}

std::string ResidentId(std::string_view region, std::string_view birth, int sequence) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  char seq[8];
  std::snprintf(seq, sizeof seq, "%03u", static_cast<unsigned>(sequence) % 1000u);
  std::string id = std::string(region) + std::string(birth) + seq;
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (id[static_cast<size_t>(i)] - '0') * kWeights[i];
  id.push_back("10X98765432"[sum % 11]);
  return id;
}

std::string NameAddressCardDate(int index) {
  static const char* kNames[] = {"张伟", "王芳", "李娜", "刘洋", "陈静"};
  static const char* kStreets[] = {"北京市朝阳区建国路", "上海市浦东新区世纪大道",
                                   "广州市天河区体育西路", "深圳市南山区科技园路"};
  char digits[20];
  std::snprintf(digits, sizeof digits, "622202100111%03d", index % 1000);
  std::string card = digits;  // 15 digits; three more and a Luhn check digit follow
  card += "222";
  int sum = 0;
  for (size_t i = 0; i < card.size(); ++i) {
    int d = card[card.size() - 1 - i] - '0';
    if (i % 2 == 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;  // doubled: the check digit is next
    sum += d;
  }
  card.push_back(static_cast<char>('0' + (10 - sum % 10) % 10));
  char birth[16];
  std::snprintf(birth, sizeof birth, "19%02d-%02d-%02d", 60 + index % 40, 1 + index % 12,
                1 + index % 28);
  return std::string(kNames[index % 5]) + "," + kStreets[index % 4] + std::to_string(index + 1) +
         "号," + card + "," + birth;
}

}  // namespace xb::cli::testing
