// Where egress events come from: a file, stdin, or a NATS JetStream stream (nats_source.h).
// Every event carries a sequence number that grows along the source (a file's line number, a
// stream's sequence), which is what a restarted monitor resumes after.
//
// Thread-safety: a source is used by one thread.
#ifndef XBORDER_MONITOR_EVENT_SOURCE_H_
#define XBORDER_MONITOR_EVENT_SOURCE_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace xb::monitor {

struct RawEvent {
  uint64_t sequence = 0;
  std::string_view text;   // valid until the next call of Next or Acknowledge
  bool too_large = false;  // longer than kMaxEventBytes: dropped unread, `text` is empty
};

class EventSource {
 public:
  virtual ~EventSource() = default;

  // Up to `max` events, waiting up to `wait` for the first; none when none came in time.
  // Errors: the source cannot be read any more (kIo), with what is known of why.
  virtual Status Next(size_t max, std::chrono::milliseconds wait, std::vector<RawEvent>* out) = 0;

  // True once the source can have no further events (a file or stdin at its end).
  virtual bool finished() const = 0;

  // Every event returned so far is applied and committed: the source may forget it (a stream
  // stops redelivering it). Errors: kIo.
  virtual Status Acknowledge() = 0;

  // Names the source in an event's reference ("<name>#<sequence>"): a file by its base name
  // (never a folder of the machine that read it), stdin as "stdin", a stream by its name.
  virtual const std::string& name() const = 0;

  // What the sequence numbers count along, so that a committed position is only resumed on the
  // same input: "nats:<stream>", or for a file its device, inode and a digest of its first
  // line (a new or rotated file under the same name is another input). Empty for stdin, whose
  // line numbers start again on every run: it cannot be resumed.
  virtual const std::string& identity() const = 0;
};

// Lines of `path` ("-" for stdin), numbered from 1; blank lines are skipped (their numbers
// are not reused). Errors: kNotFound when the file cannot be opened.
Result<std::unique_ptr<EventSource>> OpenFileSource(const std::string& path);

}  // namespace xb::monitor

#endif  // XBORDER_MONITOR_EVENT_SOURCE_H_
