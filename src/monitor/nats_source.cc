#include "monitor/nats_source.h"

#include <nats/nats.h>

#include <atomic>
#include <thread>
#include <vector>

#include "monitor/egress_event.h"

namespace xb::monitor {
namespace {

constexpr int64_t kNanosPerMilli = 1000000;

Error NatsError(const std::string& what, natsStatus s,
                jsErrCode js_code = static_cast<jsErrCode>(0)) {
  std::string message = what + ": " + natsStatus_GetText(s);
  if (js_code != 0)
    message += " (JetStream error " + std::to_string(static_cast<int>(js_code)) + ")";
  return IoError(message);
}

// Owns the connection and the JetStream context.
class NatsConnection {
 public:
  ~NatsConnection() {
    if (js_) jsCtx_Destroy(js_);
    if (nc_) natsConnection_Destroy(nc_);
    if (opts_) natsOptions_Destroy(opts_);
  }

  // Connects with bounded retries, then makes sure the stream exists.
  Status Open(const NatsAddress& a, const NatsOptions& o, jsOptions* js_options) {
    natsStatus s = natsOptions_Create(&opts_);
    if (s == NATS_OK) s = natsOptions_SetURL(opts_, a.server.c_str());
    if (s == NATS_OK) s = natsOptions_SetTimeout(opts_, o.connect_timeout.count());
    // Once connected, a lost connection is retried in the background for about a minute.
    if (s == NATS_OK) s = natsOptions_SetMaxReconnect(opts_, 60);
    if (s == NATS_OK) s = natsOptions_SetReconnectWait(opts_, 1000);
    if (s != NATS_OK) return NatsError("cannot set up the NATS client", s);
    std::chrono::milliseconds pause(250);
    for (int attempt = 1;; ++attempt) {
      s = natsConnection_Connect(&nc_, opts_);
      if (s == NATS_OK) break;
      if (attempt >= std::max(1, o.connect_attempts)) {
        return IoError("cannot reach the NATS server at " + a.server + " after " +
                       std::to_string(attempt) + " attempts: " + natsStatus_GetText(s));
      }
      std::this_thread::sleep_for(pause);
      pause *= 2;
    }
    s = natsConnection_JetStream(&js_, nc_, js_options);
    if (s != NATS_OK) return NatsError("cannot use JetStream on " + a.server, s);
    return EnsureStream(a);
  }

  jsCtx* js() { return js_; }

  Result<uint64_t> LastSequence(const std::string& stream) {
    jsStreamInfo* si = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    natsStatus s = js_GetStreamInfo(&si, js_, stream.c_str(), nullptr, &code);
    if (s != NATS_OK) return NatsError("cannot read stream " + stream, s, code);
    uint64_t last = si->State.LastSeq;
    jsStreamInfo_Destroy(si);
    return last;
  }

 private:
  // The stream of this server that captures `subjects`, or "" when none can be named.
  std::string StreamCapturing(const std::string& subjects) {
    jsOptions o;
    jsOptions_Init(&o);
    o.Stream.Info.SubjectsFilter = subjects.c_str();
    jsStreamNamesList* names = nullptr;
    std::string owner;
    if (js_StreamNames(&names, js_, &o, nullptr) == NATS_OK && names != nullptr) {
      if (names->Count > 0) owner = names->List[0];
      jsStreamNamesList_Destroy(names);
    }
    return owner;
  }

  Status EnsureStream(const NatsAddress& a) {
    const std::string& stream = a.stream;
    jsStreamInfo* si = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    natsStatus s = js_GetStreamInfo(&si, js_, stream.c_str(), nullptr, &code);
    if (s == NATS_OK) {
      jsStreamInfo_Destroy(si);
      return Status::Ok();
    }
    if (s != NATS_NOT_FOUND) return NatsError("cannot read stream " + stream, s, code);
    const std::string subjects = std::string(kSubjectPrefix) + ".>";
    const char* list[] = {subjects.c_str()};
    jsStreamConfig cfg;
    jsStreamConfig_Init(&cfg);
    cfg.Name = stream.c_str();
    cfg.Subjects = list;
    cfg.SubjectsLen = 1;
    cfg.Storage = js_FileStorage;
    s = js_AddStream(&si, js_, &cfg, nullptr, &code);
    if (s != NATS_OK && code == JSStreamSubjectOverlapErr) {
      // Every stream captures the same subjects, so a server holds one egress stream.
      const std::string owner = StreamCapturing(subjects);
      return InvalidArgument(
          "cannot create stream " + stream + ": " +
              (owner.empty() ? std::string("another stream") : "stream " + owner) +
              " on this server already captures " + subjects + " (one egress stream per server)" +
              (owner.empty() ? "" : "; use " + a.server + "/" + owner),
          {a.server + "/" + stream});
    }
    if (s != NATS_OK) return NatsError("cannot create stream " + stream, s, code);
    jsStreamInfo_Destroy(si);
    return Status::Ok();
  }

