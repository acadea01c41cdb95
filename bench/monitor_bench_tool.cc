// Benchmarks of the monitor (src/monitor), printed as figures (BENCHMARKS.md, "Monitor"):
//
//   monitor_bench_tool file [EVENTS]          events/s per core from a file (raw identifiers
//                                             and keyed hashes), in-process, one thread
//   monitor_bench_tool distinct [PEOPLE]      exact distinct counting: PEOPLE individuals (10 M)
//                                             through the monitor; peak RSS
//   monitor_bench_tool nats [EVENTS]          events/s per core from JetStream (durable consumer,
//                                             state committed every 100 ms); starts nats-server
//   monitor_bench_tool latency [SECONDS]      alert latency from publication: a lawful stream at
//                                             20,000 events/s with a planted unplanned flow every
//                                             200 ms; p50/p99/max
//   monitor_bench_tool baseline [FLOWS]       false alarms of the volume baseline on synthetic
//                                             weeks with planted anomalies
//
// Every run uses a fresh temporary database with the shipped rule packs and taxonomy, one
// exporter and one registered flow (so lawful events raise nothing), and CPU time from
// getrusage, so the figures are per core even on a shared machine.
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/key_file.h"
#include "core/locations.h"
#include "detect/column_classifier.h"
#include "detect/subject_hasher.h"
#include "ledger/open_ledger.h"
#include "monitor/event_source.h"
#include "monitor/monitor.h"
#include "monitor/monitor_state.h"
#include "monitor/nats_source.h"
#include "monitor/nats_test_util.h"
#include "monitor/runner.h"
#include "monitor/volume_baseline.h"
#include "registry/open_registry.h"
#include "rules/locate.h"
#include "taxonomy/taxonomy.h"

extern char** environ;

namespace xb::monitor {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr char kExporter[] = "Shanghai Huaxin Trading Co., Ltd.";

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

void Die(const Error& e) {
  std::fprintf(stderr, "monitor_bench_tool: %s\n", e.ToString().c_str());
  std::exit(2);
}

template <typename T>
T Must(Result<T> r) {
  if (!r.ok()) Die(r.error());
  return std::move(r).value();
}

// A database with one registered recipient and its flow, and everything a Monitor needs.
struct World {
  std::string dir;
  std::string db;
  SecretKey key;
  std::unique_ptr<rules::RulesContext> rules;
  Taxonomy taxonomy;
  std::unique_ptr<ColumnClassifier> classifier;
  std::unique_ptr<SubjectHasher> hasher;
  std::unique_ptr<ExporterKeys> exporter_keys;
  std::unique_ptr<ledger::Ledger> ledger;
  std::unique_ptr<registry::Registry> registry;

  World() {
    dir = (fs::temp_directory_path() / ("xb-monitor-bench-" + std::to_string(::getpid()))).string();
    fs::remove_all(dir);
    fs::create_directories(dir);
    db = dir + "/xborder.db";
    key = Must(LoadOrCreateKey(dir + "/xborder.key"));
    rules = Must(rules::LoadRulesContext(""));
    taxonomy = Must(Taxonomy::LoadDefault(rules->data_dir));
    classifier = Must(ColumnClassifier::Create());
    hasher = std::make_unique<SubjectHasher>(key, *classifier);
    exporter_keys = std::make_unique<ExporterKeys>(key);
    ledger = Must(ledger::OpenLedgerFile(db, dir + "/xborder.key", ledger::LedgerAccess::kAppend));
    registry = Must(registry::OpenRegistry(*ledger, db, true));
    registry::Recipient r;
    r.id = "example-analytics";
    r.name = "Example Analytics Inc.";
    r.country = "US";
    r.flows.push_back({"crm-feed", kExporter, "analytics", {"contact", "identity"}, {"crm"}});
    Must(registry->Add(r, *CivilDate::Parse("2026-01-01"), false));
  }
  ~World() { fs::remove_all(dir); }

