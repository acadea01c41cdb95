// Speed of free-text detection (issue 7 target: >= 200 MB/s per core with all detectors on) on
// the mixed Chinese/English sentences of the evaluation set (bench/quality/synthetic_dev.jsonl:
// tickets, HR and medical notes, chats, with entities in nearly every sentence), and on plain
// prose with few entities. Prints bytes/s and documents/s; never fails on speed.
#include <benchmark/benchmark.h>

#include <fstream>
#include <string>
#include <vector>

#include "core/locations.h"
#include "detect/text/text_detector.h"

namespace {

const xb::TextDetector& Detector() {
  static const xb::TextDetector* detector = [] {
    auto created = xb::TextDetector::Create();
    return created.ok() ? created->release() : nullptr;
  }();
  return *detector;
}

// The "text" field of each labelled example (the evaluation set has no escapes beyond \").
std::vector<std::string> EvaluationSentences() {
  std::vector<std::string> lines;
  std::ifstream in(xb::SourceTreeDir() + "/bench/quality/synthetic_dev.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    size_t start = line.find("\"text\":\"");
    if (start == std::string::npos) continue;
    start += 8;
    size_t end = line.rfind("\"}");
    if (end != std::string::npos && end > start) lines.push_back(line.substr(start, end - start));
  }
  return lines;
}

std::vector<std::string> ProseSentences() {
  const std::vector<std::string> units = {
      "今天的例会讨论了第三季度的销售目标，大家一致认为需要加强线上渠道的推广力度。",
      "The quarterly review covered the roadmap, hiring plans and the budget for next year.",
      "会议纪要已经上传到共享文件夹，请各部门负责人在周五之前确认并反馈意见。",
      "Please remember to submit your expense reports before the end of the month.",
  };
  std::vector<std::string> lines;
  for (int i = 0; i < 1000; ++i)
    lines.push_back(units[i % units.size()] + units[(i + 1) % units.size()]);
  return lines;
}

void Run(benchmark::State& state, const std::vector<std::string>& lines) {
  std::vector<xb::TextFinding> findings;
  int64_t bytes = 0, found = 0;
  for (const std::string& l : lines) bytes += static_cast<int64_t>(l.size());
  for (auto _ : state) {
    for (const std::string& l : lines) {
      if (!Detector().Detect(l, &findings).ok()) state.SkipWithError("Detect failed");
      found += static_cast<int64_t>(findings.size());
    }
  }
  state.SetBytesProcessed(state.iterations() * bytes);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(lines.size()));
  state.counters["findings/doc"] =
      static_cast<double>(found) / static_cast<double>(state.iterations() * lines.size());
}

void BM_DetectEvaluationSentences(benchmark::State& state) {
  static const std::vector<std::string> lines = EvaluationSentences();
  Run(state, lines);
}
BENCHMARK(BM_DetectEvaluationSentences)->Unit(benchmark::kMillisecond);

void BM_DetectProse(benchmark::State& state) {
  static const std::vector<std::string> lines = ProseSentences();
  Run(state, lines);
}
BENCHMARK(BM_DetectProse)->Unit(benchmark::kMillisecond);

// The same sentences joined into 64 KiB documents (a log file, a long e-mail thread, a
// remarks column dumped as one text): per-call setup is amortised, which shows the
// steady-state throughput of the pattern pass and the recognisers.
void BM_DetectLongDocuments(benchmark::State& state) {
  static const std::vector<std::string> lines = [] {
    std::vector<std::string> docs(1);
    for (const std::string& s : EvaluationSentences()) {
      if (docs.back().size() > (64 << 10)) docs.emplace_back();
      docs.back() += s;
      docs.back() += ' ';
    }
    return docs;
  }();
  Run(state, lines);
}
BENCHMARK(BM_DetectLongDocuments)->Unit(benchmark::kMillisecond);

void BM_CreateDetector(benchmark::State& state) {
  for (auto _ : state) {
    auto created = xb::TextDetector::Create();
    benchmark::DoNotOptimize(created.ok());
  }
}
BENCHMARK(BM_CreateDetector)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
