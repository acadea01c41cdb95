// The monitor (DESIGN.md §12, "Monitoring"): holds each egress event against what the ledger and
// the recipient registry say may leave, and raises alerts (alert.h):
//
//   restricted_recipient   the recipient is registered as on the PIPL Art. 42 list
//   unplanned_flow         no completed transfer or registered flow covers this exporter,
//                          recipient and purpose; or the data goes to another country than
//                          planned, or to a retired recipient
//   categories_beyond_plan categories the covering transfers and flows did not include
//   mechanism_invalid      the flow needs a mechanism (its transfer's decision; for a registered
//                          flow with no transfer, the rule packs' volume rules at the exporter's
//                          year-to-date figures, any sensitive PI counting as one individual) and
//                          none held with the recipient is in force on the event's date:
//                          missing, expired or not yet effective
//   threshold_approaching  the exporter's distinct individuals this calendar year (PRC date)
//                          reach 80% or 90% of a threshold of the rule packs (thresholds.h)
//   threshold_crossed      ... reach 100%
//   volume_anomaly         the flow's records this hour exceed its learnt baseline
//                          (volume_baseline.h)
//
// Year-to-date counts are exact and shared with the ledger: the monitor's set for an exporter
// and year starts as the ledger's distinct set (transfers under the same key, counted paths) and
// adds the individuals events name, so an individual already counted in the ledger this year is
// not counted again. Only events under a counted path (or unplanned) count: individuals sent
// under a scenario exemption do not count toward the thresholds (Provisions 2024 Arts. 7, 8,
// last paragraphs; the rule packs' reading); those sent under the Art. 5(4) small-volume
// exemption do, as it is measured on the same counter (digest CN-C-04). Subjects count as sensitive
// when the event carries a category whose every kind of PI is sensitive in the jurisdiction
// (Taxonomy::SensitiveCategories, kEveryKind; minors in the PRC).
//
// Alerts carry no raw identifiers and no unvetted text: subjects only as counts, a recipient or
// an exporter the registry or the ledger does not know only as a keyed hash (RecipientLabel,
// ExporterLabel), and country and purpose only when the event parser found them in their
// vocabularies. The monitor's own state (counts, marks, baselines, stored subjects) keys every
// exporter by one keyed hash of its name (exporter_key.h), known or not, so an exporter's
// count carries on when a flow is registered for it or a transfer recorded, and no exporter's
// text is kept; labels are made only when alerts and counts are written.
//
// The same alert (kind, exporter, recipient, purpose, what was found) is raised once per PRC
// calendar day; a threshold level once per exporter and year; a volume anomaly once per flow
// and hour.
//
// Thread-safety: not thread-safe; one Monitor per consumer. The ledger, registry, rules,
// taxonomy and hasher must outlive it.
#ifndef XBORDER_MONITOR_MONITOR_H_
#define XBORDER_MONITOR_MONITOR_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/civil_date.h"
#include "core/status.h"
#include "detect/subject_hasher.h"
#include "ledger/ledger.h"
#include "monitor/alert.h"
#include "monitor/digest_set.h"
#include "monitor/egress_event.h"
#include "monitor/exporter_key.h"
#include "monitor/flow_index.h"
#include "monitor/monitor_state.h"
#include "monitor/thresholds.h"
#include "monitor/volume_baseline.h"
#include "registry/registry.h"
#include "rules/rule_pack.h"
#include "taxonomy/taxonomy.h"

namespace xb::monitor {

// The last day a held mechanism is in force when its holder stated no expiry: the law's
// validity period (from the rule packs). nullopt: no fixed term.
using ExpiryResolver =
    std::function<std::optional<CivilDate>(const registry::HeldMechanism& m, CivilDate on)>;

struct MonitorOptions {
  std::string default_jurisdiction = "CN";  // for events no transfer covers
  std::vector<double> approaching = {0.8, 0.9};
  int64_t approaching_from = 10;  // thresholds below this only have threshold_crossed
  BaselineOptions baseline;
  ExpiryResolver expiry;  // may be empty
};

struct MonitorInputs {
  ledger::Ledger* ledger = nullptr;
  registry::Registry* registry = nullptr;  // may be null: no registered recipients or flows
  const rules::RuleSet* rules = nullptr;
  const Taxonomy* taxonomy = nullptr;
  const SubjectHasher* hasher = nullptr;
  const ExporterKeys* exporter_keys = nullptr;  // what the monitor's state keys exporters by
};

// Year-to-date figures of one exporter, as the monitor counts them.
struct ExporterYear {
  std::string exporter;
  int year = 0;
  uint64_t individuals = 0;  // |ledger ∪ observed|, counted paths
  uint64_t sensitive_individuals = 0;
};

class Monitor {
 public:
  // Reads the ledger's completed transfers and the registry. Errors: the ledger's.
  static Result<std::unique_ptr<Monitor>> Create(const MonitorInputs& inputs,
                                                 const MonitorOptions& options);
  Monitor(const Monitor&) = delete;  // holds sets of millions of hashes
  Monitor& operator=(const Monitor&) = delete;

