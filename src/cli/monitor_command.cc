// `xborder monitor`: watches egress events and raises alerts (DESIGN.md §12, "Monitoring";
// docs/monitor.md).
//
//   xborder monitor --source FILE|-|nats://HOST:PORT/STREAM [--durable NAME] [--partition P]
//                   [--until-idle SECONDS] [--webhook URL] [--rules DIR]
//   xborder monitor --publish nats://HOST:PORT/STREAM --source FILE|- [--partitions N]
//   xborder monitor status [--durable NAME]
//
// Alerts are printed one JSON object per line on stdout as they are committed, appended to the
// ledger as "alert" entries, and posted to the webhook when one is given. Progress and the
// malformed-event reports go to stderr. SIGINT or SIGTERM stops the monitor after committing
// what it applied.
//
// Exit codes: 0 no alert was raised (or published, or status printed); 1 alerts were raised;
// --publish: 2 when a line was too large to publish (each named by line on stderr);
// 2 bad input, an unreachable NATS server, a storage fault.
#include <signal.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/command.h"
#include "cli/output.h"
#include "core/key_file.h"
#include "detect/column_classifier.h"
#include "detect/subject_hasher.h"
#include "ledger/open_ledger.h"
#include "monitor/egress_event.h"
#include "monitor/exporter_key.h"
#include "monitor/flow_index.h"
#include "monitor/monitor.h"
#include "monitor/monitor_state.h"
#include "monitor/nats_source.h"
#include "monitor/runner.h"
#include "monitor/webhook.h"
#include "registry/open_registry.h"
#include "rules/engine.h"
#include "rules/locate.h"
#include "taxonomy/taxonomy.h"
#include "transfer/mechanism.h"

