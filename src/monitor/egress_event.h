// An egress event (DESIGN.md §12, "Monitoring"): one JSON object saying that data left, from a
// gateway, a proxy or the sending system itself.
//
//   {"time": "2026-11-25T10:00:00+08:00", "exporter": "...", "recipient": "...",
//    "country": "DE", "purpose": "hr_management", "categories": ["identity", "contact"],
//    "subjects": ["<identifier or keyed hash>", ...], "records": 120, "bytes": 48000,
//    "system": "hr-sync", "flow": "optional flow id"}
//
// Required: time (with its offset), exporter, recipient, purpose (one of the plan vocabulary's
// purposes). Optional: country (ISO 3166-1 alpha-2), categories (known PI categories), subjects,
// records, bytes (whole numbers from 0 to kMaxEventCount), system, flow. The exporter is at
// most kMaxExporterBytes long. Other members are
// ignored. A subject is an identifier (hashed on read, never kept) or a keyed hash
// made with the installation's key, written as 64 lowercase hex digits.
//
// Malformed events are described by kind and field, never by content (subjects are personal
// data, and so may anything else be).
//
// Thread-safety: an EventParser is used by one thread at a time.
#ifndef XBORDER_MONITOR_EGRESS_EVENT_H_
#define XBORDER_MONITOR_EGRESS_EVENT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/timestamp.h"

namespace xb::monitor {

// Events larger than this are malformed (a gateway batching a whole day into one event).
inline constexpr size_t kMaxEventBytes = 1 << 20;

struct EgressEvent {
  Timestamp time;
  std::string exporter;
  std::string recipient;
  std::string country;  // empty when not given
  std::string purpose;
  uint32_t categories = 0;  // bit i: category i of CategoryNames()
  std::vector<std::string> subjects;
  int64_t records = 0;
  int64_t bytes = 0;
  std::string system;
  std::string flow;
};

enum class MalformedKind {
  kNotJson,          // not a JSON object (syntax, or another type)
  kMissingField,     // a required member is absent
  kWrongType,        // a member of the wrong JSON type or out of range (an exporter longer
                     // than kMaxExporterBytes)
  kBadTime,          // time is not a date-time with its offset
  kUnknownCategory,  // a category outside the PI category vocabulary
  kTooLarge,         // above kMaxEventBytes
  kUnknownValue,     // a country that is no ISO 3166-1 alpha-2 code, a purpose outside the
                     // plan vocabulary (rules' purpose): text that is not vetted never reaches
                     // an alert
  kRepeatedField,    // a member given twice (which one counts would be a guess)
};
inline constexpr int kMalformedKinds = 8;

// An exporter longer than this is out of range (wrong_type): an organisation's name, not a
// payload. Bounded before any alert or count names it.
inline constexpr size_t kMaxExporterBytes = 256;

// records and bytes above this are out of range (wrong_type): no gateway counts that many in
// one event, and sums of bounded values cannot overflow.
inline constexpr int64_t kMaxEventCount = int64_t{1} << 40;
const char* MalformedKindName(MalformedKind kind);  // "not_json", "missing_field", ...

struct Malformed {
  MalformedKind kind = MalformedKind::kNotJson;
  std::string field;  // the member concerned, when there is one
};

// The PI categories (rules' data.categories vocabulary), in bit order.
const std::vector<std::string>& CategoryNames();
// Bit of `name`, or 0 when it is no category.
uint32_t CategoryBit(std::string_view name);
// "identity, contact" for a set of bits.
std::string CategoryList(uint32_t bits);

class EventParser {
 public:
  EventParser();
  ~EventParser();
  EventParser(const EventParser&) = delete;  // owns a JSON parser and its buffers
  EventParser& operator=(const EventParser&) = delete;

  // Parses one event into *event (its buffers are reused between calls). Returns what is wrong
  // with a malformed one; *event is then unspecified.
  std::optional<Malformed> Parse(std::string_view text, EgressEvent* event);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// True for 64 lowercase hex digits: a subject given as its keyed hash, not an identifier.
bool LooksLikeKeyedHash(std::string_view subject);

}  // namespace xb::monitor

#endif  // XBORDER_MONITOR_EGRESS_EVENT_H_