  natsOptions* opts_ = nullptr;
  natsConnection* nc_ = nullptr;
  jsCtx* js_ = nullptr;
};

bool ValidName(const std::string& name) {
  if (name.empty()) return true;
  for (char c : name) {
    if (c == '.' || c == '*' || c == '>' || c == ' ' || c == '\t' ||
        static_cast<unsigned char>(c) < 32)
      return false;
  }
  return true;
}

class NatsSource final : public EventSource {
 public:
  NatsSource(std::unique_ptr<NatsConnection> connection, natsSubscription* sub, std::string name)
      : connection_(std::move(connection)),
        sub_(sub),
        name_(std::move(name)),
        identity_(NatsIdentity(name_)) {}
  ~NatsSource() override {
    for (natsMsg* m : held_) natsMsg_Destroy(m);  // unacknowledged: the server redelivers them
    if (sub_) natsSubscription_Destroy(sub_);
  }
  NatsSource(const NatsSource&) = delete;
  NatsSource& operator=(const NatsSource&) = delete;

  Status Next(size_t max, std::chrono::milliseconds wait, std::vector<RawEvent>* out) override {
    out->clear();
    natsMsgList list{};
    jsErrCode code = static_cast<jsErrCode>(0);
    natsStatus s = natsSubscription_Fetch(&list, sub_, static_cast<int>(max),
                                          std::max<int64_t>(1, wait.count()), &code);
    if (s == NATS_TIMEOUT || s == NATS_NOT_FOUND) return Status::Ok();  // nothing in time
    if (s == NATS_CONNECTION_DISCONNECTED) return Status::Ok();         // the library reconnects
    if (s != NATS_OK) return NatsError("cannot fetch events from " + name_, s, code);
    for (int i = 0; i < list.Count; ++i) {
      natsMsg* m = list.Msgs[i];
      list.Msgs[i] = nullptr;  // kept until acknowledged
      held_.push_back(m);
      jsMsgMetaData* meta = nullptr;
      if (natsMsg_GetMetaData(&meta, m) != NATS_OK) {
        natsMsgList_Destroy(&list);
        return IoError("a message of " + name_ + " carries no JetStream metadata");
      }
      const uint64_t sequence = meta->Sequence.Stream;
      jsMsgMetaData_Destroy(meta);
      out->push_back(
          {sequence,
           std::string_view(natsMsg_GetData(m), static_cast<size_t>(natsMsg_GetDataLength(m))),
           static_cast<size_t>(natsMsg_GetDataLength(m)) > kMaxEventBytes});
    }
    natsMsgList_Destroy(&list);
    return Status::Ok();
  }

  bool finished() const override { return false; }  // a stream never ends

  Status Acknowledge() override {
    Status result = Status::Ok();
    for (natsMsg* m : held_) {
      natsStatus s = natsMsg_Ack(m, nullptr);
      // An ack that does not reach the server means a redelivery, which the committed
      // sequence turns into a skip: nothing is counted twice.
      if (s != NATS_OK && result.ok()) result = NatsError("cannot acknowledge events", s);
      natsMsg_Destroy(m);
    }
    held_.clear();
    return result;
  }

  const std::string& name() const override { return name_; }

  const std::string& identity() const override { return identity_; }

 private:
  std::unique_ptr<NatsConnection> connection_;
  natsSubscription* sub_;
  std::string name_;
  std::string identity_;
  std::vector<natsMsg*> held_;
};

// The partition of an event: its exporter's as the monitor reads it (EventParser, which reads
// keys unescaped), so that one exporter's individuals are always counted in one place. A
// malformed event goes to partition 0, where a monitor counts it as malformed.
std::string PartitionOfEvent(std::string_view line, int partitions, EventParser& parser,
                             EgressEvent* event) {
  if (partitions <= 1 || parser.Parse(line, event)) return "0";
  return PartitionOf(event->exporter, partitions);
}

struct PublishErrors {
  std::atomic<uint64_t> count{0};
};

void OnPublishError(jsCtx*, jsPubAckErr*, void* closure) {
  static_cast<PublishErrors*>(closure)->count.fetch_add(1);
}

}  // namespace

Result<NatsAddress> ParseNatsUrl(std::string_view url) {
  constexpr std::string_view kScheme = "nats://";
  if (url.substr(0, kScheme.size()) != kScheme) {
    return InvalidArgument("expected nats://HOST:PORT/STREAM", {"", 0, "--source"});
  }
  std::string_view rest = url.substr(kScheme.size());
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= rest.size()) {
    return InvalidArgument("expected nats://HOST:PORT/STREAM (the stream name is missing)",
                           {"", 0, "--source"});
  }
  NatsAddress a;
  a.server = std::string(kScheme) + std::string(rest.substr(0, slash));
  a.stream = std::string(rest.substr(slash + 1));
  if (!ValidName(a.stream) || a.stream.find('/') != std::string::npos) {
    return InvalidArgument("a stream name may not contain '.', '*', '>', '/' or blanks",
                           {"", 0, "--source"});
  }
  return a;
}

