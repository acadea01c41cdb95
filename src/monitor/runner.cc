#include "monitor/runner.h"

#include <nlohmann/json.hpp>
#include <set>

namespace xb::monitor {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::string_view kAlertType = "\"type\":\"alert\"";

// An alert already recorded: the same kind for the same event. The event's time joins its
// reference because a file is referred to by its base name only: two files of one name in
// two folders would otherwise share references.
std::string AlertKey(std::string_view kind, std::string_view event_ref, std::string_view time) {
  return std::string(kind) + "|" + std::string(event_ref) + "|" + std::string(time);
}

// Alerts this consumer appended after `from` (a run that crashed before committing).
Result<std::set<std::string>> RecordedAlerts(ledger::Ledger& ledger, uint64_t from,
                                             const std::string& consumer) {
  std::set<std::string> keys;
  XB_ASSIGN_OR_RETURN(ledger::TreeHead head, ledger.Head());
  for (uint64_t i = from; i < head.size; ++i) {
    XB_ASSIGN_OR_RETURN(std::string entry, ledger.Entry(i));
    if (entry.find(kAlertType) == std::string::npos) continue;
    auto j = nlohmann::json::parse(entry, nullptr, false);
    if (!j.is_object() || j.value("consumer", "") != consumer) continue;
    keys.insert(AlertKey(j.value("kind", ""), j.value("event_ref", ""), j.value("time", "")));
  }
  return keys;
}

}  // namespace

Status CheckResumable(const std::optional<MonitorPosition>& position, const std::string& identity,
                      const std::string& consumer, const std::string& source_name) {
  if (identity.empty()) {
    return InvalidArgument("monitor '" + consumer + "' cannot keep a position in " + source_name +
                               ": its line numbers start again on every run, so a restart would "
                               "skip new events as applied; give a file or a stream, or run "
                               "without --durable",
                           {"", 0, "--durable"});
  }
  if (position && !position->source.empty() && position->source != identity) {
    return InvalidArgument("monitor '" + consumer + "' committed event " +
                               std::to_string(position->last_sequence) + " of another input (" +
                               position->source + "), not " + source_name + " (" + identity +
                               "): a new or rotated file, or another stream; resuming would skip "
                               "its first events. Use another --durable name for this input",
                           {"", 0, "--durable"});
  }
  return Status::Ok();
}

namespace {

class Runner {
 public:
  Runner(EventSource& source, Monitor& monitor, ledger::Ledger& ledger, MonitorStateStore* store,
         const RunnerOptions& options, const std::vector<AlertSink*>& sinks,
         const Diagnose& diagnose)
      : source_(source),
        monitor_(monitor),
        ledger_(ledger),
        store_(options.consumer.empty() ? nullptr : store),
        options_(options),
        sinks_(sinks),
        diagnose_(diagnose) {}

  Result<RunSummary> Run() {
    XB_RETURN_IF_ERROR(Start());
    std::vector<RawEvent> batch;
    auto last_event = Clock::now();
    auto last_commit = Clock::now();
    auto last_refresh = Clock::now();
    bool dirty = false;  // applied or skipped events not yet committed and acknowledged
    while (true) {
      if (options_.stop && options_.stop->load()) break;
      auto wait = options_.commit_interval;
      if (!dirty) wait = std::chrono::milliseconds(250);
      XB_RETURN_IF_ERROR(source_.Next(options_.batch, wait, &batch));
      const auto now = Clock::now();
      if (!batch.empty()) {
        last_event = now;
        dirty = true;
        for (const RawEvent& raw : batch) XB_RETURN_IF_ERROR(Apply(raw));
      }
      if (dirty && (now - last_commit >= options_.commit_interval || source_.finished())) {
        XB_RETURN_IF_ERROR(Commit());
        last_commit = Clock::now();
        dirty = false;
      }
      if (source_.finished()) break;
      if (options_.until_idle && now - last_event >= *options_.until_idle) break;
      if (now - last_refresh >= options_.refresh_interval) {
        XB_RETURN_IF_ERROR(monitor_.Refresh());
        last_refresh = now;
      }
    }
    if (dirty) XB_RETURN_IF_ERROR(Commit());
    summary_.position = position_;
    return summary_;
  }

