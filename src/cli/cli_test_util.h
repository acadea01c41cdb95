// Runs the built xborder binary for end-to-end tests.
#ifndef XBORDER_CLI_CLI_TEST_UTIL_H_
#define XBORDER_CLI_CLI_TEST_UTIL_H_

#include <sys/types.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace xb::cli::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs XB_CLI_BINARY with `args` (no shell: arguments are passed as they are), feeding `input`
// on stdin, in working directory `cwd` (empty: the current one).
RunResult RunXborder(const std::vector<std::string>& args, const std::string& input = "",
                     const std::string& cwd = "");

struct RunOptions {
  std::string binary;  // empty: XB_CLI_BINARY; a bare name is looked up on PATH
  std::string input;   // fed on stdin
  std::string cwd;     // empty: the current directory
  // Run as this user and group (REQUIRES: the test runs as root); -1: as the test's own.
  int uid = -1;
  int gid = -1;
  std::vector<std::pair<std::string, std::string>> env;  // set in the child only
};
RunResult RunXborderWith(const std::vector<std::string>& args, const RunOptions& options);

// An xborder process started by SpawnXborder and not yet waited for. Its output goes to files
// in `dir`, so a large output never blocks it.
struct Spawned {
  pid_t pid = -1;
  std::string dir;
};

// Starts the binary with `args` as RunXborderWith does, and returns at once.
Spawned SpawnXborder(const std::vector<std::string>& args, const RunOptions& options = {});
// Waits for the process to end and collects its exit code and output.
RunResult WaitXborder(const Spawned& process);

// Runs another program (RunOptions::binary = argv[0], found on PATH when it has no '/', e.g.
// Debian's `age` and `minisign`). Exit code 127: not found.
RunResult RunProgram(const std::vector<std::string>& argv, const std::string& cwd = "");

// A fresh empty directory under the system temp dir, unique to the calling test.
std::string FreshTempDir();

// The whole file as bytes; "" when it cannot be read (the test's own assertion says why).
std::string Slurp(const std::string& path);

std::string SourcePath(const std::string& relative);  // under the source tree

// A valid 18-character PRC resident ID (ISO 7064 MOD 11-2 check character) for a synthetic
// person: `region` six digits (a current GB/T 2260 code such as "110101"), `birth` YYYYMMDD,
// `sequence` 0..999.
std::string ResidentId(std::string_view region, std::string_view birth, int sequence);

// A synthetic person's record with no subject identifier, one per `index` 0..999: a Chinese
// name, a street address, a valid (Luhn) 19-digit bank card number and a birth date, as
// "name,address,card,date" without a line end. What a headerless HR export starts with.
std::string NameAddressCardDate(int index);

}  // namespace xb::cli::testing

#endif  // XBORDER_CLI_CLI_TEST_UTIL_H_
