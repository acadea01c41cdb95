// Fuzzes the protection policy parser (YAML): any bytes give a policy or an error value with the
// file named, never an exception or a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_target.h"
#include "protect/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto policy = xb::protect::ParsePolicy(text, "/fuzz/policy.yaml");
  if (!policy.ok()) {
    if (policy.error().where.file != "/fuzz/policy.yaml") __builtin_trap();
    return 0;
  }
  if (policy->model.k < 1) __builtin_trap();
  if (!(policy->model.suppression_limit >= 0 && policy->model.suppression_limit <= 1)) {
    __builtin_trap();
  }
  for (const auto& q : policy->quasi_identifiers) {
    if (!q.hierarchy_file.empty() && q.hierarchy_file[0] != '/') __builtin_trap();
  }
  return 0;
}
