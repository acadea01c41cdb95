// Baseline figures for the byte-level helpers every detector builds on.
#include <benchmark/benchmark.h>

#include <string>

#include "core/utf8.h"

namespace {

std::string MixedText(size_t bytes) {
  const std::string unit = "客户张伟的手机号码是13800138000，邮箱 zhang.wei@example.com。";
  std::string s;
  while (s.size() < bytes) s += unit;
  return s;
}

void BM_Utf8Validate(benchmark::State& state) {
  std::string text = MixedText(1 << 20);
  for (auto _ : state) benchmark::DoNotOptimize(xb::utf8::FindInvalid(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_Utf8Validate);

}  // namespace

BENCHMARK_MAIN();
