// The access log: every request, recorded in the database (AccountStore::AppendAccess) and as
// one structured line on stderr. Records are queued and written by one background thread in
// batches, so a request never waits for a database commit.
//
// The stderr line is JSON: {"ts","user_id","role","method","route","status","latency_ms"} —
// the user's numeric id rather than their name, the route template rather than the raw path
// and query (whose values may be personal data), never a token or a cookie.
//
// Thread-safety: Add() from any thread. Stop() (also run by the destructor) writes everything
// queued before returning.
#ifndef XBORDER_SERVER_ACCESS_LOG_H_
#define XBORDER_SERVER_ACCESS_LOG_H_

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "server/account_store.h"

namespace xb::server {

class AccessLog {
 public:
  // `store` is used only by the writer thread. `lines` may be null (no stderr lines).
  AccessLog(std::unique_ptr<AccountStore> store, std::FILE* lines,
            std::chrono::milliseconds flush_every = std::chrono::milliseconds(200));
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;  // owns a thread
  AccessLog& operator=(const AccessLog&) = delete;

  void Add(AccessRecord record);
  // Writes what is queued and waits until it is committed.
  void Flush();
  void Stop();

  // Records that could not be written (the database refused); reported by /metrics.
  uint64_t dropped() const;

 private:
  void Run();
  void WriteBatch(std::vector<AccessRecord>& batch);

  std::unique_ptr<AccountStore> store_;
  std::FILE* lines_;
  std::chrono::milliseconds flush_every_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable flushed_;
  std::vector<AccessRecord> queue_;  // GUARDED_BY(mu_)
  uint64_t queued_total_ = 0;        // GUARDED_BY(mu_)
  uint64_t written_total_ = 0;       // GUARDED_BY(mu_)
  uint64_t dropped_ = 0;             // GUARDED_BY(mu_)
  bool stopping_ = false;            // GUARDED_BY(mu_)
  bool flush_requested_ = false;     // GUARDED_BY(mu_)
  std::thread writer_;
};

}  // namespace xb::server

#endif  // XBORDER_SERVER_ACCESS_LOG_H_
