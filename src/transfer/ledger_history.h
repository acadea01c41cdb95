// The ledger as the rules engine's HistorySource (rules/history_source.h): the distinct
// individuals an exporter already sent abroad, from the ledger's subject counters. The one
// adapter for both callers: `assess` (the history as recorded) and `transfer` (made exact for
// this transfer, below). It lives here, not in src/ledger, so the ledger does not depend on
// the rules module (DESIGN.md §2).
//
// Counts are exact within the installation key's namespace; figures made under other keys
// are added as they are, an upper bound (docs/ledger.md, key rotation). The ledger counts per
// calendar year of the recorded transfer, so for an as_of date in the past every transfer
// recorded for that year is included (never fewer than the true figure).
//
// For a transfer (DeduplicateAgainst): the engine adds the history and this transfer's
// individuals (DESIGN.md §5, "Counting"), so the history handed over is the ledger's distinct
// count minus the individuals of this transfer it already holds; history + this transfer is
// then |earlier ∪ this|, counted from keyed hashes, instead of the cautious sum a plan alone
// must use. Exempt-path figures are passed unadjusted (they count only when the engine is
// configured to count exempt transfers, and then the cautious sum errs on the safe side).
//
// Thread-safety: one Lookup at a time (the ledger's own rule).
#ifndef XBORDER_TRANSFER_LEDGER_HISTORY_H_
#define XBORDER_TRANSFER_LEDGER_HISTORY_H_

#include <optional>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "ledger/ledger.h"
#include "rules/history_source.h"

namespace xb::transfer {

class LedgerHistorySource final : public rules::HistorySource {
 public:
  // `ledger`: null when there is none (Lookup then has nothing to say); otherwise REQUIRES it
  // outlives this object. `key_id`: the installation key's id (core/key_file.h), or empty if
  // there is none, in which case every figure counts as "other keys". `description`: what
  // Describe() returns, e.g. "ledger ./xborder.db".
  LedgerHistorySource(ledger::Ledger* ledger, std::string key_id, std::string description)
      : ledger_(ledger), key_id_(std::move(key_id)), description_(std::move(description)) {}

  // Makes the history exact for a transfer of these individuals (REQUIRES: sorted, distinct):
  // the ledger's figures less the ones it already holds. A transfer's ledger is the record,
  // so from then on Lookup answers even when the exporter has no entry yet (zeros).
  void DeduplicateAgainst(std::vector<Digest> individuals, std::vector<Digest> sensitive);

  // nullopt when there is no ledger, or (unless deduplicating) it has no counter for the
  // exporter in either year of the window; an Error when the ledger cannot be read.
  Result<std::optional<rules::ExporterHistory>> Lookup(const std::string& exporter,
                                                       CivilDate as_of) override;
  std::string Describe() const override { return description_; }

 private:
  ledger::Ledger* ledger_;
  std::string key_id_;
  std::string description_;
  bool for_transfer_ = false;
  std::vector<Digest> individuals_;
  std::vector<Digest> sensitive_;
};

}  // namespace xb::transfer

#endif  // XBORDER_TRANSFER_LEDGER_HISTORY_H_
