// Full-scan throughput of `xborder scan` on a realistic CSV (~20 columns of the detector kinds,
// every value classified, exact distinct count), on one core and on all cores, with peak memory;
// plus the reader alone and the classifier alone, so each can be tuned on its own.
//
//   XB_SCAN_BENCH_MB=256 ./build/bench/scan_bench      # generates /tmp/xborder_scan_bench.csv once
//
// Figures go to BENCHMARKS.md "Scan".
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/locations.h"
#include "detect/column_classifier.h"
#include "detect/text/text_detector.h"
#include "io/block_reader.h"
#include "io/csv_syntax.h"
#include "scan/dataset_scanner.h"
#include "synthetic_people.h"

namespace {

std::string BenchFile() {
  const char* mb_env = std::getenv("XB_SCAN_BENCH_MB");
  uint64_t mb = mb_env != nullptr ? std::strtoull(mb_env, nullptr, 10) : 256;
  std::string path = "/tmp/xborder_scan_bench_" + std::to_string(mb) + "mb.csv";
  std::error_code ec;
  if (std::filesystem::file_size(path, ec) >= (mb << 20) && !ec) return path;
  auto regions = xb::synth::LoadRegions(xb::SourceTreeDir() + "/data");
  xb::synth::PeopleFactory f(7, regions);
  std::ofstream out(path + ".tmp", std::ios::binary | std::ios::trunc);
  std::string chunk = xb::synth::CsvLine(xb::synth::BenchHeader());
  uint64_t written = 0;
  for (uint64_t i = 0; written < (mb << 20); ++i) {
    chunk += xb::synth::CsvLine(xb::synth::BenchRow(f, i));
    if (chunk.size() >= (1 << 20)) {
      out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      written += chunk.size();
      chunk.clear();
    }
  }
  out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  out.close();
  std::filesystem::rename(path + ".tmp", path);
  return path;
}

const std::string& File() {
  static const std::string path = BenchFile();
  return path;
}

int64_t FileBytes() { return static_cast<int64_t>(std::filesystem::file_size(File())); }

const xb::ColumnClassifier& Classifier() {
  static auto classifier = xb::ColumnClassifier::Create();
  if (!classifier.ok()) std::abort();
  return **classifier;
}

// User + system CPU seconds of the whole process (every thread).
double ProcessCpuSeconds() {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double PeakRssMb() {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

const xb::TextDetector& Detector() {
  static auto detector = xb::TextDetector::Create();
  if (!detector.ok()) std::abort();
  return **detector;
}

// The whole scan: read, split, classify every cell, count distinct individuals; with
// range(1) != 0 also the text detector over free-text cells (what `xborder scan` does by
// default; range(1) == 0 is `--no-text`).
void BM_Scan(benchmark::State& state) {
  const xb::ColumnClassifier& classifier = Classifier();
  File();
  xb::scan::ScanOptions options;
  options.threads = static_cast<int>(state.range(0));
  if (state.range(1) != 0) options.text_detector = &Detector();
  options.key = xb::KeyFromBytes(std::array<uint8_t, 32>{1});
  uint64_t individuals = 0;
  const double cpu_before = ProcessCpuSeconds();
  for (auto _ : state) {
    auto profile = xb::scan::ScanDataset(File(), classifier, options);
    if (!profile.ok()) {
      state.SkipWithError(profile.error().ToString().c_str());
      return;
    }
    individuals = profile->individuals.value_or(0);
  }
  const double cpu = ProcessCpuSeconds() - cpu_before;
  state.SetBytesProcessed(state.iterations() * FileBytes());
  // Throughput per CPU-second of all threads: the per-core figure, robust to a shared machine.
  state.counters["MB_per_cpu_s"] =
      static_cast<double>(state.iterations() * FileBytes()) / 1e6 / cpu;
  state.counters["individuals"] = static_cast<double>(individuals);
  state.counters["peak_rss_MB"] = PeakRssMb();
}
BENCHMARK(BM_Scan)
    ->ArgNames({"threads", "text"})
    ->Args({1, 0})
    ->Args({1, 1})
    ->Args({static_cast<int64_t>(std::max(2u, std::thread::hardware_concurrency())), 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(2);

// Reader only: block reads, record boundaries, UTF-8 validation (the reading thread's work).
void BM_ReadBlocks(benchmark::State& state) {
  File();  // generate outside the timing
  for (auto _ : state) {
    auto reader = xb::io::BlockReader::Open(File(), {});
    xb::io::RecordBlock block;
    while (true) {
      auto more = (*reader)->Next(&block);
      if (!more.ok() || !*more) break;
    }
  }
  state.SetBytesProcessed(state.iterations() * FileBytes());
}
BENCHMARK(BM_ReadBlocks)->Unit(benchmark::kMillisecond)->Iterations(2);

// Reader and field splitting, no classification: the cost a worker pays before AddCell.
void BM_ReadAndSplit(benchmark::State& state) {
  File();
  uint64_t fields_seen = 0;
  for (auto _ : state) {
    auto reader = xb::io::BlockReader::Open(File(), {});
    xb::io::RecordBlock block;
    std::vector<std::string_view> fields;
    while (true) {
      auto more = (*reader)->Next(&block);
      if (!more.ok() || !*more) break;
      char* p = block.data.data();
      char* end = p + block.data.size();
      while (p < end) {
        int newlines = 0;
        p = xb::io::ParseCsvRecord(p, end, ',', &fields, &newlines);
        fields_seen += fields.size();
      }
    }
  }
  benchmark::DoNotOptimize(fields_seen);
  state.SetBytesProcessed(state.iterations() * FileBytes());
}
BENCHMARK(BM_ReadAndSplit)->Unit(benchmark::kMillisecond)->Iterations(2);

// Classifier only: AddCell over 32 MiB of already split rows held in memory.
void BM_ClassifyCells(benchmark::State& state) {
  const xb::ColumnClassifier& classifier = Classifier();
  auto reader = xb::io::BlockReader::Open(File(), {});
  std::vector<xb::io::RecordBlock> blocks;
  std::vector<std::vector<std::string_view>> rows;
  size_t bytes = 0;
  std::vector<std::string_view> fields;
  blocks.reserve(64);
  while (bytes < (32u << 20)) {
    blocks.emplace_back();
    auto more = (*reader)->Next(&blocks.back());
    if (!more.ok() || !*more) break;
    bytes += blocks.back().data.size();
    char* p = blocks.back().data.data();
    char* end = p + blocks.back().data.size();
    while (p < end) {
      int newlines = 0;
      p = xb::io::ParseCsvRecord(p, end, ',', &fields, &newlines);
      rows.push_back(fields);
    }
  }
  rows.erase(rows.begin());  // header
  std::vector<xb::ColumnStats> stats(rows.front().size());
  for (auto _ : state) {
    for (const auto& row : rows) {
      for (size_t i = 0; i < row.size() && i < stats.size(); ++i) {
        classifier.AddCell(row[i], &stats[i]);
      }
    }
  }
  benchmark::DoNotOptimize(stats.data());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes));
}
BENCHMARK(BM_ClassifyCells)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
