// After consent is withdrawn (PIPL Art. 15), the exporter must tell recipients who already hold
// the individual's data. This finds the ledger's transfer entries that carried individuals whose
// consent was withdrawn since a date, so the exporter knows whom to ask for deletion (Art. 47).
#ifndef XBORDER_TRANSFER_WITHDRAWALS_H_
#define XBORDER_TRANSFER_WITHDRAWALS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "consent/consent_store.h"
#include "core/civil_date.h"
#include "ledger/ledger.h"

namespace xb::transfer {

struct WithdrawalImpact {
  uint64_t index = 0;  // the ledger entry
  std::string as_of;   // its transfer date
  std::string exporter;
  std::string recipient;
  std::string country;
  uint64_t individuals = 0;  // individuals in it whose consent was withdrawn since the date
};

// Entries in index order. Only transfers under the same key id can be matched.
Result<std::vector<WithdrawalImpact>> FindWithdrawalImpact(ledger::Ledger& ledger,
                                                           consent::ConsentStore& consents,
                                                           const std::string& key_id,
                                                           CivilDate since);

}  // namespace xb::transfer

#endif  // XBORDER_TRANSFER_WITHDRAWALS_H_
