// What the monitor holds an egress event against: the completed transfers of the ledger and the
// flows registered with recipients (registry/recipient.h), by exporter, recipient and purpose.
//
// A recipient is matched by registry id or by name (an event may use either; a transfer entry
// names the recipient and, when the plan named a registered one, its id). A registered flow
// matched by the event's "flow" id must also agree on exporter and purpose; when it lists
// systems, the event's system must be one of them.
//
// Thread-safety: not thread-safe; pointers it returns stay valid until the next Add or
// SetRecipients.
#ifndef XBORDER_MONITOR_FLOW_INDEX_H_
#define XBORDER_MONITOR_FLOW_INDEX_H_

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/civil_date.h"
#include "monitor/egress_event.h"
#include "registry/recipient.h"

namespace xb::monitor {

// A completed transfer as the monitor needs it (read from its ledger entry).
struct RecordedTransfer {
  uint64_t index = 0;
  std::string exporter;
  std::string recipient;
  std::string recipient_id;
  std::string country;
  std::string purpose;
  std::string jurisdiction = "CN";
  uint32_t categories = 0;
  // Its individuals count toward the thresholds: not under a scenario exemption (the
  // small-volume exemption counts; rules::CountsTowardThresholds).
  bool counted = true;
  bool mechanism_required = false;
  std::vector<std::string> accepted_mechanisms;      // the decision's
  std::optional<registry::HeldMechanism> mechanism;  // the one the transfer relied on
};

// Reads a "transfer" ledger entry. nullopt for an entry that is not one.
std::optional<RecordedTransfer> ReadRecordedTransfer(uint64_t index, std::string_view entry);
// The exporter an entry's subject set names (ledger::kSubjectSetField: a transfer record, also
// one appended with `ledger append --exporter` whose JSON says nothing else); "" for none.
std::string SubjectSetExporter(std::string_view entry);
// Both of the above from one parse of the entry.
struct LedgerEntryFacts {
  std::string subject_set_exporter;  // "" for none
  std::optional<RecordedTransfer> transfer;
};
LedgerEntryFacts ReadLedgerEntry(uint64_t index, std::string_view entry);

struct Coverage {
  std::vector<const RecordedTransfer*> transfers;
  std::vector<const registry::RegisteredFlow*> flows;
  const registry::Recipient* recipient = nullptr;  // registered, when known
  uint32_t categories = 0;                         // everything the transfers and flows allow
  bool counted = false;  // some matched transfer is counted, or only flows matched
  bool mechanism_required = false;
  std::vector<std::string> accepted_mechanisms;
  std::string country;  // the planned country (transfers', else the recipient's)
  std::string jurisdiction = "CN";
  bool covered() const { return !transfers.empty() || !flows.empty(); }
};

class FlowIndex {
 public:
  void AddTransfer(RecordedTransfer t);
  // An exporter the ledger's subject set of an entry names (SubjectSetExporter): known as a
  // transfer's.
  void AddTransferExporter(const std::string& exporter) { transfer_exporters_.insert(exporter); }
  // Replaces the registered recipients (and their flows).
  void SetRecipients(std::vector<registry::Recipient> recipients);

  // The registered recipient the event names (by id, or an organisation by name), or nullptr.
  const registry::Recipient* FindRecipient(std::string_view name_or_id) const;
  // The registered individual whose name has this keyed hash (hex, as recipients add makes it),
  // or nullptr. An individual's name is never indexed, only its hash.
  const registry::Recipient* FindIndividual(std::string_view name_hmac) const;
  bool has_individuals() const { return !individual_by_hmac_.empty(); }
  // True when a completed transfer in the ledger names its recipient `name`: the name is in
  // the ledger already, vetted by the transfer.
  bool IsTransferRecipient(std::string_view name) const;
  // True when a completed transfer or a registered flow names its exporter `name`: vetted by
  // the transfer's plan or the registration.
  bool IsKnownExporter(std::string_view name) const;

  // What covers the event; `recipient` is the registered recipient it names (FindRecipient or
  // FindIndividual), or nullptr.
  Coverage Match(const EgressEvent& e, const registry::Recipient* recipient) const;

  size_t transfer_count() const { return transfers_.size(); }

 private:
  static std::string Key(std::string_view exporter, std::string_view recipient,
                         std::string_view purpose);

  std::deque<RecordedTransfer> transfers_;
  std::unordered_map<std::string, std::vector<const RecordedTransfer*>> by_key_;
  std::vector<registry::Recipient> recipients_;
  std::unordered_map<std::string, size_t> recipient_by_name_;  // id and organisation name
  std::unordered_map<std::string, size_t> individual_by_hmac_;
  std::unordered_map<std::string, size_t> transfer_recipients_;  // name -> transfers naming it
  std::unordered_set<std::string> transfer_exporters_;  // named by a transfer or a subject set
  std::unordered_set<std::string> flow_exporters_;      // named by a registered flow
};

}  // namespace xb::monitor

#endif  // XBORDER_MONITOR_FLOW_INDEX_H_
