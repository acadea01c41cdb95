// The year-to-date volume thresholds the monitor watches, read from the rule packs in force
// (never copied into code): every decision rule's comparison of "history.<x>_ytd + data.<x>"
// with a constant (rules::Condition::CountBounds). For the PRC packs of 2024 that is 100,000
// and 1,000,000 individuals, and 1 and 10,000 individuals with sensitive PI (Provisions 2024
// Arts. 5(4), 7(2), 8), each with the rules that use it.
#ifndef XBORDER_MONITOR_THRESHOLDS_H_
#define XBORDER_MONITOR_THRESHOLDS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_date.h"
#include "rules/rule_pack.h"

namespace xb::monitor {

struct VolumeThreshold {
  bool sensitive = false;  // counts individuals with sensitive PI
  int64_t value = 0;       // reached when the distinct count is >= value
  std::string rule;        // the first rule (by precedence) comparing with it
  std::string citation;
  size_t rank = 0;  // that rule's place in the rule set: the smaller decides first
  // What that rule decides: the mechanisms it requires (empty unless mechanism_required).
  std::vector<std::string> mechanisms;
};

// Thresholds of `jurisdiction` ("CN", "EU") on `date`, sorted by (sensitive, value), each once.
std::vector<VolumeThreshold> ThresholdsInForce(const rules::RuleSet& rules,
                                               std::string_view jurisdiction, CivilDate date);

// What a flow that has no decision of its own (a registered flow with no completed transfer
// behind it) needs at the exporter's year-to-date figures: the mechanisms of the first rule, by
// precedence, among the mechanism rules whose thresholds the figures reach. nullptr when none
// is reached. It reads only the rules' volume conditions: their other facts (a CIIO, important
// data, a scenario exemption) need a decision, which `xborder transfer` records.
const VolumeThreshold* MechanismsNeeded(const std::vector<VolumeThreshold>& thresholds,
                                        int64_t individuals, int64_t sensitive_individuals);

}  // namespace xb::monitor

#endif  // XBORDER_MONITOR_THRESHOLDS_H_
