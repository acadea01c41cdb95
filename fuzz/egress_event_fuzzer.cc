// Fuzzes the egress-event parser (src/monitor): any bytes give an event or a malformed kind, and
// a parser that saw bad input still reads a good event correctly.
#include <string>

#include "fuzz/fuzz_target.h"
#include "monitor/egress_event.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  static xb::monitor::EventParser parser;
  xb::monitor::EgressEvent event;
  auto bad = parser.Parse(std::string_view(reinterpret_cast<const char*>(data), size), &event);
  (void)bad;
  static const std::string kGood =
      R"({"time":"2026-11-25T10:00Z","exporter":"A","recipient":"B","purpose":"analytics"})";
  if (parser.Parse(kGood, &event).has_value() || event.exporter != "A") __builtin_trap();
  return 0;
}
