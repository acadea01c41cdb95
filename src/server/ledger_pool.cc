#include "server/ledger_pool.h"

#include "ledger/open_ledger.h"

namespace xb::server {

Result<LedgerPool::Lease> LedgerPool::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      std::unique_ptr<ledger::Ledger> l = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(l));
    }
  }
  // Read-write connections, used for reads only: the server appends to this file itself, and a
  // read-write connection always reads the write-ahead log (a kRead connection may open the file
  // immutable, which suits a one-shot command but not a handle kept while the ledger grows).
  XB_ASSIGN_OR_RETURN(auto ledger,
                      ledger::OpenLedgerFile(db_, key_file_, ledger::LedgerAccess::kAppend));
  return Lease(this, std::move(ledger));
}

void LedgerPool::Return(std::unique_ptr<ledger::Ledger> ledger) {
  std::lock_guard<std::mutex> lock(mu_);
  idle_.push_back(std::move(ledger));
}

}  // namespace xb::server
