// The ledger on PostgreSQL (issue #14: >= 1,000 appends/s; DESIGN.md §9): appends one per
// transaction and batched, a transfer naming 100,000 individuals, two appenders at once on one
// ledger (each with its own connection, as two servers would), many one-entry callers sharing
// commits (group commit), inclusion and consistency proofs, and a full verify. Same entries as
// ledger_bench.cc (SQLite), so the figures compare.
//
// The server: $XB_BENCH_POSTGRES_URL (each benchmark gets a schema of its own there), else a
// throwaway cluster started here with fsync and synchronous commit on, as in production
// (pg/test_cluster.h), on a unix socket. $XB_PG_BENCH_ENTRIES sets the proof benchmarks' ledger
// size (default 1,000,000; built once per run through batched appends).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "core/key_file.h"
#include "detect/column_classifier.h"
#include "detect/subject_hasher.h"
#include "ledger/group_commit.h"
#include "ledger/ledger.h"
#include "ledger/postgres_store.h"
#include "ledger_bench_util.h"
#include "pg/test_cluster.h"

namespace {

using xb::bench::BenchKey;
using xb::bench::Entry;
using xb::ledger::Ledger;

// The server's base URL; a cluster started here lives until the process exits.
const std::string& BaseUrl() {
  static std::unique_ptr<xb::pg::testing::TestCluster> cluster;
  static const std::string url = [] {
    const char* env = std::getenv("XB_BENCH_POSTGRES_URL");
    if (env != nullptr && *env != '\0') return std::string(env);
    auto started = xb::pg::testing::TestCluster::Start("", {.durable = true});
    if (!started.ok()) {
      std::fprintf(stderr, "cannot start PostgreSQL: %s\n", started.error().ToString().c_str());
      return std::string();
    }
    cluster = std::move(started).value();
    return cluster->Url();
  }();
  return url;
}

std::string FreshUrl() {
  if (BaseUrl().empty()) return "";
  auto url = xb::pg::testing::FreshSchemaUrl(BaseUrl());
  return url.ok() ? *url : "";
}

std::unique_ptr<Ledger> OpenLedger(const std::string& url) {
  if (url.empty()) return nullptr;
  auto store = xb::ledger::OpenPostgresStore(url);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.error().ToString().c_str());
    return nullptr;
  }
  auto ledger = Ledger::Open(std::move(store).value(), BenchKey());
  return ledger.ok() ? std::move(ledger).value() : nullptr;
}

void AppendLoop(benchmark::State& state, Ledger* ledger, int64_t batch_size, uint64_t offset) {
  uint64_t i = offset;
  for (auto _ : state) {
    std::vector<std::string> batch;
    batch.reserve(batch_size);
    for (int64_t j = 0; j < batch_size; ++j) batch.push_back(Entry(i++));
    auto r = ledger->Append(batch);
    if (!r.ok()) state.SkipWithError(r.error().message.c_str());
  }
  state.SetItemsProcessed(static_cast<int64_t>(i - offset));
  state.counters["appends/s"] =
      benchmark::Counter(static_cast<double>(i - offset), benchmark::Counter::kIsRate);
}

void BM_PgAppendSingle(benchmark::State& state) {
  auto ledger = OpenLedger(FreshUrl());
  if (ledger == nullptr) return state.SkipWithError("no PostgreSQL");
  AppendLoop(state, ledger.get(), 1, 0);
}
BENCHMARK(BM_PgAppendSingle)->UseRealTime()->MinTime(3.0);

void BM_PgAppendBatched(benchmark::State& state) {
  auto ledger = OpenLedger(FreshUrl());
  if (ledger == nullptr) return state.SkipWithError("no PostgreSQL");
  AppendLoop(state, ledger.get(), state.range(0), 0);
}
BENCHMARK(BM_PgAppendBatched)->Arg(100)->Arg(1000)->Arg(10000)->UseRealTime()->MinTime(3.0);

// Two appenders on one ledger, each with its own connection (two servers): the advisory lock
// serialises them. The rate counter sums both threads.
void BM_PgAppendSingleTwoWriters(benchmark::State& state) {
  static std::string url;
  static std::once_flag once;
  std::call_once(once, [] { url = FreshUrl(); });
  auto ledger = OpenLedger(url);
  if (ledger == nullptr) return state.SkipWithError("no PostgreSQL");
  AppendLoop(state, ledger.get(), 1, static_cast<uint64_t>(state.thread_index()) << 40);
}
BENCHMARK(BM_PgAppendSingleTwoWriters)->Threads(2)->UseRealTime()->MinTime(3.0);

