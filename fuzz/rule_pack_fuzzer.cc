// Fuzzes the rule-pack loader: any bytes must give a RuleSet or an Error, never a crash.
#include <string>

#include "fuzz/fuzz_target.h"
#include "rules/rule_pack.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  auto set = xb::rules::RuleSet::LoadSources({{"fuzz.yaml", text}});
  if (set.ok()) {
    // Evaluate every compiled condition once on unknown facts.
    xb::rules::FactVector facts;
    for (int i = 0; i < xb::rules::kNumFacts; ++i) facts[i] = set->model().Unknown(i);
    for (const auto& r : set->rules()) (void)r.when.Evaluate(facts);
  }
  return 0;
}
