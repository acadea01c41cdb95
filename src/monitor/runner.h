// The monitor's loop (`xborder monitor`): events from a source, through the Monitor, alerts to
// the ledger and the sinks, progress to the state store, acknowledgements to the source.
//
// Events are applied in batches. A batch is committed at least every commit_interval (and when
// the source ends or goes idle), in this order:
//   1. its alerts are appended to the ledger as "alert" entries, in one append;
//   2. they are handed to the sinks (stdout, webhook);
//   3. the monitor's changes and the last sequence applied are committed to the state store, in
//      one transaction;
//   4. the source is told the batch is done (JetStream: the messages are acknowledged).
// A crash anywhere leaves a consistent state: before 3, the events come again and are applied
// again from the last committed state, and the alerts already in the ledger (found after the
// committed ledger size, by kind and event reference) are not appended twice; they may be
// printed or posted again (at least once to the sinks, exactly once in the ledger). After 3,
// redelivered events are at or below the committed sequence and are skipped.
//
// Without a consumer name nothing is stored: a run starts from the ledger alone, and an alert
// the ledger already holds from an earlier run without a consumer (same kind and event
// reference) is delivered to the sinks but not appended again.
//
// Malformed events are counted by kind (kept with the position), reported through `diagnose`
// the first time each kind is met in a run with the event's reference (never its content),
// and skipped.
#ifndef XBORDER_MONITOR_RUNNER_H_
#define XBORDER_MONITOR_RUNNER_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "ledger/ledger.h"
#include "monitor/alert.h"
#include "monitor/event_source.h"
#include "monitor/monitor.h"
#include "monitor/monitor_state.h"

namespace xb::monitor {

// Receives every alert after it is in the ledger. Called on the runner's thread.
class AlertSink {
 public:
  virtual ~AlertSink() = default;
  virtual void Deliver(const Alert& alert) = 0;
};

struct RunnerOptions {
  std::string consumer;  // state is stored under this name; empty: nothing stored
  size_t batch = 1000;
  std::chrono::milliseconds commit_interval{100};
  std::optional<std::chrono::milliseconds> until_idle;  // stop after this long without events
  std::chrono::milliseconds refresh_interval{5000};     // re-read the ledger and the registry
  bool record_alerts = true;                            // append alerts to the ledger
  const std::atomic<bool>* stop = nullptr;              // set to stop at the next batch
};

struct RunSummary {
  MonitorPosition position;  // as last committed
  uint64_t events_this_run = 0;
  uint64_t skipped_as_applied = 0;  // redelivered events at or below the committed sequence
  uint64_t alerts = 0;
  // Found in the ledger (after a crash, or from an earlier run without a consumer), not
  // appended again.
  uint64_t alerts_already_recorded = 0;
  uint64_t commits = 0;
};

using Diagnose = std::function<void(const std::string& message)>;

// Whether `consumer`, last committed at `position`, may resume on an input of `identity`
// (EventSource::identity). Errors (kInvalidArgument, naming the consumer): the input cannot be
// resumed (stdin), or it is not the one the position counts along (a new or rotated file, another
// stream); resuming would skip the new input's first events as already applied.
Status CheckResumable(const std::optional<MonitorPosition>& position, const std::string& identity,
                      const std::string& consumer, const std::string& source_name);

// Errors: the source's, the ledger's and the store's (what was committed stays committed);
// CheckResumable's, before any event is read.
Result<RunSummary> RunMonitor(EventSource& source, Monitor& monitor, ledger::Ledger& ledger,
                              MonitorStateStore* store, const RunnerOptions& options,
                              const std::vector<AlertSink*>& sinks, const Diagnose& diagnose);

}  // namespace xb::monitor

#endif  // XBORDER_MONITOR_RUNNER_H_
