// Egress events on NATS JetStream (Debian's libnats 3.4 client; nats-server 2.9), and the
// publisher that puts a file's events on a stream (`xborder monitor --publish`).
//
// Subjects: events go to "xborder.egress.<partition>", the partition chosen by exporter
// (PartitionOf), so that one exporter's events always reach the same monitor and its
// year-to-date counts stay in one place. A monitor reads every partition, or one
// (--partition P); run one monitor per partition, each with its own durable consumer, to share
// the work of a group with many systems (docs/monitor.md). The stream is created when missing,
// capturing "xborder.egress.>".
//
// The consumer pulls with explicit acknowledgement: a message is acknowledged only after the
// batch it came in was applied and committed (runner.h). The monitor's committed sequence, not
// the server's record of acknowledgements, says where it stands: a durable consumer is created
// afresh at every start, delivering from the sequence after the committed one. So a monitor
// killed at any point gets exactly the events after its last commit, in order, at once (the
// server would otherwise hold the unacknowledged ones until their ack wait ran out, and deliver
// them after newer ones).
//
// Connecting: an unreachable server is retried `connect_attempts` times with a doubling pause
// (0.25 s, 0.5 s, ...) and then reported as an error naming the server; a connection lost later
// is re-established by the client library in the background, fetches returning nothing
// meanwhile, and is an error once the library gives up.
//
// Thread-safety: one source (or publisher) per thread.
#ifndef XBORDER_MONITOR_NATS_SOURCE_H_
#define XBORDER_MONITOR_NATS_SOURCE_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "monitor/event_source.h"

namespace xb::monitor {

inline constexpr std::string_view kSubjectPrefix = "xborder.egress";

struct NatsAddress {
  std::string server;  // "nats://HOST:PORT"
  std::string stream;
};

// "nats://HOST:PORT/STREAM". Errors: kInvalidArgument naming what is missing.
Result<NatsAddress> ParseNatsUrl(std::string_view url);

// The identity of a stream's events (EventSource::identity): "nats:<stream>".
std::string NatsIdentity(std::string_view stream);

// The partition of `exporter` among `partitions` (FNV-1a of the name, modulo): "0" .. "N-1".
std::string PartitionOf(std::string_view exporter, int partitions);

struct NatsOptions {
  std::string durable;       // consumer name; empty: an ephemeral consumer (nothing resumes)
  uint64_t start_after = 0;  // the last sequence applied and committed; deliver what follows
  std::string partition;     // empty: every partition
  int connect_attempts = 5;
  std::chrono::milliseconds connect_timeout{2000};
  int64_t max_ack_pending = 100000;  // unacknowledged messages the server lets us hold
};

// Errors: kInvalidArgument for a durable name with characters NATS refuses ('.', '*', '>',
// blanks); kIo when the server cannot be reached after the attempts, or refuses the stream or
// the consumer.
Result<std::unique_ptr<EventSource>> OpenNatsSource(const NatsAddress& address,
                                                    const NatsOptions& options);

inline constexpr size_t kTooLargeListed = 20;

struct PublishReport {
  uint64_t published = 0;
  uint64_t first_sequence = 0;  // the stream sequences given to them
  uint64_t last_sequence = 0;
  // Lines over kMaxEventBytes, left out: how many, and the first kTooLargeListed line numbers.
  uint64_t too_large = 0;
  std::vector<uint64_t> too_large_lines;
};

// Publishes every non-blank line of `path` ("-" for stdin) but those over kMaxEventBytes (counted
// in the report, by line) to the stream, each to the subject
// of its exporter's partition, the exporter as the monitor reads it (EventParser: keys unescaped;
// malformed events go to partition 0), waiting
// for the server to store them all. Errors: kNotFound for an unreadable file; kIo for a server
// that cannot be reached or did not store every event (how many, not which).
Result<PublishReport> PublishEvents(const NatsAddress& address, const std::string& path,
                                    int partitions, const NatsOptions& options);

}  // namespace xb::monitor

#endif  // XBORDER_MONITOR_NATS_SOURCE_H_
