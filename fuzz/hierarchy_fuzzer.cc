// Fuzzes the ARX hierarchy parser: any bytes either parse into a consistent tree or give an error
// value; a parsed hierarchy's parent maps agree with its leaf labels at every level.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_target.h"
#include "protect/hierarchy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;  // larger inputs exercise nothing new
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto h = xb::protect::Hierarchy::ParseCsv(text, "fuzz.csv");
  if (!h.ok()) return 0;
  for (uint32_t leaf = 0; leaf < h->domain_size(); ++leaf) {
    for (int from = 0; from < h->height(); ++from) {
      const uint32_t label = h->LabelOf(from, leaf);
      if (label >= h->label_count(from)) __builtin_trap();
      if (h->LeavesUnder(from, label) == 0) __builtin_trap();
      for (int to = from; to < h->height(); ++to) {
        if (h->Generalize(from, to, label) != h->LabelOf(to, leaf)) __builtin_trap();
      }
    }
    if (h->FindLeaf(h->label_text(0, leaf)) != leaf) __builtin_trap();
  }
  return 0;
}