  std::unique_ptr<Monitor> NewMonitor() {
    MonitorInputs in;
    in.ledger = ledger.get();
    in.registry = registry.get();
    in.rules = &rules->rules;
    in.taxonomy = &taxonomy;
    in.hasher = hasher.get();
    in.exporter_keys = exporter_keys.get();
    MonitorOptions options;
    options.baseline.min_excess = 1000000;  // throughput runs: no volume alerts
    return Must(Monitor::Create(in, options));
  }
};

// Events of the registered flow, spread evenly over November, `subjects` each; subject i of
// event e is person (e * subjects + i) % people, as an identifier or as its keyed hash.
std::string WriteEvents(World& w, const std::string& name, uint64_t events, int subjects,
                        uint64_t people, bool hashed) {
  std::string path = w.dir + "/" + name;
  std::ofstream out(path);
  std::string line;
  for (uint64_t e = 0; e < events; ++e) {
    uint64_t minute = e * 43200 / std::max<uint64_t>(events, 1);
    char time[64];
    std::snprintf(time, sizeof time, "2026-11-%02dT%02d:%02d:00+08:00",
                  static_cast<int>(1 + minute / 1440), static_cast<int>(minute % 1440 / 60),
                  static_cast<int>(minute % 60));
    line = R"({"time":")" + std::string(time) + R"(","exporter":")" + kExporter +
           R"(","recipient":"Example Analytics Inc.","country":"US","purpose":"analytics",)"
           R"("categories":["contact"],"system":"crm","records":)" +
           std::to_string(subjects) + R"(,"bytes":4000,"subjects":[)";
    for (int i = 0; i < subjects; ++i) {
      std::string id = "CUST-" + std::to_string((e * static_cast<uint64_t>(subjects) + i) % people);
      if (hashed) id = ToHex(w.hasher->Hash(id, std::nullopt));
      line += (i ? ",\"" : "\"") + id + "\"";
    }
    line += "]}\n";
    out << line;
  }
  return path;
}

class CountingSink : public AlertSink {
 public:
  void Deliver(const Alert&) override { ++alerts; }
  uint64_t alerts = 0;
};

struct Measured {
  double wall = 0;
  double cpu = 0;
  RunSummary summary;
};

Measured RunFile(World& w, const std::string& path, const std::string& consumer) {
  auto monitor = w.NewMonitor();
  std::unique_ptr<MonitorStateStore> state;
  if (!consumer.empty())
    state = Must(OpenSqliteMonitorState(w.db, ledger::SqliteAccess::kCreate, *w.exporter_keys));
  auto source = Must(OpenFileSource(path));
  CountingSink sink;
  std::vector<AlertSink*> sinks = {&sink};
  RunnerOptions options;
  options.consumer = consumer;
  Measured m;
  double cpu0 = CpuSeconds();
  auto t0 = Clock::now();
  m.summary = Must(RunMonitor(*source, *monitor, *w.ledger, state.get(), options, sinks,
                              [](const std::string&) {}));
  m.wall = std::chrono::duration<double>(Clock::now() - t0).count();
  m.cpu = CpuSeconds() - cpu0;
  return m;
}

void PrintRate(const char* what, uint64_t events, int subjects, const Measured& m) {
  std::printf(
      "%-44s %9llu events  %6.2f s wall  %6.2f s cpu  %9.0f events/s per core  "
      "%9.0f subjects/s per core\n",
      what, static_cast<unsigned long long>(events), m.wall, m.cpu,
      static_cast<double>(events) / m.cpu, static_cast<double>(events) * subjects / m.cpu);
}

// Each configuration runs on a fresh database (so earlier runs' counts do not change it).
// `people`: how many different customers the events name (50,000: they come back, as customers
// do; 0: every subject of every event is new, the worst case for the stored state).
int File(uint64_t events) {
  for (uint64_t people : {uint64_t{50000}, uint64_t{0}}) {
    for (int subjects : {1, 4}) {
      for (bool hashed : {false, true}) {
        for (bool durable : {false, true}) {
          if (people == 0 && (!durable || hashed)) continue;
          World w;
          uint64_t pool = people ? people : events * static_cast<uint64_t>(subjects);
          std::string path = WriteEvents(w, "file.jsonl", events, subjects, pool, hashed);
          Measured m = RunFile(w, path, durable ? "durable" : "");
          std::string what = "file, " + std::to_string(subjects) + " subject" +
                             (subjects > 1 ? "s" : "") +
                             (hashed ? " (keyed hashes)" : " (identifiers)") +
                             (durable ? ", durable" : "") + (people ? "" : ", all new");
          PrintRate(what.c_str(), events, subjects, m);
        }
      }
    }
  }
  return 0;
}

