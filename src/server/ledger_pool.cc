#include "server/ledger_pool.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "ledger/open_ledger.h"

namespace xb::server {

LedgerPool::LedgerPool(std::string db, std::string key_file, size_t max_open)
    : db_(std::move(db)),
      key_file_(std::move(key_file)),
      max_open_(std::max<size_t>(1, max_open)) {}

Result<std::unique_ptr<ledger::Ledger>> LedgerPool::Take() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    returned_.wait(lock, [&] { return !idle_.empty() || open_ < max_open_; });
    if (!idle_.empty()) {
      std::unique_ptr<ledger::Ledger> l = std::move(idle_.back());
      idle_.pop_back();
      return l;
    }
    ++open_;  // reserved while it opens, outside the lock
  }
  // Read-write handles, used for reads only: the server appends to this database itself, and a
  // read-write SQLite connection always reads the write-ahead log (a kRead one may open the file
  // immutable, which suits a one-shot command but not a handle kept while the ledger grows).
  auto ledger = ledger::OpenLedgerFile(db_, key_file_, ledger::LedgerAccess::kAppend);
  if (!ledger.ok()) Drop();
  return ledger;
}

void LedgerPool::Give(std::unique_ptr<ledger::Ledger> ledger) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    idle_.push_back(std::move(ledger));
  }
  returned_.notify_one();
}

void LedgerPool::Drop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    --open_;
  }
  returned_.notify_one();
}

void LedgerPool::DropIdle() {
  std::vector<std::unique_ptr<ledger::Ledger>> closing;
  {
    std::lock_guard<std::mutex> lock(mu_);
    closing.swap(idle_);
    open_ -= closing.size();
  }
  returned_.notify_all();
}  // closed here, outside the lock

Status LedgerPool::Write(const std::function<Status(ledger::Ledger&)>& fn) {
  auto ledger = Take();
  if (!ledger.ok()) return std::move(ledger).error();
  Status s = fn(**ledger);
  if (s.ok() || s.error().code != ErrorCode::kIo) {
    Give(std::move(*ledger));
    return s;
  }
  ledger->reset();
  Drop();
  DropIdle();
  reconnects_.fetch_add(1);
  return s;
}

Status LedgerPool::Read(const std::function<Status(ledger::Ledger&)>& fn) {
  for (int attempt = 1;; ++attempt) {
    Status s = Status::Ok();
    auto ledger = Take();
    if (!ledger.ok()) {
      s = std::move(ledger).error();
    } else {
      s = fn(**ledger);
      if (s.ok() || s.error().code != ErrorCode::kIo) {
        Give(std::move(*ledger));
        return s;
      }
      ledger->reset();  // its session may be gone: never reuse it
      Drop();
      DropIdle();  // what cut this session (a restart, a failover) most likely cut theirs too
      reconnects_.fetch_add(1);
    }
    if (s.error().code != ErrorCode::kIo || attempt == kLedgerReadAttempts) return s;
    std::this_thread::sleep_for(std::chrono::milliseconds(50 << (attempt - 1)));
  }
}

}  // namespace xb::server
