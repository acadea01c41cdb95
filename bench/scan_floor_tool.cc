// Issue #17's yardstick: how fast `scan` runs next to a minimal loop that only validates three
// columns in memory, measured in the same run on the same file, per CPU-second (getrusage: user +
// system of every thread, so the figures are per core even on a shared machine).
//
//   build/bench/gen_dataset_tool people /tmp/people2m.csv 2000000
//   build/bench/scan_floor_tool /tmp/people2m.csv [THREADS]
//
// The minimal loop reads the whole file into memory first (not timed), then per row finds the
// first four commas and checks the resident ID (digits, ISO 7064 check character), the mobile
// (11 digits, 1[3-9]) and the e-mail ('@' with a dot after it) in columns 2-4 of issue #17's
// table (name, resident_id, mobile, email, ...). It is the floor a full scan is compared with:
// no classification, no distinct counting, no quoting rules. The scans are the library's
// ScanDataset, as `xborder scan` runs it, without (`--no-text`) and with the free-text detector.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "core/key_file.h"
#include "detect/column_classifier.h"
#include "detect/text/text_detector.h"
#include "scan/dataset_scanner.h"

namespace {

struct Clock {
  double cpu;
  double wall;
};

Clock Now() {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  return {seconds(usage.ru_utime) + seconds(usage.ru_stime), wall};
}

bool ValidResidentId(std::string_view s) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  if (s.size() != 18) return false;
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    const unsigned d = static_cast<unsigned char>(s[i]) - '0';
    if (d > 9) return false;
    sum += static_cast<int>(d) * kWeights[i];
  }
  return kCheck[sum % 11] == s[17];
}

bool ValidMobile(std::string_view s) {
  if (s.size() != 11 || s[0] != '1' || s[1] < '3') return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool ValidEmail(std::string_view s) {
  const size_t at = s.find('@');
  return at != std::string_view::npos && at > 0 && s.find('.', at) != std::string_view::npos;
}

// The minimal loop. Returns the number of valid values found.
uint64_t ValidateThreeColumns(std::string_view text) {
  uint64_t valid = 0;
  size_t pos = text.find('\n') + 1;  // header
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view row = text.substr(pos, end - pos);
    size_t commas[4];
    size_t found = 0;
    for (size_t i = 0; i < row.size() && found < 4; ++i) {
      if (row[i] == ',') commas[found++] = i;
    }
    if (found == 4) {
      valid += ValidResidentId(row.substr(commas[0] + 1, commas[1] - commas[0] - 1));
      valid += ValidMobile(row.substr(commas[1] + 1, commas[2] - commas[1] - 1));
      valid += ValidEmail(row.substr(commas[2] + 1, commas[3] - commas[2] - 1));
    }
    pos = end + 1;
  }
  return valid;
}

void Print(const char* what, double mb, Clock before, Clock after, double floor_rate) {
  const double cpu = after.cpu - before.cpu;
  const double wall = after.wall - before.wall;
  std::printf("%-44s %8.0f MB/s per CPU-s  %8.0f MB/s wall  (%.2f CPU-s, %.2f s)", what, mb / cpu,
              mb / wall, cpu, wall);
  if (floor_rate > 0) std::printf("  %.2fx the loop", mb / cpu / floor_rate);
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: scan_floor_tool FILE.csv [THREADS]\n");
    return 2;
  }
  const std::string path = argv[1];
  const int threads = argc > 2 ? std::atoi(argv[2]) : 1;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  if (!in || text.empty()) {
    std::fprintf(stderr, "scan_floor_tool: cannot read %s\n", path.c_str());
    return 2;
  }
  const double mb = static_cast<double>(text.size()) / 1e6;

  Clock before = Now();
  const uint64_t valid = ValidateThreeColumns(text);
  Clock after = Now();
  const double floor_rate = mb / (after.cpu - before.cpu);
  Print("minimal loop (3 columns validated, in memory)", mb, before, after, 0);
  std::printf("  %llu valid values\n", static_cast<unsigned long long>(valid));

  auto classifier = xb::ColumnClassifier::Create();
  auto detector = xb::TextDetector::Create();
  if (!classifier.ok() || !detector.ok()) {
    std::fprintf(stderr, "scan_floor_tool: cannot load the detectors\n");
    return 2;
  }
  for (const bool text_on : {false, true}) {
    xb::scan::ScanOptions options;
    options.threads = threads;
    options.key = xb::KeyFromBytes(std::array<uint8_t, 32>{1});
    if (text_on) options.text_detector = detector->get();
    before = Now();
    auto profile = xb::scan::ScanDataset(path, **classifier, options);
    after = Now();
    if (!profile.ok()) {
      std::fprintf(stderr, "scan_floor_tool: %s\n", profile.error().ToString().c_str());
      return 1;
    }
    const std::string what = std::string(text_on ? "scan" : "scan --no-text") + ", " +
                             std::to_string(threads) + " classifying thread(s)";
    Print(what.c_str(), mb, before, after, floor_rate);
  }
  return 0;
}