  // Restores what `consumer` committed before: observed individuals and marks.
  Status Restore(MonitorStateStore& store, std::string_view consumer);

  // Applies one event; appends the alerts it raises. Errors: the ledger's (reading an
  // exporter's counted individuals the first time the exporter is seen this year).
  Status Apply(const EgressEvent& event, std::string_view event_ref, std::vector<Alert>* alerts);

  // Reads what the ledger and the registry recorded since (new transfers, recipients).
  Status Refresh();

  // Moves the changes since the last call into *delta (subjects and marks; the caller sets the
  // position).
  void TakeChanges(StateDelta* delta);

  std::vector<ExporterYear> Counts() const;
  uint64_t distinct_bytes() const;  // memory held by the distinct sets

 private:
  struct YearSets {
    DigestSet individuals;
    DigestSet sensitive;
    bool ledger_loaded = false;
  };
  struct ExporterYearKey {
    std::string exporter;  // ExporterKeys::Of
    int year;
    bool operator<(const ExporterYearKey& o) const {
      return std::tie(year, exporter) < std::tie(o.year, o.exporter);
    }
  };

  Monitor(const MonitorInputs& inputs, const MonitorOptions& options);
  Status ReadLedgerFrom(uint64_t from);
  Status LoadLedgerSubjects(const ExporterYearKey& key, YearSets* sets);
  YearSets* Sets(const ExporterYearKey& key);
  const std::vector<VolumeThreshold>& Thresholds(const std::string& jurisdiction, CivilDate date);

  // How alerts name the event's recipient: a registered one by its label (an individual as
  // "individual <id>"), a completed transfer's recipient by the name the ledger holds, any
  // other text by its keyed hash ("unregistered recipient #<12 hex digits>"), never as given.
  std::string RecipientLabel(const EgressEvent& e, const Coverage& c,
                             std::optional<Digest> name_hash) const;
  // The exporter's state key (exporter_key.h); remembers the name it was made of, in memory
  // only, for Counts().
  std::string ExporterKey(const std::string& name);
  // How alerts and counts name the exporter `name` whose key is `key`: as written when a
  // completed transfer or a registered flow names it, else "unregistered exporter #<12 hex
  // digits>" (ExporterKeys::Label). Made when the output is, never kept.
  std::string ExporterLabel(std::string_view name, std::string_view key) const;

  // Alerts, one per check; each returns without effect when nothing is wrong.
  void CheckRecipient(const EgressEvent& e, const Coverage& c, CivilDate date, Alert base,
                      std::vector<Alert>* out);
  // `because`: for a flow with no transfer behind it, the rule whose threshold makes it need one.
  void CheckMechanism(const Coverage& c, CivilDate date, Alert base, std::vector<Alert>* out,
                      const VolumeThreshold* because = nullptr);
  // A registered flow with no completed transfer behind it has no decision: what it needs is
  // worked out from the rule packs at the exporter's year-to-date figures (MechanismsNeeded),
  // then held against the recipient's mechanisms as for a transfer. After CountSubjects.
  void CheckFlowMechanism(const EgressEvent& e, const Coverage& c, CivilDate date, Alert base,
                          std::vector<Alert>* out);
  Status CountSubjects(const EgressEvent& e, const Coverage& c, CivilDate date, Alert base,
                       std::vector<Alert>* out);
  void CheckVolume(const EgressEvent& e, const Coverage& c, Alert base, std::vector<Alert>* out);
  // Raises `alert` unless the same one was raised today (`key` names what was found).
  void Raise(Alert alert, const std::string& key, CivilDate date, std::vector<Alert>* out);
  void Mark(std::string key, std::string value);

  MonitorInputs in_;
  MonitorOptions options_;
  FlowIndex index_;
  uint64_t ledger_size_ = 0;
  // Counted transfers under our key, by exporter and year: whose subjects seed the sets.
  std::map<ExporterYearKey, std::vector<uint64_t>> counted_entries_;
  std::map<ExporterYearKey, YearSets> years_;           // by exporter key
  std::unordered_map<std::string, std::string> names_;  // exporter key -> name, in memory
  std::string applying_exporter_;          // the key of the exporter of the event Apply is applying
  std::unordered_set<std::string> marks_;  // thresholds alerted, alerts raised today
  std::unordered_map<std::string, VolumeBaseline> baselines_;
  std::set<std::string> baselines_changed_;
  std::map<std::pair<std::string, int64_t>, std::vector<VolumeThreshold>> thresholds_;
  uint32_t sensitive_cn_ = 0;  // categories sensitive in each jurisdiction
  uint32_t sensitive_eu_ = 0;
  StateDelta pending_;
};

}  // namespace xb::monitor

#endif  // XBORDER_MONITOR_MONITOR_H_