int Distinct(uint64_t people) {
  World w;
  const int per_event = 20;
  const uint64_t events = people / per_event;
  std::string path = WriteEvents(w, "distinct.jsonl", events, per_event, people, true);
  double before = PeakRssMb();
  auto monitor = w.NewMonitor();
  auto source = Must(OpenFileSource(path));
  CountingSink sink;
  std::vector<AlertSink*> sinks = {&sink};
  RunnerOptions options;
  double cpu0 = CpuSeconds();
  auto t0 = Clock::now();
  RunSummary s = Must(
      RunMonitor(*source, *monitor, *w.ledger, nullptr, options, sinks, [](const std::string&) {}));
  double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  auto counts = monitor->Counts();
  std::printf(
      "distinct: %llu events naming %llu individuals -> counted %llu (exact: %s); "
      "%.1f s wall, %.1f s cpu; distinct sets %.0f MB; peak RSS %.0f MB (%.0f MB before)\n",
      static_cast<unsigned long long>(s.events_this_run), static_cast<unsigned long long>(people),
      static_cast<unsigned long long>(counts.empty() ? 0 : counts[0].individuals),
      !counts.empty() && counts[0].individuals == people ? "yes" : "NO", wall, CpuSeconds() - cpu0,
      static_cast<double>(monitor->distinct_bytes()) / 1e6, PeakRssMb(), before);
  std::printf("alerts: %llu (the 100,000 and 1,000,000 thresholds were crossed on the way)\n",
              static_cast<unsigned long long>(s.alerts));
  return 0;
}

std::unique_ptr<testing::NatsServer> StartNats() {
  auto server = std::make_unique<testing::NatsServer>();
  std::string why;
  if (!server->Start(&why)) {
    std::fprintf(stderr, "monitor_bench_tool: %s\n", why.c_str());
    std::exit(2);
  }
  return server;
}

int Nats(uint64_t events) {
  World w;
  auto server = StartNats();
  auto address = Must(ParseNatsUrl(server->Url("EGRESS")));
  for (int subjects : {1, 4}) {
    std::string path = WriteEvents(w, "nats.jsonl", events, subjects, 1000000, false);
    auto t0 = Clock::now();
    PublishReport published = Must(PublishEvents(address, path, 1, {}));
    double publish_s = std::chrono::duration<double>(Clock::now() - t0).count();
    auto monitor = w.NewMonitor();
    auto state =
        Must(OpenSqliteMonitorState(w.db, ledger::SqliteAccess::kCreate, *w.exporter_keys));
    NatsOptions no;
    no.durable = "bench" + std::to_string(subjects);
    auto source = Must(OpenNatsSource(address, no));
    CountingSink sink;
    std::vector<AlertSink*> sinks = {&sink};
    RunnerOptions options;
    options.consumer = no.durable;
    options.until_idle = std::chrono::milliseconds(1000);
    Measured m;
    double cpu0 = CpuSeconds();
    t0 = Clock::now();
    m.summary = Must(RunMonitor(*source, *monitor, *w.ledger, state.get(), options, sinks,
                                [](const std::string&) {}));
    m.wall = std::chrono::duration<double>(Clock::now() - t0).count() - 1.0;  // idle tail
    m.cpu = CpuSeconds() - cpu0;
    std::string what = "JetStream, durable, " + std::to_string(subjects) + " subject" +
                       (subjects > 1 ? "s" : "") + " (identifiers)";
    PrintRate(what.c_str(), m.summary.events_this_run, subjects, m);
    std::printf("  published %llu events in %.2f s (%.0f/s); %llu commits\n",
                static_cast<unsigned long long>(published.published), publish_s,
                static_cast<double>(published.published) / publish_s,
                static_cast<unsigned long long>(m.summary.commits));
    server->Stop();
    server = StartNats();  // a fresh stream for the next run
    address = Must(ParseNatsUrl(server->Url("EGRESS")));
  }
  return 0;
}

// Records when each planted alert arrives.
class LatencySink : public AlertSink {
 public:
  void Deliver(const Alert& a) override {
    std::lock_guard<std::mutex> lock(mu);
    arrived.emplace_back(a.detail.empty() ? "" : a.event_ref, Clock::now());
  }
  std::mutex mu;
  std::vector<std::pair<std::string, Clock::time_point>> arrived;
};

