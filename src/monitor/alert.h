// An alert (DESIGN.md §12, "Monitoring"): printed as one JSON line, appended to the ledger as an
// entry of "type": "alert", and optionally posted to a webhook.
//
//   {"time", "kind", "severity", "exporter", "recipient", "detail", "event_ref"}
//   plus, where they apply: "purpose", "country", "rule", "citation".
//
// `kind` is one of kAlertKinds. `detail` says what was found in words, with counts, categories,
// dates and thresholds; never a subject, and a registered individual recipient only by label.
#ifndef XBORDER_MONITOR_ALERT_H_
#define XBORDER_MONITOR_ALERT_H_

#include <array>
#include <string>
#include <string_view>

namespace xb::monitor {

inline constexpr std::array<std::string_view, 7> kAlertKinds = {
    "unplanned_flow",        "categories_beyond_plan", "restricted_recipient", "mechanism_invalid",
    "threshold_approaching", "threshold_crossed",      "volume_anomaly"};

struct Alert {
  std::string time;  // the event's time, to the minute, with its offset
  std::string kind;
  std::string severity;  // critical | high | medium
  std::string exporter;
  std::string recipient;
  std::string purpose;
  std::string country;
  std::string detail;
  std::string event_ref;  // "<source>#<sequence>": where the event that raised it is
  std::string rule;       // the rule behind a threshold, when there is one
  std::string citation;
};

// One line of JSON (no newline).
std::string AlertToJson(const Alert& alert);
// The ledger entry: the alert with "type": "alert" and the consumer that raised it.
std::string AlertEntryJson(const Alert& alert, std::string_view consumer);

}  // namespace xb::monitor

#endif  // XBORDER_MONITOR_ALERT_H_
