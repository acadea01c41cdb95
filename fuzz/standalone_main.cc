// Replay driver for fuzz targets in builds without libFuzzer: runs LLVMFuzzerTestOneInput on
// every file named on the command line (directories are walked), plus a few thousand
// deterministic pseudo-random inputs derived from them, so a crash shows in ordinary test runs.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "fuzz/fuzz_target.h"

namespace {

std::vector<uint8_t> ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::vector<uint8_t>> seeds;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path p(argv[i]);
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(p)) {
        if (e.is_regular_file()) seeds.push_back(ReadAll(e.path()));
      }
    } else {
      seeds.push_back(ReadAll(p));
    }
  }
  if (seeds.empty()) seeds.push_back({});
  for (const auto& s : seeds) LLVMFuzzerTestOneInput(s.data(), s.size());

  // Cheap mutations: flip, insert and truncate bytes of the seeds.
  std::mt19937_64 rng(42);
  for (int round = 0; round < 3000; ++round) {
    std::vector<uint8_t> m = seeds[rng() % seeds.size()];
    int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits; ++e) {
      switch (rng() % 3) {
        case 0:
          if (!m.empty()) m[rng() % m.size()] = static_cast<uint8_t>(rng());
          break;
        case 1:
          m.insert(m.begin() + static_cast<long>(m.empty() ? 0 : rng() % m.size()),
                   static_cast<uint8_t>(rng()));
          break;
        default:
          if (!m.empty()) m.resize(rng() % m.size());
      }
    }
    LLVMFuzzerTestOneInput(m.data(), m.size());
  }
  std::printf("replayed %zu seeds and 3000 mutations\n", seeds.size());
  return 0;
}
