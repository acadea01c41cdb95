// The optimal k-anonymity search on Adult (30,162 rows, nine quasi-identifiers, ARX's hierarchies)
// against ARX 3.9.2's published optimum (bench/data/adult/README.md): k = 5, Loss metric, 0% and
// 5% suppression. Counters report the optimum so the comparison sits beside the time:
//
//   build/bench/kanon_bench
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/atomic_file.h"
#include "core/locations.h"
#include "protect/hierarchy.h"
#include "protect/lattice_search.h"
#include "protect/table.h"

namespace {

using xb::protect::Hierarchy;

const std::vector<std::string> kColumns = {
    "sex",       "age",        "race",        "marital-status", "education", "native-country",
    "workclass", "occupation", "salary-class"};

struct Adult {
  std::vector<std::unique_ptr<Hierarchy>> hierarchies;
  std::vector<std::vector<uint32_t>> leaves;  // per column, per row
};

const Adult& LoadAdult() {
  static const Adult* adult = [] {
    auto* a = new Adult();
    const std::string dir = xb::SourceTreeDir() + "/bench/data/adult";
    for (const auto& c : kColumns) {
      auto text = xb::ReadFile(dir + "/adult_hierarchy_" + c + ".csv");
      auto h = Hierarchy::ParseCsv(text.ok() ? *text : "", c);
      a->hierarchies.push_back(std::make_unique<Hierarchy>(std::move(h).value()));
    }
    a->leaves.resize(kColumns.size());
    auto data = xb::ReadFile(dir + "/adult.csv");
    std::string_view rest = data.ok() ? std::string_view(*data) : std::string_view();
    bool header = true;
    while (!rest.empty()) {
      size_t end = rest.find('\n');
      std::string_view line = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (header || line.empty()) {
        header = false;
        continue;
      }
      size_t start = 0;
      for (size_t i = 0; i < kColumns.size(); ++i) {
        size_t semi = line.find(';', start);
        std::string_view field =
            line.substr(start, semi == std::string_view::npos ? semi : semi - start);
        a->leaves[i].push_back(a->hierarchies[i]->FindLeaf(field).value_or(0));
        start = semi + 1;
      }
    }
    return a;
  }();
  return *adult;
}

void BM_AdultK5(benchmark::State& state) {
  const Adult& adult = LoadAdult();
  xb::protect::SearchProblem problem;
  problem.model.k = 5;
  problem.model.suppression_limit = static_cast<double>(state.range(0)) / 100.0;
  for (size_t i = 0; i < kColumns.size(); ++i) {
    problem.quasi_identifiers.push_back({adult.hierarchies[i].get(), adult.leaves[i]});
  }
  xb::protect::NodeStats optimum;
  uint64_t evaluated = 0;
  for (auto _ : state) {
    auto result = xb::protect::FindOptimalGeneralization(problem);
    if (!result.ok()) {
      state.SkipWithError(result.error().ToString().c_str());
      return;
    }
    optimum = result->optimum;
    evaluated = result->nodes_evaluated;
  }
  state.counters["loss"] = optimum.metric;
  state.counters["suppressed"] = static_cast<double>(optimum.suppressed_rows);
  state.counters["classes"] = static_cast<double>(optimum.classes);
  state.counters["evaluated"] = static_cast<double>(evaluated);
  std::string levels;
  for (size_t i = 0; i < kColumns.size(); ++i) {
    levels += (i ? " " : "") + kColumns[i] + "=" + std::to_string(optimum.levels[i]);
  }
  state.SetLabel(levels);
}
BENCHMARK(BM_AdultK5)->Arg(0)->Arg(5)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
