// Ledger handles for request threads (reads only). A Ledger is used by one thread at a time
// (ledger.h); SQLite in WAL mode lets many readers run beside one writer, so each concurrent
// request borrows its own handle, opened on first need and kept for the next request.
//
// Thread-safety: Acquire() from any thread; a Lease is used by its holder only.
#ifndef XBORDER_SERVER_LEDGER_POOL_H_
#define XBORDER_SERVER_LEDGER_POOL_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "ledger/ledger.h"

namespace xb::server {

class LedgerPool {
 public:
  LedgerPool(std::string db, std::string key_file)
      : db_(std::move(db)), key_file_(std::move(key_file)) {}
  LedgerPool(const LedgerPool&) = delete;  // owns connections
  LedgerPool& operator=(const LedgerPool&) = delete;

  class Lease {
   public:
    Lease(LedgerPool* pool, std::unique_ptr<ledger::Ledger> ledger)
        : pool_(pool), ledger_(std::move(ledger)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (ledger_) pool_->Return(std::move(ledger_));
    }
    ledger::Ledger* operator->() { return ledger_.get(); }
    ledger::Ledger& operator*() { return *ledger_; }

   private:
    LedgerPool* pool_;
    std::unique_ptr<ledger::Ledger> ledger_;
  };

  // Errors: those of OpenLedgerFile.
  Result<Lease> Acquire();

 private:
  void Return(std::unique_ptr<ledger::Ledger> ledger);

  std::string db_;
  std::string key_file_;
  std::mutex mu_;
  std::vector<std::unique_ptr<ledger::Ledger>> idle_;  // GUARDED_BY(mu_)
};

}  // namespace xb::server

#endif  // XBORDER_SERVER_LEDGER_POOL_H_
