// Fuzzes the recipient file reader (src/registry): any bytes give a Recipient or an Error with
// a location; a parsed recipient's public record reads back.
#include <string>

#include "fuzz/fuzz_target.h"
#include "registry/recipient.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  static const xb::rules::CountryCodes countries =
      xb::rules::CountryCodes::FromList({"DE", "US", "CN"});
  auto r = xb::registry::ParseRecipient(std::string(reinterpret_cast<const char*>(data), size),
                                        "fuzz.yaml", &countries);
  if (r.ok()) {
    auto back = xb::registry::RecipientFromPublicJson(xb::registry::PublicJson(*r), "fuzz");
    if (!back.ok()) __builtin_trap();
  }
  return 0;
}
