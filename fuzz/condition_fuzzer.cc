// Fuzzes the condition compiler and evaluator: any text compiles or fails cleanly; a compiled
// condition evaluates to true, false or unknown on arbitrary facts.
#include <cstring>
#include <string>

#include "fuzz/fuzz_target.h"
#include "rules/condition.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  static const xb::rules::FactModel model;
  // The first bytes (if any) seed the facts; the rest is the condition text.
  xb::rules::FactVector facts;
  for (int i = 0; i < xb::rules::kNumFacts; ++i) facts[i] = model.Unknown(i);
  size_t used = 0;
  for (int i = 0; i < xb::rules::kNumFacts && size - used > 8 && data[0] == '#'; ++i) {
    int64_t v;
    std::memcpy(&v, data + used + 1, sizeof v);
    if (v & 1) facts[i] = {v, v};
    used += 8;
  }
  std::string text(reinterpret_cast<const char*>(data + used), size - used);
  for (bool decision_facts : {false, true}) {
    auto c = xb::rules::Condition::Compile(text, model, {decision_facts});
    if (c.ok()) {
      xb::rules::Interval r = c->Evaluate(facts);
      if (r.lo < 0 || r.hi > 1 || r.lo > r.hi) __builtin_trap();
    }
  }
  return 0;
}