int Latency(int seconds) {
  World w;
  auto server = StartNats();
  auto address = Must(ParseNatsUrl(server->Url("EGRESS")));
  // The monitor runs in this process, reading the stream as a separate publisher fills it.
  auto monitor = w.NewMonitor();
  auto state = Must(OpenSqliteMonitorState(w.db, ledger::SqliteAccess::kCreate, *w.exporter_keys));
  NatsOptions no;
  no.durable = "latency";
  auto source = Must(OpenNatsSource(address, no));
  LatencySink sink;
  std::vector<AlertSink*> sinks = {&sink};
  RunnerOptions options;
  options.consumer = "latency";
  options.until_idle = std::chrono::milliseconds(2000);
  std::thread runner([&] {
    Must(RunMonitor(*source, *monitor, *w.ledger, state.get(), options, sinks,
                    [](const std::string&) {}));
  });
  // Publisher: 20,000 lawful events a second in batches of 200 every 10 ms; every 200 ms one
  // event of an unplanned flow, each on its own day so that none is suppressed.
  std::vector<Clock::time_point> planted_at;
  uint64_t lawful_published = 0;
  double publishing_s = 0;
  {
    std::string lawful = WriteEvents(w, "lawful.jsonl", 200, 2, 1000000, false);
    const auto start = Clock::now();
    for (int tick = 0; tick < seconds * 100; ++tick) {
      std::this_thread::sleep_until(start + std::chrono::milliseconds(10 * tick));
      lawful_published += Must(PublishEvents(address, lawful, 1, {})).published;
      if (tick % 20 == 10) {
        int n = static_cast<int>(planted_at.size());
        std::string planted = w.dir + "/planted.jsonl";
        char time[64];
        std::snprintf(time, sizeof time, "2025-%02d-%02dT10:00:00+08:00", 1 + n / 28, 1 + n % 28);
        std::ofstream(planted) << R"({"time":")" << time << R"(","exporter":")" << kExporter
                               << R"(","recipient":"Unknown Ltd","purpose":"marketing"})"
                               << "\n";
        planted_at.push_back(Clock::now());
        Must(PublishEvents(address, planted, 1, {}));
      }
    }
    publishing_s = std::chrono::duration<double>(Clock::now() - start).count();
  }
  runner.join();
  std::vector<double> ms;
  {
    std::lock_guard<std::mutex> lock(sink.mu);
    for (size_t i = 0; i < sink.arrived.size() && i < planted_at.size(); ++i) {
      ms.push_back(std::chrono::duration<double, std::milli>(sink.arrived[i].second - planted_at[i])
                       .count());
    }
  }
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) {
    return ms.empty() ? 0.0 : ms[static_cast<size_t>(p * (ms.size() - 1))];
  };
  std::printf(
      "latency: %zu planted alerts of %zu, from publication to the alert delivered: "
      "p50 %.0f ms, p99 %.0f ms, max %.0f ms; lawful load %.0f events/s over %.1f s\n",
      ms.size(), planted_at.size(), pct(0.5), pct(0.99), ms.empty() ? 0.0 : ms.back(),
      static_cast<double>(lawful_published) / publishing_s, publishing_s);
  return 0;
}

