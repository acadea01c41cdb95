#include "server/access_log.h"

#include <algorithm>
#include <cstdio>

namespace xb::server {

AccessLog::AccessLog(std::unique_ptr<AccountStore> store, std::FILE* lines,
                     std::chrono::milliseconds flush_every)
    : store_(std::move(store)), lines_(lines), flush_every_(flush_every) {
  writer_ = std::thread([this] { Run(); });
}

AccessLog::~AccessLog() { Stop(); }

void AccessLog::Add(AccessRecord record) {
  std::lock_guard<std::mutex> lock(mu_);
  queue_.push_back(std::move(record));
  ++queued_total_;
  if (queue_.size() >= 1024) wake_.notify_one();
}

void AccessLog::Flush() {
  std::unique_lock<std::mutex> lock(mu_);
  if (stopping_ && !writer_.joinable()) return;
  uint64_t target = queued_total_;
  flush_requested_ = true;
  wake_.notify_one();
  flushed_.wait(lock, [&] { return written_total_ >= target || !writer_.joinable(); });
}

void AccessLog::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (writer_.joinable()) writer_.join();
  flushed_.notify_all();
}

uint64_t AccessLog::dropped() const {
  std::lock_guard<std::mutex> lock(mu_);
  return dropped_;
}

void AccessLog::Run() {
  std::vector<AccessRecord> batch;
  for (;;) {
    bool last;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait_for(lock, flush_every_,
                     [&] { return stopping_ || flush_requested_ || queue_.size() >= 1024; });
      flush_requested_ = false;
      batch.swap(queue_);
      last = stopping_;
    }
    WriteBatch(batch);
    {
      std::lock_guard<std::mutex> lock(mu_);
      written_total_ += batch.size();
    }
    flushed_.notify_all();
    batch.clear();
    if (last) {
      std::lock_guard<std::mutex> lock(mu_);
      if (queue_.empty()) return;
    }
  }
}

void AccessLog::WriteBatch(std::vector<AccessRecord>& batch) {
  if (batch.empty()) return;
  if (lines_ != nullptr) {
    // Formatted by hand: one line per request at thousands per second. Every field is a number
    // or a server-chosen word (role, method, route template), so nothing needs escaping.
    std::string text;
    text.reserve(batch.size() * 160);
    char buf[256];
    for (const AccessRecord& r : batch) {
      const std::string user = r.user_id ? std::to_string(*r.user_id) : "null";
      int n = std::snprintf(
          buf, sizeof buf,
          "access {\"ts_ms\":%lld,\"user_id\":%s,\"role\":\"%s\",\"method\":\"%s\","
          "\"route\":\"%s\",\"status\":%d,\"latency_ms\":%.3f}\n",
          static_cast<long long>(r.time_unix_ms), user.c_str(), r.role.c_str(), r.method.c_str(),
          r.route.c_str(), r.status, static_cast<double>(r.latency_us) / 1000.0);
      if (n > 0) text.append(buf, std::min<size_t>(static_cast<size_t>(n), sizeof buf - 1));
    }
    std::fwrite(text.data(), 1, text.size(), lines_);
    std::fflush(lines_);
  }
  Status s = store_->AppendAccess(batch);
  if (!s.ok()) {
    std::lock_guard<std::mutex> lock(mu_);
    dropped_ += batch.size();
  }
}

}  // namespace xb::server