std::string NatsIdentity(std::string_view stream) { return "nats:" + std::string(stream); }

std::string PartitionOf(std::string_view exporter, int partitions) {
  if (partitions <= 1) return "0";
  uint32_t h = 2166136261u;
  for (unsigned char c : exporter) {
    h ^= c;
    h *= 16777619u;
  }
  return std::to_string(h % static_cast<uint32_t>(partitions));
}

Result<std::unique_ptr<EventSource>> OpenNatsSource(const NatsAddress& address,
                                                    const NatsOptions& options) {
  if (!ValidName(options.durable)) {
    return InvalidArgument("a durable consumer name may not contain '.', '*', '>' or blanks",
                           {"", 0, "--durable"});
  }
  if (!ValidName(options.partition)) {
    return InvalidArgument("a partition may not contain '.', '*', '>' or blanks",
                           {"", 0, "--partition"});
  }
  auto connection = std::make_unique<NatsConnection>();
  XB_RETURN_IF_ERROR(connection->Open(address, options, nullptr));
  const std::string subject =
      std::string(kSubjectPrefix) + "." + (options.partition.empty() ? ">" : options.partition);
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = address.stream.c_str();
  so.Config.AckPolicy = js_AckExplicit;
  so.Config.DeliverPolicy = js_DeliverAll;
  if (options.start_after > 0) {
    so.Config.DeliverPolicy = js_DeliverByStartSequence;
    so.Config.OptStartSeq = options.start_after + 1;
  }
  if (!options.durable.empty()) {
    // Whatever the server remembers of this consumer (pending, unacknowledged messages) is
    // replaced by what we committed.
    jsErrCode deleted = static_cast<jsErrCode>(0);
    natsStatus d = js_DeleteConsumer(connection->js(), address.stream.c_str(),
                                     options.durable.c_str(), nullptr, &deleted);
    if (d != NATS_OK && d != NATS_NOT_FOUND) {
      return NatsError("cannot reset consumer " + options.durable, d, deleted);
    }
  }
  so.Config.MaxAckPending = options.max_ack_pending;
  so.Config.AckWait = 30000 * kNanosPerMilli;
  so.Config.MaxRequestBatch = 0;
  natsSubscription* sub = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_PullSubscribe(&sub, connection->js(), subject.c_str(),
                                  options.durable.empty() ? nullptr : options.durable.c_str(),
                                  nullptr, &so, &code);
  if (s != NATS_OK) {
    return NatsError("cannot subscribe to " + subject + " on stream " + address.stream, s, code);
  }
  return std::unique_ptr<EventSource>(new NatsSource(std::move(connection), sub, address.stream));
}

Result<PublishReport> PublishEvents(const NatsAddress& address, const std::string& path,
                                    int partitions, const NatsOptions& options) {
  XB_ASSIGN_OR_RETURN(std::unique_ptr<EventSource> file, OpenFileSource(path));
  PublishErrors errors;
  jsOptions jo;
  jsOptions_Init(&jo);
  jo.PublishAsync.MaxPending = 4096;
  jo.PublishAsync.ErrHandler = OnPublishError;
  jo.PublishAsync.ErrHandlerClosure = &errors;
  NatsConnection connection;
  XB_RETURN_IF_ERROR(connection.Open(address, options, &jo));
  PublishReport report;
  EventParser parser;
  EgressEvent event;
  std::string subject;
  std::vector<RawEvent> lines;
  while (!file->finished()) {
    XB_RETURN_IF_ERROR(file->Next(4096, std::chrono::milliseconds(1000), &lines));
    for (const RawEvent& line : lines) {
      if (line.too_large) {
        // Never published: the monitor would see it only as too large, by stream sequence
        // instead of line. The caller reports it by line, never by content.
        ++report.too_large;
        if (report.too_large_lines.size() < kTooLargeListed) {
          report.too_large_lines.push_back(line.sequence);
        }
        continue;
      }
      subject.assign(kSubjectPrefix);
      subject += '.';
      subject += PartitionOfEvent(line.text, partitions, parser, &event);
      natsStatus s = js_PublishAsync(connection.js(), subject.c_str(), line.text.data(),
                                     static_cast<int>(line.text.size()), nullptr);
      if (s != NATS_OK) return NatsError("cannot publish to " + address.stream, s);
      ++report.published;
    }
  }
  jsPubOptions po;
  jsPubOptions_Init(&po);
  po.MaxWait = 30000;
  natsStatus s = js_PublishAsyncComplete(connection.js(), &po);
  if (s != NATS_OK) return NatsError("the server did not confirm every event", s);
  if (errors.count > 0) {
    return IoError(std::to_string(errors.count.load()) + " of " + std::to_string(report.published) +
                   " events were not stored by " + address.stream);
  }
  XB_ASSIGN_OR_RETURN(report.last_sequence, connection.LastSequence(address.stream));
  report.first_sequence = report.last_sequence + 1 - report.published;
  return report;
}

}  // namespace xb::monitor
