// Fuzzes the transfer-plan reader: any bytes give a Plan or an Error with a location.
#include <string>
#include <vector>

#include "fuzz/fuzz_target.h"
#include "rules/plan.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  static const xb::rules::CountryCodes countries =
      xb::rules::CountryCodes::FromList({"DE", "US", "CN"});
  std::vector<xb::rules::PlanWarning> warnings;
  auto plan = xb::rules::ParsePlan(std::string(reinterpret_cast<const char*>(data), size),
                                   "fuzz.yaml", &countries, &warnings);
  (void)plan.ok();
  return 0;
}
