// Fuzzes the free-text detector on arbitrary bytes: Detect() must never crash or fail, and every
// finding must be a non-empty, in-bounds, ordered, non-overlapping span whose code-point offsets
// agree with its byte offsets.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "core/utf8.h"
#include "detect/text/text_detector.h"
#include "fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const xb::TextDetector* detector = [] {
    auto created = xb::TextDetector::Create();
    if (!created.ok()) __builtin_trap();
    return created->release();
  }();
  if (size > 1 << 16) return 0;  // long inputs add time, not coverage
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<xb::TextFinding> findings;
  if (!detector->Detect(text, &findings).ok()) __builtin_trap();  // memory is not short here
  uint32_t previous_end = 0;
  for (const xb::TextFinding& f : findings) {
    if (f.start >= f.end || f.start < previous_end) __builtin_trap();
    if (f.byte_start >= f.byte_end || f.byte_end > size) __builtin_trap();
    if (xb::utf8::CountCodePoints(text.substr(0, f.byte_start)) != f.start) __builtin_trap();
    if (xb::utf8::CountCodePoints(text.substr(0, f.byte_end)) != f.end) __builtin_trap();
    if (f.score < 0 || f.score > 1) __builtin_trap();
    previous_end = f.end;
  }
  return 0;
}
