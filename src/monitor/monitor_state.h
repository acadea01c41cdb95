// What a monitor must remember across restarts, and where it keeps it (DESIGN.md §12;
// docs/monitor.md, "Restarts and partitions").
//
// Per consumer (the JetStream durable name, or the name given with --durable for a file):
//   - the position: the sequence of the last event applied, how many events were applied and
//     how many were malformed by kind, and the ledger size at the last commit;
//   - the individuals the monitor saw that the ledger had not counted, per exporter, calendar
//     year and kind (their keyed hashes only);
//   - marks: the thresholds already alerted, the alerts already raised today (suppression), and
//     each flow's volume baseline.
// A commit writes all of a batch's changes and its last sequence in one transaction, so a
// monitor killed at any point and restarted resumes exactly after the last committed event:
// nothing is lost (the stream redelivers what was not acknowledged) and nothing is counted
// twice (events at or below the committed sequence are skipped).
//
// Thread-safety: one store per thread; several monitors may share a database, each with its
// own consumer name.
#ifndef XBORDER_MONITOR_MONITOR_STATE_H_
#define XBORDER_MONITOR_MONITOR_STATE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/crypto.h"
#include "core/status.h"
#include "ledger/sqlite_db.h"
#include "monitor/egress_event.h"
#include "monitor/exporter_key.h"

namespace xb::monitor {

struct MonitorPosition {
  uint64_t last_sequence = 0;
  uint64_t events = 0;  // applied (well-formed)
  std::array<uint64_t, kMalformedKinds> malformed{};
  uint64_t ledger_size = 0;  // the ledger's size when this position was committed
  // The input the sequence counts along (EventSource::identity); empty for a position
  // committed before identities were kept.
  std::string source;
};

struct ObservedSubject {
  std::string exporter;  // its key (exporter_key.h), never its name
  int year = 0;
  bool sensitive = false;
  Digest hash{};
};

// A batch's changes, committed together.
struct StateDelta {
  // The subject key id `subjects` are hashed under; a commit with subjects is refused when the
  // state is under another key id, or the key id is retired or being rotated
  // (ledger/key_rotation.h): the monitor loaded its key before a rotation.
  std::string key_id;
  MonitorPosition position;
  std::vector<ObservedSubject> subjects;
  std::vector<std::pair<std::string, std::string>> marks;  // key -> value, replaced
};

class MonitorStateStore {
 public:
  virtual ~MonitorStateStore() = default;
  // nullopt: this consumer never committed.
  virtual Result<std::optional<MonitorPosition>> LoadPosition(std::string_view consumer) = 0;
  using SubjectVisitor =
      std::function<void(std::string_view exporter, int year, bool sensitive, const Digest& hash)>;
  virtual Status ForEachSubject(std::string_view consumer, const SubjectVisitor& fn) = 0;
  virtual Result<std::vector<std::pair<std::string, std::string>>> LoadMarks(
      std::string_view consumer) = 0;
  // All of `delta` or nothing. Errors: storage errors; kInvalidArgument for subjects under a key
  // id that is not the state's current one (StateDelta::key_id); nothing is committed.
  virtual Status Commit(std::string_view consumer, const StateDelta& delta) = 0;
  // The consumers with a committed position.
  virtual Result<std::vector<std::string>> Consumers() = 0;
};

// The SQLite store, in the xborder database (tables monitor_position, monitor_exporter,
// monitor_subject: a commit's new subjects per exporter, year and kind in one row, monitor_mark,
// monitor_source: the input a position counts along).
// Exporters are stored by their key (exporter_key.h). State written before that (by an
// exporter's name: its monitor_exporter rows, and the marks and baselines naming it) is
// re-keyed when the store is opened for writing, in one transaction with the schema, so counts
// carry on and no name stays stored; opening again changes nothing. Read-only access writes
// nothing (ForEachSubject still gives keys) and reads absent tables as empty. Errors: those of
// SqliteDb::Open and storage errors. `keys` must outlive the store.
Result<std::unique_ptr<MonitorStateStore>> OpenSqliteMonitorState(const std::string& path,
                                                                  ledger::SqliteAccess access,
                                                                  const ExporterKeys& keys);

// A subject-key rotation (docs/keys.md, "Rotation"): every subject hash the SQLite monitor
// state at `path` holds, of every consumer, becomes rekey(hash), in one transaction, and `to`
// is recorded as the key id they are under (table monitor_subject_key). Hashes stored before
// any rotation are taken to be under `from`. Idempotent: when they are already under `to`,
// nothing changes. A database without monitor state is left untouched. Returns how many hashes
// moved. Errors: those of SqliteDb::Open; kFailedPrecondition when the state is recorded under
// another key id; kCorruption for a stored hash list that is not whole 32-byte hashes.
Result<int64_t> RekeySqliteMonitorState(const std::string& path, const std::string& from,
                                        const std::string& to,
                                        const std::function<Digest(const Digest&)>& rekey);

}  // namespace xb::monitor

#endif  // XBORDER_MONITOR_MONITOR_STATE_H_
