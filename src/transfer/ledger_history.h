// The year-to-date volumes for `assess` inside a transfer, read from the ledger and made exact
// for this transfer: the engine adds the history and this transfer's individuals (DESIGN.md §5,
// "Counting"), so the history handed over is the ledger's distinct count minus the individuals of
// this transfer it already holds. History + this transfer is then |earlier ∪ this|, counted from
// keyed hashes, instead of the cautious sum a plan alone must use.
//
// Exempt-path figures are passed unadjusted (they count only when the engine is configured to
// count exempt transfers, and then the cautious sum errs on the safe side). Figures recorded
// under other keys cannot be matched and are added as they are, an upper bound.
#ifndef XBORDER_TRANSFER_LEDGER_HISTORY_H_
#define XBORDER_TRANSFER_LEDGER_HISTORY_H_

#include <string>
#include <vector>

#include "core/crypto.h"
#include "ledger/ledger.h"
#include "rules/history_source.h"

namespace xb::transfer {

class LedgerHistorySource final : public rules::HistorySource {
 public:
  // REQUIRES: the ledger outlives this object; `individuals` and `sensitive` sorted, distinct.
  LedgerHistorySource(ledger::Ledger& ledger, std::string key_id, std::vector<Digest> individuals,
                      std::vector<Digest> sensitive)
      : ledger_(ledger),
        key_id_(std::move(key_id)),
        individuals_(std::move(individuals)),
        sensitive_(std::move(sensitive)) {}

  Result<std::optional<rules::ExporterHistory>> Lookup(const std::string& exporter,
                                                       CivilDate as_of) override;
  std::string Describe() const override;

 private:
  ledger::Ledger& ledger_;
  std::string key_id_;
  std::vector<Digest> individuals_;
  std::vector<Digest> sensitive_;
};

}  // namespace xb::transfer

#endif  // XBORDER_TRANSFER_LEDGER_HISTORY_H_
