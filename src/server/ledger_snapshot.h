// What the dashboard and GET /v1/transfers read from the ledger, summarised once per tree head:
// each entry's type and the few public facts of a transfer (date, exporter, recipient, country,
// decision, mechanism, counts, consent coverage). When the head grows, only the new entries are
// read; the previous snapshot is shared, never changed.
//
// Entries hold no raw personal data (DESIGN.md §7); a summary holds less.
//
// Thread-safety: Current() may be called concurrently; snapshots are immutable.
#ifndef XBORDER_SERVER_LEDGER_SNAPSHOT_H_
#define XBORDER_SERVER_LEDGER_SNAPSHOT_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/crypto.h"
#include "core/status.h"
#include "ledger/ledger.h"

namespace xb::server {

struct EntrySummary {
  uint64_t index = 0;
  std::string type;  // "transfer", "transfer_refused", "report", ... ("" if not an object)
  std::string as_of;
  std::string exporter;
  std::string recipient;
  std::string country;
  std::string purpose;
  std::string decision;
  std::string mechanism_type;
  std::string mechanism_reference;
  std::string package;      // the package folder's name
  std::string plan_sha256;  // a transfer's plan, by its SHA-256
  // A "report" entry (documents, DESIGN.md §12): its kind, day, languages and file names.
  std::string report_kind;
  std::string made_on;
  std::vector<std::string> languages;
  std::vector<std::string> files;
  // An "alert" entry (the monitor's, DESIGN.md §12 Monitoring): what the dashboard lists and
  // GET /v1/alerts filters by (with exporter, recipient, country and purpose above).
  std::string alert_kind;
  std::string severity;
  std::string time;  // the event's time, with its offset
  std::string detail;
  std::string event_ref;
  // A transfer's source datasets (file name, SHA-256): where the lineage page starts.
  std::vector<std::pair<std::string, std::string>> sources;
  int64_t individuals = 0;
  int64_t sensitive_individuals = 0;
  std::map<std::string, int64_t> consent;  // coverage name → individuals

  bool is_transfer() const { return type == "transfer" || type == "transfer_refused"; }
  bool is_report() const { return type == "report"; }
  // The recorded package is one folder's name, safe to join to the packages directory (the
  // ledger is input like any other: never a path, never "." or "..").
  bool has_package_folder() const {
    return !package.empty() && package.find('/') == std::string::npos && package != "." &&
           package != "..";
  }
  bool is_alert() const { return type == "alert"; }
};

struct LedgerSnapshot {
  uint64_t size = 0;
  Digest root{};
  std::string checkpoint_note;
  std::vector<EntrySummary> entries;  // [0, size)
  std::vector<uint64_t> transfers;    // indices of transfer and refusal entries, ascending
  std::vector<uint64_t> reports;      // indices of report entries, ascending
  std::vector<uint64_t> alerts;       // indices of alert entries, ascending
};

// Summarises one canonical entry (JSON text).
EntrySummary SummariseEntry(uint64_t index, std::string_view canonical);

class SnapshotCache {
 public:
  // The snapshot for the ledger's current head, reading only entries added since the last call.
  // Errors: those of the ledger's reads.
  Result<std::shared_ptr<const LedgerSnapshot>> Current(ledger::Ledger& ledger);

 private:
  std::mutex mu_;
  std::shared_ptr<const LedgerSnapshot> last_;  // GUARDED_BY(mu_)
};

}  // namespace xb::server

#endif  // XBORDER_SERVER_LEDGER_SNAPSHOT_H_
