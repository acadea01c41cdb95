// Documents (issue #13; DESIGN.md §9 target: every document of the bundled examples in under
// 2 s, PDF included; memory under 200 MB).
//
// Setup, once: a fresh database with the HR example's consents imported and its transfer
// completed (as ./scripts/run-example.sh does). Then each iteration writes every document of
// the example — pipia, sc-filing, assessment and certification of examples/transfer/hr/plan.yaml,
// breach of examples/incident/incident.yaml, annual of the exporter's 2026 — in both languages
// and all three formats (36 documents and 6 facts files), through report::GenerateReport, the
// library call behind `xborder report`, on one core (the dry runs scan with one thread).
//
//   cmake --build build --target report_bench && ./build/bench/report_bench
//
// Counters: seconds of CPU per iteration (the benchmark's CPU time), the documents written, and
// the process's peak resident memory.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <filesystem>
#include <string>

#include "consent/consent_import.h"
#include "consent/consent_store.h"
#include "core/key_file.h"
#include "core/locations.h"
#include "detect/column_classifier.h"
#include "detect/subject_hasher.h"
#include "report/report.h"
#include "transfer/transfer.h"

namespace {
namespace fs = std::filesystem;
using xb::report::ReportKind;

const std::string kExample = xb::SourceTreeDir() + "/examples";

double PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

struct Setup {
  std::string dir;
  bool ok = false;
};

// The example's state after ./scripts/run-example.sh: consents imported, the HR transfer done.
Setup& Prepared() {
  static Setup setup = [] {
    Setup s;
    s.dir =
        (fs::temp_directory_path() / ("xb_report_bench_" + std::to_string(::getpid()))).string();
    fs::remove_all(s.dir);
    fs::create_directories(s.dir);
    std::string db = s.dir + "/xborder.db", key_path = s.dir + "/xborder.key";
    auto key = xb::LoadOrCreateKey(key_path);
    auto classifier = xb::ColumnClassifier::Create();
    if (!key.ok() || !classifier.ok()) return s;
    const xb::SubjectHasher hasher(*key, **classifier);
    auto read = xb::consent::ReadConsentFile(
        kExample + "/transfer/hr/consents.csv",
        [&hasher](std::string_view raw) { return hasher.HashRecognised(raw); });
    auto store = xb::consent::ConsentStore::Open(db);
    if (!read.ok() || !store.ok() || !(*store)->Import(key->id, read->records).ok()) return s;
    xb::transfer::TransferOptions t;
    t.plan_path = kExample + "/transfer/hr/plan.yaml";
    t.out_dir = s.dir + "/package-hr";
    t.db_path = db;
    t.key_path = key_path;
    t.threads = 1;
    auto outcome = xb::transfer::RunTransfer(t);
    s.ok = outcome.ok() && outcome->status == xb::transfer::TransferStatus::kCompleted;
    return s;
  }();
  return setup;
}

xb::report::ReportOptions Options(const Setup& s, ReportKind kind, const std::string& out) {
  xb::report::ReportOptions o;
  o.kind = kind;
  o.out_dir = out;
  o.db_path = s.dir + "/xborder.db";
  o.key_path = s.dir + "/xborder.key";
  o.package_dir = s.dir + "/package-hr";
  if (kind == ReportKind::kBreach) {
    o.input = kExample + "/incident/incident.yaml";
  } else if (kind == ReportKind::kAnnual) {
    o.exporter = "Shanghai Huaxin Trading Co., Ltd.";
    o.year = 2026;
  } else {
    o.input = kExample + "/transfer/hr/plan.yaml";
  }
  return o;
}

constexpr ReportKind kKinds[] = {ReportKind::kPipia,      ReportKind::kScFiling,
                                 ReportKind::kAssessment, ReportKind::kCertification,
                                 ReportKind::kBreach,     ReportKind::kAnnual};

constexpr ReportKind kPlanKinds[] = {ReportKind::kPipia, ReportKind::kScFiling,
                                     ReportKind::kAssessment, ReportKind::kCertification};

// Every document of the example, both languages, all three formats: the four plan kinds from
// one gathering of the plan's facts (BuildPlanReports: one dry run), then breach and annual.
void BM_AllDocuments(benchmark::State& state) {
  Setup& s = Prepared();
  if (!s.ok) {
    state.SkipWithError("could not prepare the HR example");
    return;
  }
  int round = 0;
  size_t files = 0;
  for (auto _ : state) {
    std::string out = s.dir + "/docs-" + std::to_string(round++);
    auto options = Options(s, ReportKind::kPipia, out);
    auto built = xb::report::BuildPlanReports(options, kPlanKinds);
    if (!built.ok()) {
      state.SkipWithError(built.error().ToString().c_str());
      return;
    }
    for (const auto& report : *built) {
      auto outcome = xb::report::WriteReport(report, options);
      if (!outcome.ok()) {
        state.SkipWithError(outcome.error().ToString().c_str());
        return;
      }
      files += outcome->files.size();
    }
    for (ReportKind kind : {ReportKind::kBreach, ReportKind::kAnnual}) {
      auto outcome = xb::report::GenerateReport(Options(s, kind, out));
      if (!outcome.ok()) {
        state.SkipWithError(outcome.error().ToString().c_str());
        return;
      }
      files += outcome->files.size();
    }
    state.PauseTiming();
    fs::remove_all(out);
    state.ResumeTiming();
  }
  state.counters["files_per_iteration"] = static_cast<double>(files) / state.iterations();
  state.counters["peak_rss_MB"] = PeakRssMb();
}
BENCHMARK(BM_AllDocuments)->MeasureProcessCPUTime()->Unit(benchmark::kMillisecond)->Iterations(3);

// The same through six separate GenerateReport calls, as six `xborder report` commands would
// (four dry runs instead of one).
void BM_AllDocumentsOneByOne(benchmark::State& state) {
  Setup& s = Prepared();
  if (!s.ok) {
    state.SkipWithError("could not prepare the HR example");
    return;
  }
  int round = 0;
  for (auto _ : state) {
    std::string out = s.dir + "/each-" + std::to_string(round++);
    for (ReportKind kind : kKinds) {
      auto outcome = xb::report::GenerateReport(Options(s, kind, out));
      if (!outcome.ok()) {
        state.SkipWithError(outcome.error().ToString().c_str());
        return;
      }
    }
    state.PauseTiming();
    fs::remove_all(out);
    state.ResumeTiming();
  }
  state.counters["peak_rss_MB"] = PeakRssMb();
}
BENCHMARK(BM_AllDocumentsOneByOne)
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

// One kind at a time, to see where the time goes.
void BM_OneKind(benchmark::State& state) {
  Setup& s = Prepared();
  if (!s.ok) {
    state.SkipWithError("could not prepare the HR example");
    return;
  }
  ReportKind kind = kKinds[state.range(0)];
  state.SetLabel(xb::report::ReportKindName(kind));
  int round = 0;
  for (auto _ : state) {
    std::string out = s.dir + "/one-" + std::to_string(round++);
    auto outcome = xb::report::GenerateReport(Options(s, kind, out));
    if (!outcome.ok()) {
      state.SkipWithError(outcome.error().ToString().c_str());
      return;
    }
    state.PauseTiming();
    fs::remove_all(out);
    state.ResumeTiming();
  }
  state.counters["peak_rss_MB"] = PeakRssMb();
}
BENCHMARK(BM_OneKind)->DenseRange(0, 5)->Unit(benchmark::kMillisecond)->Iterations(3);

// The same kind split in two: gathering the facts (dry run, ledger, rules) and building the
// documents, then rendering and recording them.
void BM_BuildThenWrite(benchmark::State& state) {
  Setup& s = Prepared();
  if (!s.ok) {
    state.SkipWithError("could not prepare the HR example");
    return;
  }
  ReportKind kind = kKinds[state.range(0)];
  bool write = state.range(1) == 1;
  state.SetLabel(std::string(xb::report::ReportKindName(kind)) + (write ? " write" : " build"));
  auto options = Options(s, kind, s.dir + "/split");
  auto built = xb::report::BuildReport(options);
  if (!built.ok()) {
    state.SkipWithError(built.error().ToString().c_str());
    return;
  }
  for (auto _ : state) {
    if (write) {
      auto outcome = xb::report::WriteReport(*built, options);
      benchmark::DoNotOptimize(outcome.ok());
    } else {
      auto again = xb::report::BuildReport(options);
      benchmark::DoNotOptimize(again.ok());
    }
  }
}
BENCHMARK(BM_BuildThenWrite)
    ->ArgsProduct({{0, 5}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