// The volume baseline on synthetic weeks: per flow, two weeks of hourly records with a daily
// rhythm (busy 09:00-18:00, a nightly batch at 02:00 or 03:00, quiet weekends) and Poisson
// noise, its size drawn log-uniformly between 20 and 5,000 records an hour at peak; the
// first week teaches, the second has 3 planted bursts per flow (x2 to x5 of the hour's norm).
// Counts false alarms per flow-week and planted anomalies found.
int Baseline(int flows, const BaselineOptions& options) {
  std::mt19937_64 rng(20261125);
  uint64_t false_alarms = 0, found = 0, planted = 0, hours_watched = 0;
  uint64_t big_planted = 0, big_found = 0;  // bursts of at least 100 records above the norm
  std::vector<uint64_t> detected_at_factor(6, 0), planted_at_factor(6, 0);
  for (int f = 0; f < flows; ++f) {
    VolumeBaseline b(options);
    const double scale =
        std::exp(std::uniform_real_distribution<double>(std::log(20), std::log(5000))(rng));
    const int64_t start = 24 * 20413;  // a Monday, 00:00 UTC
    std::vector<std::pair<int64_t, double>> bursts;
    for (int k = 0; k < 3; ++k) {
      int64_t h = start + 24 * 7 + std::uniform_int_distribution<int>(0, 24 * 7 - 1)(rng);
      bursts.emplace_back(h, std::uniform_real_distribution<double>(2.0, 5.0)(rng));
    }
    // The nightly batch starts at 02:00 or, one night in three, an hour late.
    std::vector<int> batch_hour(14);
    for (int& night : batch_hour)
      night = std::uniform_int_distribution<int>(0, 2)(rng) == 0 ? 3 : 2;
    for (int64_t h = start; h < start + 24 * 14; ++h) {
      int hour = static_cast<int>(h % 24);
      int weekday = static_cast<int>((h - start) / 24 % 7);
      int batch = batch_hour[static_cast<size_t>((h - start) / 24)];
      double mean = hour >= 9 && hour < 18 ? 1.0 : hour == batch ? 0.6 : 0.08;
      if (weekday >= 5) mean *= 0.3;
      mean *= scale;
      double factor = 1.0;
      for (const auto& [bh, bf] : bursts)
        if (bh == h) factor = bf;
      int64_t records = std::poisson_distribution<int64_t>(mean * factor)(rng);
      bool anomaly = b.Add(h, records).has_value();
      if (h < start + 24 * 7) continue;  // learning week
      ++hours_watched;
      if (factor > 1.0) {
        ++planted;
        if ((factor - 1.0) * mean >= 100) {
          ++big_planted;
          if (anomaly) ++big_found;
        }
        int bucket = std::min(5, static_cast<int>(factor));
        ++planted_at_factor[static_cast<size_t>(bucket)];
        if (anomaly) {
          ++found;
          ++detected_at_factor[static_cast<size_t>(bucket)];
        }
      } else if (anomaly) {
        ++false_alarms;
      }
    }
  }
  std::printf(
      "baseline (threshold %.1f, min_excess %lld, neighbour_hours %d): %d flows, %llu flow-hours "
      "watched in "
      "the second week: %llu false alarms (%.3f per flow-week, %.4f%% of hours); planted "
      "bursts found %llu of %llu (%.0f%%); of those 100+ records above the norm, %llu of "
      "%llu (%.0f%%)\n",
      options.threshold, static_cast<long long>(options.min_excess), options.neighbour_hours, flows,
      static_cast<unsigned long long>(hours_watched), static_cast<unsigned long long>(false_alarms),
      static_cast<double>(false_alarms) / flows,
      100.0 * static_cast<double>(false_alarms) / static_cast<double>(hours_watched),
      static_cast<unsigned long long>(found), static_cast<unsigned long long>(planted),
      100.0 * static_cast<double>(found) / static_cast<double>(planted),
      static_cast<unsigned long long>(big_found), static_cast<unsigned long long>(big_planted),
      100.0 * static_cast<double>(big_found) / static_cast<double>(big_planted));
  for (int k = 2; k <= 4; ++k) {
    std::printf("  bursts x%d-x%d: found %llu of %llu\n", k, k + 1,
                static_cast<unsigned long long>(detected_at_factor[static_cast<size_t>(k)]),
                static_cast<unsigned long long>(planted_at_factor[static_cast<size_t>(k)]));
  }
  return 0;
}

}  // namespace
}  // namespace xb::monitor

int main(int argc, char** argv) {
  using namespace xb::monitor;
  std::string mode = argc > 1 ? argv[1] : "file";
  auto arg = [&](long long fallback) { return argc > 2 ? std::atoll(argv[2]) : fallback; };
  if (mode == "file") return File(static_cast<uint64_t>(arg(500000)));
  if (mode == "distinct") return Distinct(static_cast<uint64_t>(arg(10000000)));
  if (mode == "nats") return Nats(static_cast<uint64_t>(arg(500000)));
  if (mode == "latency") return Latency(static_cast<int>(arg(10)));
  if (mode == "baseline") {
    BaselineOptions options;  // the defaults, unless given: baseline FLOWS THRESHOLD MIN_EXCESS
    if (argc > 3) options.threshold = std::atof(argv[3]);
    if (argc > 4) options.min_excess = std::atoll(argv[4]);
    if (argc > 5) options.neighbour_hours = std::atoi(argv[5]);
    return Baseline(static_cast<int>(arg(1000)), options);
  }
  std::fprintf(stderr, "usage: monitor_bench_tool file|distinct|nats|latency|baseline [N]\n");
  return 2;
}