 private:
  Status Start() {
    if (!store_) {
      // No position to say what an earlier run recorded: the ledger's own alerts do.
      XB_ASSIGN_OR_RETURN(recorded_, RecordedAlerts(ledger_, 0, ""));
      return Status::Ok();
    }
    XB_ASSIGN_OR_RETURN(std::optional<MonitorPosition> position,
                        store_->LoadPosition(options_.consumer));
    XB_RETURN_IF_ERROR(
        CheckResumable(position, source_.identity(), options_.consumer, source_.name()));
    if (position) position_ = *position;
    position_.source = source_.identity();
    XB_RETURN_IF_ERROR(monitor_.Restore(*store_, options_.consumer));
    XB_ASSIGN_OR_RETURN(recorded_,
                        RecordedAlerts(ledger_, position_.ledger_size, options_.consumer));
    return Status::Ok();
  }

  Status Apply(const RawEvent& raw) {
    if (store_ && raw.sequence <= position_.last_sequence) {
      ++summary_.skipped_as_applied;
      return Status::Ok();
    }
    const std::string ref = source_.name() + "#" + std::to_string(raw.sequence);
    std::optional<Malformed> bad;
    if (raw.too_large) {
      bad = Malformed{MalformedKind::kTooLarge, ""};
    } else {
      bad = parser_.Parse(raw.text, &event_);
    }
    position_.last_sequence = raw.sequence;
    if (bad) {
      const size_t k = static_cast<size_t>(bad->kind);
      ++position_.malformed[k];
      if (!reported_[k]) {
        reported_[k] = true;
        diagnose_("event " + ref + " is malformed (" + MalformedKindName(bad->kind) +
                  (bad->field.empty() ? "" : ", field '" + bad->field + "'") +
                  "); skipped. Further malformed events of this kind are counted, not reported.");
      }
      return Status::Ok();
    }
    ++position_.events;
    ++summary_.events_this_run;
    return monitor_.Apply(event_, ref, &pending_);
  }

  Status Commit() {
    std::vector<std::string> entries;
    for (const Alert& a : pending_) {
      if (recorded_.count(AlertKey(a.kind, a.event_ref, a.time))) {
        ++summary_.alerts_already_recorded;
        continue;
      }
      entries.push_back(AlertEntryJson(a, options_.consumer));
    }
    if (options_.record_alerts && !entries.empty()) {
      XB_ASSIGN_OR_RETURN(ledger::AppendResult appended, ledger_.Append(entries));
      (void)appended;
    }
    for (const Alert& a : pending_) {
      for (AlertSink* sink : sinks_) sink->Deliver(a);
    }
    summary_.alerts += pending_.size();
    pending_.clear();
    StateDelta delta;
    monitor_.TakeChanges(&delta);
    XB_ASSIGN_OR_RETURN(ledger::TreeHead head, ledger_.Head());
    position_.ledger_size = head.size;
    delta.position = position_;
    if (store_) XB_RETURN_IF_ERROR(store_->Commit(options_.consumer, delta));
    XB_RETURN_IF_ERROR(source_.Acknowledge());
    ++summary_.commits;
    return Status::Ok();
  }

  EventSource& source_;
  Monitor& monitor_;
  ledger::Ledger& ledger_;
  MonitorStateStore* store_;
  const RunnerOptions& options_;
  const std::vector<AlertSink*>& sinks_;
  const Diagnose& diagnose_;
  MonitorPosition position_;
  RunSummary summary_;
  std::set<std::string> recorded_;
  std::vector<Alert> pending_;
  EventParser parser_;
  EgressEvent event_;
  std::array<bool, kMalformedKinds> reported_{};
};

}  // namespace

Result<RunSummary> RunMonitor(EventSource& source, Monitor& monitor, ledger::Ledger& ledger,
                              MonitorStateStore* store, const RunnerOptions& options,
                              const std::vector<AlertSink*>& sinks, const Diagnose& diagnose) {
  Runner runner(source, monitor, ledger, store, options, sinks, diagnose);
  return runner.Run();
}

}  // namespace xb::monitor