// Many callers appending one entry each through one GroupCommitter (ledger/group_commit.h), as
// a service's concurrent requests would: each entry is acknowledged after a durable commit, but
// concurrent ones share it.
void BM_PgAppendSingleGrouped(benchmark::State& state) {
  static std::unique_ptr<Ledger> ledger;
  static std::unique_ptr<xb::ledger::GroupCommitter> group;
  static std::once_flag once;
  std::call_once(once, [] {
    ledger = OpenLedger(FreshUrl());
    if (ledger != nullptr) group = std::make_unique<xb::ledger::GroupCommitter>(*ledger);
  });
  if (group == nullptr) return state.SkipWithError("no PostgreSQL");
  uint64_t i = static_cast<uint64_t>(state.thread_index()) << 40;
  const uint64_t first = i;
  for (auto _ : state) {
    auto r = group->Append(Entry(i++));
    if (!r.ok()) state.SkipWithError(r.error().message.c_str());
  }
  state.counters["appends/s"] =
      benchmark::Counter(static_cast<double>(i - first), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PgAppendSingleGrouped)->Threads(8)->Threads(32)->UseRealTime()->MinTime(3.0);

// One transfer record naming 100,000 individuals: subject hashes, distinct sets and counters.
void BM_PgAppendTransfer100k(benchmark::State& state) {
  auto ledger = OpenLedger(FreshUrl());
  if (ledger == nullptr) return state.SkipWithError("no PostgreSQL");
  auto classifier = xb::ColumnClassifier::Create();
  if (!classifier.ok()) return state.SkipWithError(classifier.error().ToString().c_str());
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
BENCHMARK(BM_PgAppendTransfer100k)->UseRealTime()->Iterations(3)->Unit(benchmark::kMillisecond);

uint64_t LargeSize() {
  const char* env = std::getenv("XB_PG_BENCH_ENTRIES");
  return env != nullptr ? std::strtoull(env, nullptr, 10) : 1'000'000ull;
}

// The proof benchmarks' ledger, built on first use through batched appends.
Ledger* LargeLedger() {
  static std::unique_ptr<Ledger> ledger = []() -> std::unique_ptr<Ledger> {
    auto l = OpenLedger(FreshUrl());
    if (l == nullptr) return l;
    const uint64_t n = LargeSize();
    for (uint64_t have = 0; have < n;) {
      std::vector<std::string> batch;
      for (uint64_t j = 0; j < 10000 && have + j < n; ++j) batch.push_back(Entry(have + j));
      auto r = l->Append(batch);
      if (!r.ok()) return nullptr;
      have = r->size;
    }
    return l;
  }();
  return ledger.get();
}

void BM_PgProveInclusion(benchmark::State& state) {
  Ledger* ledger = LargeLedger();
  if (ledger == nullptr) return state.SkipWithError("could not build the ledger");
  uint64_t size = ledger->Head()->size;
  std::mt19937_64 rng(42);
  for (auto _ : state) {
    auto p = ledger->ProveInclusion(rng() % size, size);
    if (!p.ok()) state.SkipWithError(p.error().message.c_str());
    benchmark::DoNotOptimize(p);
  }
  state.counters["entries"] = static_cast<double>(size);
  state.counters["proofs/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PgProveInclusion)->UseRealTime()->Unit(benchmark::kMicrosecond)->MinTime(3.0);

void BM_PgProveConsistency(benchmark::State& state) {
  Ledger* ledger = LargeLedger();
  if (ledger == nullptr) return state.SkipWithError("could not build the ledger");
  uint64_t size = ledger->Head()->size;
  std::mt19937_64 rng(7);
  for (auto _ : state) {
    auto p = ledger->ProveConsistency(1 + rng() % (size - 1), size);
    if (!p.ok()) state.SkipWithError(p.error().message.c_str());
    benchmark::DoNotOptimize(p);
  }
  state.counters["entries"] = static_cast<double>(size);
}
BENCHMARK(BM_PgProveConsistency)->UseRealTime()->Unit(benchmark::kMicrosecond)->MinTime(3.0);

void BM_PgVerifyFull(benchmark::State& state) {
  const uint64_t n = static_cast<uint64_t>(state.range(0));
  auto ledger = OpenLedger(FreshUrl());
  if (ledger == nullptr) return state.SkipWithError("no PostgreSQL");
  for (uint64_t have = 0; have < n;) {
    std::vector<std::string> batch;
    for (uint64_t j = 0; j < 10000 && have + j < n; ++j) batch.push_back(Entry(have + j));
    have = ledger->Append(batch)->size;
  }
  for (auto _ : state) {
    auto r = ledger->Verify(std::nullopt, std::nullopt);
    if (!r.ok() || !r->ok) state.SkipWithError("verify failed");
  }
  state.counters["entries/s"] =
      benchmark::Counter(static_cast<double>(n * state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PgVerifyFull)->Arg(100000)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
