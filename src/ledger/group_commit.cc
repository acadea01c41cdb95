#include "ledger/group_commit.h"

#include <charconv>
#include <string_view>

namespace xb::ledger {
namespace {

// The batch position Ledger::Append names for a bad entry (field "entry N", from 1), if any.
std::optional<size_t> BadEntryPosition(const Error& e, size_t batch_size) {
  constexpr std::string_view kPrefix = "entry ";
  std::string_view field = e.where.field;
  if (e.code != ErrorCode::kParse || field.substr(0, kPrefix.size()) != kPrefix) {
    return std::nullopt;
  }
  size_t n = 0;
  auto [end, ec] = std::from_chars(field.data() + kPrefix.size(), field.data() + field.size(), n);
  if (ec != std::errc() || end != field.data() + field.size() || n == 0 || n > batch_size) {
    return std::nullopt;
  }
  return n - 1;
}

}  // namespace

Result<AppendResult> GroupCommitter::Append(std::string entry) {
  Pending mine{std::move(entry), std::nullopt};
  std::unique_lock lock(mu_);
  queue_.push_back(&mine);
  while (!mine.result.has_value()) {
    if (leading_) {
      done_.wait(lock);
      continue;
    }
    leading_ = true;
    const size_t take = std::min(queue_.size(), max_batch_);
    std::vector<Pending*> batch(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(take));
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(take));
    lock.unlock();
    std::vector<Outcome> outcomes = Commit(std::move(batch));
    lock.lock();
    for (Outcome& o : outcomes) o.pending->result = std::move(o.result);
    leading_ = false;
    done_.notify_all();
  }
  return *std::move(mine.result);
}

std::vector<GroupCommitter::Outcome> GroupCommitter::Commit(std::vector<Pending*> batch) {
  std::vector<Outcome> outcomes;
  outcomes.reserve(batch.size());
  while (!batch.empty()) {
    std::vector<std::string> entries;
    entries.reserve(batch.size());
    for (const Pending* p : batch) entries.push_back(p->entry);
    auto appended = append_(entries);
    if (appended.ok()) {
      for (size_t i = 0; i < batch.size(); ++i) {
        AppendResult own = *appended;
        own.first_index = appended->first_index + i;
        own.count = 1;
        outcomes.push_back({batch[i], own});
      }
      return outcomes;
    }
    // A bad entry fails alone; the others go again without it.
    std::optional<size_t> bad = BadEntryPosition(appended.error(), batch.size());
    if (!bad.has_value()) {
      for (Pending* p : batch) outcomes.push_back({p, appended.error()});
      return outcomes;
    }
    Error own = appended.error();
    own.where.field.clear();
    outcomes.push_back({batch[*bad], own});
    batch.erase(batch.begin() + static_cast<ptrdiff_t>(*bad));
  }
  return outcomes;
}

}  // namespace xb::ledger
