// Decisions per second from a loaded rule pack (DESIGN.md §9 target: >= 100,000 plans/s on one
// core). Run: build/bench/assess_bench
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/locations.h"
#include "rules/engine.h"
#include "rules/locate.h"

namespace {

using xb::rules::Engine;
using xb::rules::RulesContext;

struct Fixture {
  std::unique_ptr<RulesContext> ctx;
  std::unique_ptr<Engine> engine;
  std::vector<xb::rules::Plan> plans;
  std::vector<xb::rules::PreparedFacts> prepared;
};

std::string PlanText(int i) {
  // A spread of plans that exercise different paths: volume tiers, exemptions, CIIO, FTZ.
  static const char* kPurposes[] = {"marketing", "hr_management", "analytics",
                                    "contract_performance"};
  const long individuals = (i * 37'813L) % 1'500'000;
  return "as_of: 2026-11-22\njurisdiction: CN\nexporter: {ciio: " +
         std::string(i % 11 == 0 ? "true" : "false") +
         ", state_organ: false, sector: other, outside_china: false, ftz: " +
         (i % 7 == 0 ? "tianjin" : "null") +
         "}\nrecipient: {country: DE, kind: company, role: controller}\npurpose: " +
         kPurposes[i % 4] +
         "\ndata: {personal_information: true, on_ftz_negative_list: false, subjects: [" +
         (i % 4 == 1 ? "employees" : "customers") +
         "], individuals_are_parties: true, categories: [identity, contact], individuals: " +
         std::to_string(individuals) +
         ", sensitive_individuals: " + std::to_string(i % 5 == 0 ? i % 20000 : 0) +
         "}\nhistory: {individuals_ytd: " + std::to_string((i * 7919L) % 200'000) +
         ", sensitive_individuals_ytd: 0}\n";
}

Fixture& Get() {
  static Fixture* f = [] {
    auto* fx = new Fixture;
    auto ctx = xb::rules::LoadRulesContext(xb::SourceTreeDir() + "/rules");
    if (!ctx.ok()) std::abort();
    fx->ctx = std::move(ctx).value();
    fx->engine = std::make_unique<Engine>(fx->ctx->rules, fx->ctx->calendar);
    xb::rules::NoLedgerHistorySource history;
    for (int i = 0; i < 256; ++i) {
      std::vector<xb::rules::PlanWarning> w;
      auto plan = xb::rules::ParsePlan(PlanText(i), "bench.yaml", &fx->ctx->countries, &w);
      if (!plan.ok()) std::abort();
      auto p = fx->engine->Prepare(*plan, history, {});
      if (!p.ok()) std::abort();
      fx->plans.push_back(std::move(plan).value());
      fx->prepared.push_back(std::move(p).value());
    }
    return fx;
  }();
  return *f;
}

// The decision alone over the flat fact array: no allocation.
void BM_DecideCore(benchmark::State& state) {
  Fixture& f = Get();
  size_t i = 0;
  for (auto _ : state) {
    const auto& p = f.prepared[i++ & 255];
    benchmark::DoNotOptimize(f.engine->DecideCore(p.facts, p.as_of, p.jurisdiction));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecideCore);

// The full decision: basis, overridden rules, obligations with due dates, notices.
void BM_DecideWithExplanation(benchmark::State& state) {
  Fixture& f = Get();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(f.engine->Decide(f.prepared[i++ & 255]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecideWithExplanation);

// From a parsed plan: facts, defaults and assumptions, then the full decision.
void BM_AssessParsedPlan(benchmark::State& state) {
  Fixture& f = Get();
  xb::rules::NoLedgerHistorySource history;
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(f.engine->Assess(f.plans[i++ & 255], history, {}));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AssessParsedPlan);

// Loading and compiling every shipped pack (once per `assess` run).
void BM_LoadPacks(benchmark::State& state) {
  for (auto _ : state) {
    auto set = xb::rules::RuleSet::LoadDirectory(xb::SourceTreeDir() + "/rules");
    benchmark::DoNotOptimize(set.ok());
  }
}
BENCHMARK(BM_LoadPacks)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