namespace xb::cli {
namespace {

using nlohmann::json;

struct MonitorArgs {
  std::string source;
  std::string publish;
  std::string durable;
  std::string partition;
  int partitions = 1;
  double until_idle = -1;
  std::string webhook;
  std::string rules_dir;
  int connect_attempts = 5;
};

std::atomic<bool> g_stop{false};

void OnSignal(int) { g_stop.store(true); }

class StdoutSink final : public monitor::AlertSink {
 public:
  void Deliver(const monitor::Alert& alert) override {
    std::string line = monitor::AlertToJson(alert) + "\n";
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
  }
};

bool IsNats(const std::string& source) { return source.rfind("nats://", 0) == 0; }

monitor::NatsOptions NatsOptionsFrom(const MonitorArgs& args) {
  monitor::NatsOptions o;
  o.durable = args.durable;
  o.partition = args.partition;
  o.connect_attempts = args.connect_attempts;
  return o;
}

int RunPublish(const GlobalOptions& global, const MonitorArgs& args) {
  if (args.source.empty() || IsNats(args.source)) {
    return ReportError(InvalidArgument("--publish takes the events from --source FILE (or '-')",
                                       {"", 0, "--source"}));
  }
  auto address = monitor::ParseNatsUrl(args.publish);
  if (!address.ok()) return ReportError(address.error());
  auto report = monitor::PublishEvents(*address, args.source, std::max(1, args.partitions),
                                       NatsOptionsFrom(args));
  if (!report.ok()) return ReportError(report.error());
  // Lines left out are bad input: named by line on stderr (never their content), counted.
  const std::string source = args.source == "-" ? "stdin" : args.source;
  for (uint64_t line : report->too_large_lines) {
    std::fprintf(stderr, "xborder: %s#%llu is too large (over %zu bytes); not published\n",
                 source.c_str(), static_cast<unsigned long long>(line), monitor::kMaxEventBytes);
  }
  if (report->too_large > report->too_large_lines.size()) {
    std::fprintf(
        stderr, "xborder: %llu more lines are too large; not published\n",
        static_cast<unsigned long long>(report->too_large - report->too_large_lines.size()));
  }
  json j = {{"stream", address->stream},
            {"published", report->published},
            {"first_sequence", report->first_sequence},
            {"last_sequence", report->last_sequence},
            {"too_large", report->too_large}};
  const int shown = EmitResult(
      global, global.ResolvedFormat() == OutputFormat::kJson
                  ? j.dump() + "\n"
                  : "published " + std::to_string(report->published) + " events to " +
                        address->stream + " (sequences " + std::to_string(report->first_sequence) +
                        ".." + std::to_string(report->last_sequence) + ")" +
                        (report->too_large ? "; " + std::to_string(report->too_large) +
                                                 " too large, not published"
                                           : "") +
                        "\n");
  return shown != kExitOk ? shown : report->too_large > 0 ? kExitBadInput : kExitOk;
}

// Everything a run needs, opened in order; members are destroyed in reverse.
struct MonitorSetup {
  SecretKey key;
  std::unique_ptr<rules::RulesContext> rules;
  Taxonomy taxonomy;
  std::unique_ptr<ColumnClassifier> classifier;
  std::unique_ptr<SubjectHasher> hasher;
  std::unique_ptr<monitor::ExporterKeys> exporter_keys;
  std::unique_ptr<ledger::Ledger> ledger;
  std::unique_ptr<registry::Registry> registry;
  std::unique_ptr<monitor::MonitorStateStore> state;
  std::unique_ptr<monitor::Monitor> monitor;
};

Status Setup(const GlobalOptions& global, const MonitorArgs& args, MonitorSetup* s) {
  XB_ASSIGN_OR_RETURN(s->key, LoadOrCreateKey(global.ResolvedKeyFile()));
  XB_ASSIGN_OR_RETURN(s->rules, rules::LoadRulesContext(args.rules_dir));
  XB_ASSIGN_OR_RETURN(s->taxonomy, Taxonomy::LoadDefault(s->rules->data_dir));
  ClassifierOptions classifier_options;
  classifier_options.data_dir = s->rules->data_dir;
  XB_ASSIGN_OR_RETURN(s->classifier, ColumnClassifier::Create(classifier_options));
  s->hasher = std::make_unique<SubjectHasher>(s->key, *s->classifier);
  s->exporter_keys = std::make_unique<monitor::ExporterKeys>(s->key);
  XB_ASSIGN_OR_RETURN(s->ledger, ledger::OpenLedgerFile(global.db, global.ResolvedKeyFile(),
                                                        ledger::LedgerAccess::kAppend));
  XB_RETURN_IF_ERROR(s->ledger->CheckTail());
  XB_ASSIGN_OR_RETURN(s->registry, registry::OpenRegistry(*s->ledger, global.db, true));
  if (!args.durable.empty()) {
    XB_ASSIGN_OR_RETURN(s->state, monitor::OpenSqliteMonitorState(
                                      global.db, ledger::SqliteAccess::kCreate, *s->exporter_keys));
  }
  monitor::MonitorInputs in;
  in.ledger = s->ledger.get();
  in.registry = s->registry.get();
  in.rules = &s->rules->rules;
  in.taxonomy = &s->taxonomy;
  in.hasher = s->hasher.get();
  in.exporter_keys = s->exporter_keys.get();
  monitor::MonitorOptions options;
  // A mechanism held without a stated expiry lasts as long as the law gives it (the transfer
  // pipeline's reading, transfer/mechanism.h).
  options.expiry = [engine = std::make_shared<rules::Engine>(s->rules->rules, s->rules->calendar)](
                       const registry::HeldMechanism& m, CivilDate as_of) {
    transfer::Mechanism t{m.type, m.reference, m.effective, m.expires, m.filed};
    return transfer::TermsFromPacks(t, *engine, as_of).expiry;
  };
  XB_ASSIGN_OR_RETURN(s->monitor, monitor::Monitor::Create(in, options));
  return Status::Ok();
}

std::string SummaryText(const monitor::RunSummary& r, const monitor::WebhookStats* webhook) {
  std::string t = "monitor: " + std::to_string(r.events_this_run) + " events applied, " +
                  std::to_string(r.alerts) + " alerts";
  if (r.skipped_as_applied) {
    t += ", " + std::to_string(r.skipped_as_applied) + " redelivered events already applied";
  }
  if (r.alerts_already_recorded) {
    t += ", " + std::to_string(r.alerts_already_recorded) + " alerts already in the ledger";
  }
  uint64_t malformed = 0;
  std::string kinds;
  for (int k = 0; k < monitor::kMalformedKinds; ++k) {
    uint64_t n = r.position.malformed[static_cast<size_t>(k)];
    malformed += n;
    if (n) {
      kinds += std::string(kinds.empty() ? "" : ", ") +
               monitor::MalformedKindName(static_cast<monitor::MalformedKind>(k)) + " " +
               std::to_string(n);
    }
  }
  if (malformed) t += "; malformed events so far: " + kinds;
  t += "; last sequence " + std::to_string(r.position.last_sequence);
  if (webhook) {
    t += "; webhook: " + std::to_string(webhook->delivered) + " delivered";
    const uint64_t lost = webhook->not_delivered();
    if (lost) t += ", " + std::to_string(lost) + " not delivered (in the ledger)";
  }
  return t + "\n";
}

int RunWatch(const GlobalOptions& global, const MonitorArgs& args) {
  if (args.source.empty()) {
    return ReportError(InvalidArgument(
        "name the events: --source FILE, '-' or nats://HOST:PORT/STREAM", {"", 0, "--source"}));
  }
  std::optional<monitor::NatsAddress> address;
  if (IsNats(args.source)) {
    auto parsed = monitor::ParseNatsUrl(args.source);
    if (!parsed.ok()) return ReportError(parsed.error());
    address = *parsed;
  }
  MonitorSetup setup;
  Status ready = Setup(global, args, &setup);
  if (!ready.ok()) return ReportError(ready.error());
  std::unique_ptr<monitor::EventSource> source;
  if (address) {
    monitor::NatsOptions options = NatsOptionsFrom(args);
    if (setup.state) {
      auto position = setup.state->LoadPosition(args.durable);
      if (!position.ok()) return ReportError(position.error());
      Status resumable = monitor::CheckResumable(*position, monitor::NatsIdentity(address->stream),
                                                 args.durable, address->stream);
      if (!resumable.ok()) return ReportError(resumable.error());
      if (*position) options.start_after = (*position)->last_sequence;
    }
    auto nats = monitor::OpenNatsSource(*address, options);
    if (!nats.ok()) return ReportError(nats.error());
    source = std::move(nats).value();
  } else {
    auto file = monitor::OpenFileSource(args.source);
    if (!file.ok()) return ReportError(file.error());
    source = std::move(file).value();
  }

  std::unique_ptr<monitor::WebhookSink> webhook;
  if (!args.webhook.empty()) {
    auto started = monitor::WebhookSink::Start(args.webhook);
    if (!started.ok()) return ReportError(started.error());
    webhook = std::move(started).value();
  }
  StdoutSink out;
  std::vector<monitor::AlertSink*> sinks = {&out};
  if (webhook) sinks.push_back(webhook.get());

  struct sigaction action = {};
  action.sa_handler = OnSignal;
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);

