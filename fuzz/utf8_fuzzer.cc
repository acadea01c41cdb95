// Fuzzes the UTF-8 helpers: every function must be total on arbitrary bytes, and validation must
// agree with decoding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/utf8.h"
#include "fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  size_t invalid = xb::utf8::FindInvalid(bytes);
  size_t i = 0;
  bool all_valid = true;
  while (i < bytes.size()) {
    auto d = xb::utf8::DecodeOne(bytes.substr(i));
    if (!d.valid && all_valid) {
      all_valid = false;
      if (invalid != i) __builtin_trap();
    }
    i += d.length;
  }
  if (all_valid != (invalid == std::string_view::npos)) __builtin_trap();
  (void)xb::utf8::FoldFullWidth(bytes);
  (void)xb::utf8::CountCodePoints(bytes);
  return 0;
}
