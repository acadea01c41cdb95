// Ledger handles for request threads. A Ledger is used by one thread at a time
// (ledger.h), so each concurrent read borrows a handle of its own: opened on first need, kept for
// the next request, at most `max_open` at once (a request beyond waits for one to come back).
// On SQLite each handle is a connection to the file (WAL lets many readers run beside one
// writer); on PostgreSQL each is a server session, so the bound is the server's connection
// budget for this process.
//
// Sessions get lost: the database restarts, an operator or a failover cuts them. A read that
// fails with kIo closes its handle and the idle ones (whatever cut one session, a restart or a
// failover, most likely cut them all) and runs again on a new one (a new session), up to
// kLedgerReadAttempts times in all, waiting 50, 100, 200 ms between, so a request in flight
// when the session died still gets its answer once the database is back.
//
// Thread-safety: Read() from any thread.
#ifndef XBORDER_SERVER_LEDGER_POOL_H_
#define XBORDER_SERVER_LEDGER_POOL_H_

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "ledger/ledger.h"

namespace xb::server {

inline constexpr int kLedgerReadAttempts = 4;

class LedgerPool {
 public:
  LedgerPool(std::string db, std::string key_file, size_t max_open);
  LedgerPool(const LedgerPool&) = delete;  // owns connections
  LedgerPool& operator=(const LedgerPool&) = delete;

  // Runs `fn` with a handle of the pool, again on a new handle after a kIo failure (above): `fn`
  // must only read. Errors: fn's last error; those of OpenLedgerFile.
  Status Read(const std::function<Status(ledger::Ledger&)>& fn);

  // Runs `fn` once with a handle of the pool, for work that writes (an append, a transfer): never
  // again after a failure, whose effect may be unknown (a commit cut off by a lost session). A
  // kIo failure closes the handle and the idle ones, so the next call gets a new session.
  // Errors: fn's; those of OpenLedgerFile.
  Status Write(const std::function<Status(ledger::Ledger&)>& fn);

  // Handles closed after a failed read or write (each replaced by a new connection): /metrics.
  uint64_t reconnects() const { return reconnects_.load(); }
  size_t max_open() const { return max_open_; }

 private:
  Result<std::unique_ptr<ledger::Ledger>> Take();
  void Give(std::unique_ptr<ledger::Ledger> ledger);  // back to the idle list
  void Drop();                                        // a taken handle was closed
  void DropIdle();                                    // closes every idle handle

  std::string db_;
  std::string key_file_;
  size_t max_open_;
  std::mutex mu_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<ledger::Ledger>> idle_;  // GUARDED_BY(mu_)
  size_t open_ = 0;                                    // GUARDED_BY(mu_): idle + taken
  std::atomic<uint64_t> reconnects_{0};
};

}  // namespace xb::server

#endif  // XBORDER_SERVER_LEDGER_POOL_H_
