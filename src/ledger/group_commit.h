// Group commit: appends from many threads share transactions. Each caller's entry is
// acknowledged once the transaction carrying it has committed, so concurrent one-entry appends
// share one durable commit (one fsync) instead of paying one each. On a disk where a durable
// commit takes 5 ms, one-entry-per-transaction appends stop near 200/s whatever the database
// (BENCHMARKS.md); grouped, they scale with the number of concurrent callers. What a service
// with many concurrent writers puts in front of its Ledger.
//
// The first waiting caller leads: it appends everything queued as one batch (Ledger::Append)
// while the others wait; whoever arrives meanwhile forms the next batch. An entry that is not a
// valid JSON object fails alone; a storage error fails every entry of its batch (none of them
// was written, as for any failed append).
//
// A service that borrows a handle per batch (a connection pool whose sessions may be lost and
// replaced) gives the committer the append itself (AppendBatch) instead of one Ledger.
//
// Thread-safety: Append may be called from any number of threads at once; one batch commits at
// a time. Nothing else may use the Ledger while the GroupCommitter lives.
#ifndef XBORDER_LEDGER_GROUP_COMMIT_H_
#define XBORDER_LEDGER_GROUP_COMMIT_H_

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "ledger/ledger.h"

namespace xb::ledger {

class GroupCommitter {
 public:
  // `max_batch`: the most entries one transaction carries.
  explicit GroupCommitter(Ledger& ledger, size_t max_batch = 10000)
      : append_([&ledger](std::span<const std::string> entries) { return ledger.Append(entries); }),
        max_batch_(max_batch) {}
  // Appends one batch as Ledger::Append does (same errors); called by one thread at a time.
  using AppendBatch = std::function<Result<AppendResult>(std::span<const std::string>)>;
  explicit GroupCommitter(AppendBatch append, size_t max_batch = 10000)
      : append_(std::move(append)), max_batch_(max_batch) {}
  GroupCommitter(const GroupCommitter&) = delete;  // callers wait on its state
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  // Appends one JSON object; blocks until the transaction carrying it has committed. Returns
  // the entry's index as first_index (count 1), and the tree size and root after that
  // transaction. Errors: as Ledger::Append (kParse without a field for a bad entry).
  Result<AppendResult> Append(std::string entry);

 private:
  struct Pending {
    std::string entry;
    std::optional<Result<AppendResult>> result;
  };
  struct Outcome {
    Pending* pending;
    Result<AppendResult> result;
  };
  // Appends `batch` as one transaction (entries that fail to parse are dropped and retried
  // without) and returns every entry's result. Runs without mu_; the caller publishes the
  // results under it, since a waiter reads its result as soon as it wakes.
  std::vector<Outcome> Commit(std::vector<Pending*> batch);

  AppendBatch append_;
  size_t max_batch_;
  std::mutex mu_;
  std::condition_variable done_;
  std::vector<Pending*> queue_;  // guarded by mu_
  bool leading_ = false;         // guarded by mu_: a batch is being appended
};

}  // namespace xb::ledger

#endif  // XBORDER_LEDGER_GROUP_COMMIT_H_