  monitor::RunnerOptions options;
  options.consumer = args.durable;
  options.stop = &g_stop;
  if (args.until_idle >= 0) {
    options.until_idle = std::chrono::milliseconds(static_cast<int64_t>(args.until_idle * 1000));
  }
  auto diagnose = [&](const std::string& message) {
    std::fprintf(stderr, "xborder: %s\n", message.c_str());
  };
  auto summary = monitor::RunMonitor(*source, *setup.monitor, *setup.ledger, setup.state.get(),
                                     options, sinks, diagnose);
  std::optional<monitor::WebhookStats> webhook_stats;
  if (webhook) webhook_stats = webhook->Close(std::chrono::seconds(10));
  if (!summary.ok()) return ReportError(summary.error());
  if (!global.quiet) {
    std::fputs(SummaryText(*summary, webhook_stats ? &*webhook_stats : nullptr).c_str(), stderr);
  }
  return summary->alerts > 0 ? kExitNonCompliant : kExitOk;
}

// The exporters the ledger's subject sets and the registry's flows name, by their monitor key:
// the names `monitor status` may show and look the ledger's counters up by.
Result<std::map<std::string, std::string>> KnownExporters(ledger::Ledger& ledger,
                                                          const std::string& db,
                                                          const monitor::ExporterKeys& keys) {
  std::map<std::string, std::string> known;
  XB_RETURN_IF_ERROR(ledger.Export([&](uint64_t, std::string_view entry) {
    if (entry.find(ledger::kSubjectSetField) == std::string_view::npos) return Status::Ok();
    std::string name = monitor::SubjectSetExporter(entry);
    if (!name.empty()) known.try_emplace(keys.Of(name), std::move(name));
    return Status::Ok();
  }));
  XB_ASSIGN_OR_RETURN(auto registry, registry::OpenRegistry(ledger, db, false));
  for (const registry::Recipient& r : registry->List(true)) {
    for (const registry::RegisteredFlow& f : r.flows)
      known.try_emplace(keys.Of(f.exporter), f.exporter);
  }
  return known;
}

// |ledger ∪ observed| per exporter, year and kind, for one consumer. `known`: KnownExporters.
Result<json> ConsumerStatus(ledger::Ledger& ledger, monitor::MonitorStateStore& state,
                            const std::string& consumer, const std::string& key_id,
                            const std::map<std::string, std::string>& known) {
  XB_ASSIGN_OR_RETURN(auto position, state.LoadPosition(consumer));
  if (!position) return NotFound("no monitor has committed as '" + consumer + "'");
  std::map<std::tuple<std::string, int, bool>, std::vector<Digest>> observed;
  XB_RETURN_IF_ERROR(state.ForEachSubject(
      consumer, [&](std::string_view exporter, int year, bool sensitive, const Digest& d) {
        observed[{std::string(exporter), year, sensitive}].push_back(d);
      }));
  std::map<std::pair<std::string, int>, json> years;
  for (auto& [k, hashes] : observed) {
    const auto& [exporter_key, year, sensitive] = k;
    auto name = known.find(exporter_key);
    int64_t in_ledger = 0;
    int64_t in_both = 0;
    if (name != known.end()) {  // an exporter the ledger has never named has no counters there
      ledger::SubjectGroup group{key_id, name->second, year, true};
      auto kind = sensitive ? ledger::SubjectKind::kSensitive : ledger::SubjectKind::kIndividual;
      XB_ASSIGN_OR_RETURN(in_ledger, ledger.store().CountDistinct(group, kind, year, year));
      XB_ASSIGN_OR_RETURN(in_both, ledger.CountKnownSubjects(group, kind, year, year, hashes));
    }
    json& y = years[{exporter_key, year}];
    y["exporter"] = monitor::ExporterKeys::Label(
        exporter_key,
        name == known.end() ? std::nullopt : std::optional<std::string_view>(name->second));
    y["year"] = year;
    const std::string field = sensitive ? "sensitive_individuals" : "individuals";
    y[field] = in_ledger + static_cast<int64_t>(hashes.size()) - in_both;
    y[field + "_observed_not_in_ledger"] = static_cast<int64_t>(hashes.size()) - in_both;
  }
  json list = json::array();
  for (auto& [k, y] : years) list.push_back(y);
  json malformed = json::object();
  for (int k = 0; k < monitor::kMalformedKinds; ++k) {
    malformed[monitor::MalformedKindName(static_cast<monitor::MalformedKind>(k))] =
        position->malformed[static_cast<size_t>(k)];
  }
  return json{{"consumer", consumer},
              {"last_sequence", position->last_sequence},
              {"events", position->events},
              {"malformed", malformed},
              {"year_to_date", list}};
}

int RunStatus(const GlobalOptions& global, const MonitorArgs& args) {
  auto key = LoadKey(global.ResolvedKeyFile());
  if (!key.ok()) return ReportError(key.error());
  auto ledger =
      ledger::OpenLedgerFile(global.db, global.ResolvedKeyFile(), ledger::LedgerAccess::kRead);
  if (!ledger.ok()) return ReportError(ledger.error());
  const monitor::ExporterKeys exporter_keys(*key);
  auto state =
      monitor::OpenSqliteMonitorState(global.db, ledger::SqliteAccess::kReadOnly, exporter_keys);
  if (!state.ok()) return ReportError(state.error());
  auto known = KnownExporters(**ledger, global.db, exporter_keys);
  if (!known.ok()) return ReportError(known.error());
  std::vector<std::string> consumers;
  if (!args.durable.empty()) {
    consumers.push_back(args.durable);
  } else {
    auto all = (*state)->Consumers();
    if (!all.ok()) return ReportError(all.error());
    consumers = *all;
  }
  json list = json::array();
  std::string text;
  for (const std::string& c : consumers) {
    auto status = ConsumerStatus(**ledger, **state, c, key->id, *known);
    if (!status.ok()) return ReportError(status.error());
    text += c + ": " + std::to_string((*status)["events"].get<uint64_t>()) +
            " events applied, last sequence " +
            std::to_string((*status)["last_sequence"].get<uint64_t>()) + "\n";
    for (const auto& y : (*status)["year_to_date"]) {
      text += "  " + y["exporter"].get<std::string>() + " " + std::to_string(y["year"].get<int>()) +
              ": " + std::to_string(y.value("individuals", 0)) + " individuals, " +
              std::to_string(y.value("sensitive_individuals", 0)) + " with sensitive PI\n";
    }
    list.push_back(*status);
  }
  if (consumers.empty()) text = "no durable monitor has committed yet\n";
  return EmitResult(global, global.ResolvedFormat() == OutputFormat::kJson
                                ? json{{"consumers", list}}.dump(2) + "\n"
                                : text);
}

CommandRunner MakeMonitorCommand(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<MonitorArgs>();
  CLI::App* sub = app.add_subcommand("monitor", "Watch egress events and raise alerts");
  sub->fallthrough();
  sub->require_subcommand(0, 1);
  sub->add_option("--source", args->source,
                  "Events: a JSON Lines file, '-' for stdin, or nats://HOST:PORT/STREAM");
  sub->add_option("--durable", args->durable,
                  "Consumer name: state is kept under it and a restart resumes after the last "
                  "committed event");
  sub->add_option("--partition", args->partition,
                  "Read only this partition (subject xborder.egress.P) of the stream");
  sub->add_option("--until-idle", args->until_idle, "Stop after this many seconds without events");
  sub->add_option("--webhook", args->webhook, "Also POST each alert (JSON) to this URL");
  sub->add_option("--rules", args->rules_dir, "Rule pack directory");
  sub->add_option("--publish", args->publish,
                  "Publish the --source file's events to nats://HOST:PORT/STREAM and exit");
  sub->add_option("--partitions", args->partitions,
                  "With --publish: spread events over N partitions by exporter (default 1)");
  sub->add_option("--connect-attempts", args->connect_attempts,
                  "Attempts to reach the NATS server before giving up (default 5)");
  CLI::App* status =
      sub->add_subcommand("status", "What durable monitors have applied and counted");
  status->fallthrough();
  status->add_option("--durable", args->durable, "Only this consumer");
  return [&global, args, status] {
    if (status->parsed()) return RunStatus(global, *args);
    if (!args->publish.empty()) return RunPublish(global, *args);
    return RunWatch(global, *args);
  };
}

}  // namespace
}  // namespace xb::cli

XB_REGISTER_COMMAND("monitor", xb::cli::MakeMonitorCommand);
