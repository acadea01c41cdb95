// Scale benchmark for the optimal k-anonymity search (BENCHMARKS.md, "Protect"): a synthetic table
// of N rows with 8 quasi-identifiers (census-like skewed distributions, hierarchies of
// height 2..5), k = 5 and a 4% suppression limit by default, as in the ARX comparison.
//
//   build/bench/kanon_scale_tool [rows=10000000] [suppression=0.04] [k=5]
//
// Prints the time to reduce the rows to distinct tuples and search, the nodes evaluated, the
// optimum, and the peak resident memory.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "protect/hierarchy.h"
#include "protect/lattice_search.h"

namespace {

using xb::protect::Hierarchy;

// A hierarchy over `domain` integer leaves where each level groups `fanout[i]` labels of the
// level below, then "*".
std::unique_ptr<Hierarchy> Grouped(int domain, const std::vector<int>& fanout) {
  std::vector<std::vector<std::string>> rows;
  for (int v = 0; v < domain; ++v) {
    std::vector<std::string> row = {std::to_string(v)};
    int group = v;
    for (size_t i = 0; i < fanout.size(); ++i) {
      group /= fanout[i];
      row.push_back("L" + std::to_string(i + 1) + "_" + std::to_string(group));
    }
    row.push_back("*");
    rows.push_back(std::move(row));
  }
  return std::make_unique<Hierarchy>(Hierarchy::FromRows(rows, "synthetic").value());
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  const size_t rows = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10000000;
  const double suppression = argc > 2 ? std::strtod(argv[2], nullptr) : 0.04;
  const uint64_t k = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 5;

  struct Attribute {
    const char* name;
    int domain;
    std::vector<int> fanout;
    double skew;  // geometric parameter: larger is more concentrated
  };
  const std::vector<Attribute> attributes = {
      {"age", 100, {5, 2, 2}, 0.0},       // 5-, 10-, 20-year bands, *
      {"sex", 2, {}, 0.0},                // *
      {"region", 1000, {10, 10}, 0.004},  // county -> city -> province -> *
      {"education", 16, {4}, 0.15},       // -> 4 groups -> *
      {"marital", 7, {3}, 0.35},          // -> 3 groups -> *
      {"race", 5, {}, 0.6},               // *
      {"occupation", 14, {5}, 0.12},      // -> 3 groups -> *
      {"income", 20, {5, 2}, 0.2},        // -> 4 bands -> 2 -> *
  };
  std::vector<std::unique_ptr<Hierarchy>> hierarchies;
  xb::protect::SearchProblem problem;
  problem.model.k = k;
  problem.model.suppression_limit = suppression;
  auto start = std::chrono::steady_clock::now();
  std::mt19937_64 rng(2012);
  for (const auto& a : attributes) {
    hierarchies.push_back(Grouped(a.domain, a.fanout));
    xb::protect::QuasiIdentifierCodes qi;
    qi.hierarchy = hierarchies.back().get();
    qi.leaves.resize(rows);
    if (a.skew > 0) {
      std::geometric_distribution<int> dist(a.skew);
      for (auto& v : qi.leaves) v = static_cast<uint32_t>(dist(rng) % a.domain);
    } else if (std::string(a.name) == "age") {
      std::normal_distribution<double> dist(40, 15);
      for (auto& v : qi.leaves) {
        double x = dist(rng);
        v = static_cast<uint32_t>(x < 0 ? 0 : x > 99 ? 99 : x);
      }
    } else {
      std::uniform_int_distribution<int> dist(0, a.domain - 1);
      for (auto& v : qi.leaves) v = static_cast<uint32_t>(dist(rng));
    }
    problem.quasi_identifiers.push_back(std::move(qi));
  }
  std::printf("generated %zu rows x %zu quasi-identifiers in %.2f s\n", rows, attributes.size(),
              Seconds(start));

  start = std::chrono::steady_clock::now();
  auto result = xb::protect::FindOptimalGeneralization(problem);
  const double search = Seconds(start);
  if (!result.ok()) {
    std::fprintf(stderr, "search failed: %s\n", result.error().ToString().c_str());
    return 1;
  }
  std::printf("search (k=%llu, suppression %.2f%%): %.2f s, %llu of %llu nodes evaluated\n",
              static_cast<unsigned long long>(k), 100 * suppression, search,
              static_cast<unsigned long long>(result->nodes_evaluated),
              static_cast<unsigned long long>(result->lattice_size));
  std::printf("optimum levels:");
  for (size_t i = 0; i < attributes.size(); ++i) {
    std::printf(" %s %d", attributes[i].name, result->optimum.levels[i]);
  }
  std::printf("\nloss %.4f, %llu rows suppressed, %llu classes\n", result->optimum.metric,
              static_cast<unsigned long long>(result->optimum.suppressed_rows),
              static_cast<unsigned long long>(result->optimum.classes));
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  std::printf("peak resident memory: %.2f GiB\n", usage.ru_maxrss / (1024.0 * 1024.0));
  return 0;
}
