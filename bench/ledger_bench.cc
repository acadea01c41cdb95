// Ledger throughput and latency (issue #4; DESIGN.md §9 targets: >= 50,000 appends/s batched, a
// proof in < 1 ms at 10 M entries). Figures go to BENCHMARKS.md beside Trillian's and Tessera's.
//
// The 10 M-entry ledger is built once through the ordinary batched append (100,000 entries per
// transaction) and kept at $XB_LEDGER_BENCH_DB (default /tmp/xb_ledger_bench_<N>.db) so that
// later runs reuse it; $XB_LEDGER_BENCH_ENTRIES changes N (default 10,000,000).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/key_file.h"
#include "detect/column_classifier.h"
#include "detect/subject_hasher.h"
#include "ledger/ledger.h"
#include "ledger/sqlite_store.h"
#include "ledger_bench_util.h"

namespace {

using xb::bench::BenchKey;
using xb::bench::Entry;
using xb::ledger::Ledger;

std::unique_ptr<Ledger> OpenLedger(const std::string& path) {
  auto store = xb::ledger::OpenSqliteStore(path);
  if (!store.ok()) return nullptr;
  auto ledger = Ledger::Open(std::move(store).value(), BenchKey());
  return ledger.ok() ? std::move(ledger).value() : nullptr;
}

std::string FreshPath(const std::string& name) {
  std::string path =
      (std::filesystem::temp_directory_path() / ("xb_ledger_bench_" + name)).string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return path;
}

void BM_AppendSingle(benchmark::State& state) {
  auto ledger = OpenLedger(FreshPath("single.db"));
  uint64_t i = 0;
  for (auto _ : state) {
    std::vector<std::string> one = {Entry(i++)};
    auto r = ledger->Append(one);
    if (!r.ok()) state.SkipWithError(r.error().message.c_str());
  }
  state.SetItemsProcessed(static_cast<int64_t>(i));
  state.counters["appends/s"] =
      benchmark::Counter(static_cast<double>(i), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AppendSingle)->UseRealTime()->MinTime(2.0);

void BM_AppendBatched(benchmark::State& state) {
  auto ledger = OpenLedger(FreshPath("batched.db"));
  const int64_t batch_size = state.range(0);
  uint64_t i = 0;
  for (auto _ : state) {
    std::vector<std::string> batch;
    batch.reserve(batch_size);
    for (int64_t j = 0; j < batch_size; ++j) batch.push_back(Entry(i++));
    auto r = ledger->Append(batch);
    if (!r.ok()) state.SkipWithError(r.error().message.c_str());
  }
  state.SetItemsProcessed(static_cast<int64_t>(i));
  state.counters["appends/s"] =
      benchmark::Counter(static_cast<double>(i), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AppendBatched)->Arg(100)->Arg(1000)->Arg(10000)->UseRealTime()->MinTime(2.0);

// One transfer record naming 100,000 individuals: subject hashes, distinct sets and counters.
void BM_AppendTransfer100k(benchmark::State& state) {
  auto ledger = OpenLedger(FreshPath("transfer.db"));
  auto classifier = xb::ColumnClassifier::Create();
  if (!classifier.ok()) {
    state.SkipWithError(classifier.error().ToString().c_str());
    return;
  }
  const xb::SubjectHasher hasher(xb::KeyFromBytes(std::array<uint8_t, 32>{9}), **classifier);
  uint64_t subjects = 0;
  int round = 0;
  for (auto _ : state) {
    xb::ledger::TransferRecord t;
    t.entry_json = Entry(static_cast<uint64_t>(round));
    t.group = {hasher.key_id(), "Example Trading Co., Ltd.", 2026, true};
    for (int j = 0; j < 100000; ++j) {
      t.individuals.push_back(
          hasher.Hash("id-" + std::to_string(round) + "-" + std::to_string(j), std::nullopt));
    }
    auto r = ledger->AppendTransfer(t);
    if (!r.ok()) state.SkipWithError(r.error().message.c_str());
    subjects += t.individuals.size();
    ++round;
  }
  state.counters["subjects/s"] =
      benchmark::Counter(static_cast<double>(subjects), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AppendTransfer100k)->UseRealTime()->Iterations(3)->Unit(benchmark::kMillisecond);

uint64_t LargeSize() {
  const char* env = std::getenv("XB_LEDGER_BENCH_ENTRIES");
  return env != nullptr ? std::strtoull(env, nullptr, 10) : 10'000'000ull;
}

// The large ledger, built on first use (or reused from an earlier run).
Ledger* LargeLedger() {
  static std::unique_ptr<Ledger> ledger = [] {
    uint64_t n = LargeSize();
    const char* env = std::getenv("XB_LEDGER_BENCH_DB");
    std::string path = env != nullptr ? env
                                      : (std::filesystem::temp_directory_path() /
                                         ("xb_ledger_bench_" + std::to_string(n) + ".db"))
                                            .string();
    auto l = OpenLedger(path);
    if (l == nullptr) return l;
    uint64_t have = l->Head()->size;
    if (have > n) {
      std::fprintf(stderr, "%s holds %llu entries, more than %llu\n", path.c_str(),
                   static_cast<unsigned long long>(have), static_cast<unsigned long long>(n));
      return std::unique_ptr<Ledger>();
    }
    while (have < n) {
      uint64_t take = std::min<uint64_t>(100000, n - have);
      std::vector<std::string> batch;
      batch.reserve(take);
      for (uint64_t j = 0; j < take; ++j) batch.push_back(Entry(have + j));
      auto r = l->Append(batch);
      if (!r.ok()) return std::unique_ptr<Ledger>();
      have = r->size;
      if (have % 1000000 == 0)
        std::fprintf(stderr, "built %llu entries\n", static_cast<unsigned long long>(have));
    }
    return l;
  }();
  return ledger.get();
}

void BM_ProveInclusionLarge(benchmark::State& state) {
  Ledger* ledger = LargeLedger();
  if (ledger == nullptr) return state.SkipWithError("could not build the large ledger");
  uint64_t size = ledger->Head()->size;
  std::mt19937_64 rng(42);
  for (auto _ : state) {
    auto p = ledger->ProveInclusion(rng() % size, size);
    if (!p.ok()) state.SkipWithError(p.error().message.c_str());
    benchmark::DoNotOptimize(p);
  }
  state.counters["entries"] = static_cast<double>(size);
}
BENCHMARK(BM_ProveInclusionLarge)->Unit(benchmark::kMicrosecond)->MinTime(2.0);

void BM_ProveConsistencyLarge(benchmark::State& state) {
  Ledger* ledger = LargeLedger();
  if (ledger == nullptr) return state.SkipWithError("could not build the large ledger");
  uint64_t size = ledger->Head()->size;
  std::mt19937_64 rng(7);
  for (auto _ : state) {
    auto p = ledger->ProveConsistency(1 + rng() % (size - 1), size);
    if (!p.ok()) state.SkipWithError(p.error().message.c_str());
    benchmark::DoNotOptimize(p);
  }
  state.counters["entries"] = static_cast<double>(size);
}
BENCHMARK(BM_ProveConsistencyLarge)->Unit(benchmark::kMicrosecond)->MinTime(2.0);

// Full verification of a 1,000,000-entry ledger: canonical form, leaf hashes, every stored node,
// root, signature, subject index, SQLite quick_check.
void BM_VerifyFull(benchmark::State& state) {
  const uint64_t n = static_cast<uint64_t>(state.range(0));
  auto ledger = OpenLedger(FreshPath("verify.db"));
  for (uint64_t have = 0; have < n;) {
    std::vector<std::string> batch;
    for (uint64_t j = 0; j < 100000 && have + j < n; ++j) batch.push_back(Entry(have + j));
    have = ledger->Append(batch)->size;
  }
  for (auto _ : state) {
    auto r = ledger->Verify(std::nullopt, std::nullopt);
    if (!r.ok() || !r->ok) state.SkipWithError("verify failed");
  }
  state.counters["entries/s"] =
      benchmark::Counter(static_cast<double>(n * state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_VerifyFull)->Arg(1000000)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
