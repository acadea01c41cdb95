// What a transfer writes about itself: the ledger entry (transfer or refusal) and the package
// manifest. Facts and digests only, never a raw value or an unvetted name (DESIGN.md §7): the
// strings come from the plan, the rule packs, counts, digests and the refusal reasons, which
// name columns by position where their names are not safe to print (ColumnFate, transfer.h).
#ifndef XBORDER_TRANSFER_ENTRY_JSON_H_
#define XBORDER_TRANSFER_ENTRY_JSON_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "detect/name_hmac.h"
#include "ledger/ledger.h"
#include "registry/recipient.h"
#include "rules/engine.h"
#include "rules/plan.h"
#include "transfer/mechanism.h"
#include "transfer/package_builder.h"
#include "transfer/transfer.h"

namespace xb::transfer {

// How an entry names the recipient. An organisation by the plan's name; a natural person
// (recipient.kind: individual) never by name (PI in the immutable ledger, issue #11 review F3)
// but as the registry records one: "individual <id>" for a registered recipient, else
// "individual " and the first 12 hex digits of the name's keyed hash, with the full keyed hash
// (NameHmac, detect/name_hmac.h) in name_hmac.
struct RecordedRecipient {
  std::string label;
  std::string name_hmac;  // empty for an organisation
};
RecordedRecipient RecipientForLedger(const rules::Plan& plan,
                                     const std::optional<registry::Recipient>& registered,
                                     const SubjectHasher& hasher);

// decision, mechanisms, exemption, basis (rule and citation), missing facts.
nlohmann::json DecisionSummaryJson(const rules::Decision& decision);

// The ledger entry for `outcome` ("transfer" when completed, else "transfer_refused").
// `policy_sha256` empty: no policy was applied.
nlohmann::json EntryJson(const TransferOutcome& outcome, const rules::Plan& plan,
                         const RecordedRecipient& recipient,
                         const std::optional<Mechanism>& mechanism, const MechanismTerms& terms,
                         const std::string& policy_sha256);

// manifest.json of a package: what it holds (with digests of the files as they are on disk,
// sealed or not, and the fingerprints of the recipients it is sealed for) and the index of the
// ledger entry that records it. `entry` is EntryJson's result with its "files" member (and
// "sealed_to" when sealed). The manifest does not name the ledger's root: the entry records the
// manifest's SHA-256, so the root that includes the entry is known only after the manifest.
nlohmann::json ManifestJson(const TransferOutcome& outcome, const nlohmann::json& entry,
                            const std::optional<Mechanism>& mechanism,
                            const std::string& policy_sha256, uint64_t ledger_index);

}  // namespace xb::transfer

#endif  // XBORDER_TRANSFER_ENTRY_JSON_H_
