#include "monitor/webhook.h"

#include <httplib.h>

namespace xb::monitor {

Result<std::unique_ptr<WebhookSink>> WebhookSink::Start(const std::string& url,
                                                        const WebhookOptions& options) {
  const bool https = url.rfind("https://", 0) == 0;
  if (!https && url.rfind("http://", 0) != 0) {
    return InvalidArgument("a webhook is an http:// or https:// URL", {"", 0, "--webhook"});
  }
  const size_t host_start = https ? 8 : 7;
  size_t slash = url.find('/', host_start);
  std::string origin = slash == std::string::npos ? url : url.substr(0, slash);
  std::string path = slash == std::string::npos ? "/" : url.substr(slash);
  if (origin.size() <= host_start) {
    return InvalidArgument("the webhook URL names no host", {"", 0, "--webhook"});
  }
  std::unique_ptr<WebhookSink> sink(new WebhookSink(std::move(origin), std::move(path), options));
  sink->sender_ = std::thread([raw = sink.get()] { raw->Send(); });
  return sink;
}

WebhookSink::WebhookSink(std::string origin, std::string path, const WebhookOptions& options)
    : origin_(std::move(origin)), path_(std::move(path)), options_(options) {}

WebhookSink::~WebhookSink() { Close(std::chrono::milliseconds(0)); }

void WebhookSink::Deliver(const Alert& alert) {
  std::lock_guard<std::mutex> lock(mu_);
  if (closing_) return;
  if (queue_.size() >= options_.max_queue) {
    ++stats_.dropped_queue_full;
    return;
  }
  queue_.push_back(AlertToJson(alert));
  cv_.notify_all();
}

WebhookStats WebhookSink::Close(std::chrono::milliseconds deadline) {
  {
    std::unique_lock<std::mutex> lock(mu_);
    closing_ = true;
    cv_.notify_all();
    cv_.wait_for(lock, deadline, [&] { return queue_.empty() && !busy_; });
    abandon_ = true;
    cv_.notify_all();
  }
  if (sender_.joinable()) sender_.join();
  std::lock_guard<std::mutex> lock(mu_);
  stats_.not_attempted += queue_.size();
  queue_.clear();
  return stats_;
}

void WebhookSink::Send() {
  while (true) {
    std::string body;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return abandon_ || !queue_.empty() || closing_; });
      if (abandon_ || (closing_ && queue_.empty())) return;
      body = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
    }
    DeliverOne(body);
    std::lock_guard<std::mutex> lock(mu_);
    busy_ = false;
    cv_.notify_all();
  }
}

void WebhookSink::DeliverOne(const std::string& body) {
  httplib::Client client(origin_);
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(options_.timeout);
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(options_.timeout - seconds);
  client.set_connection_timeout(seconds.count(), micros.count());
  client.set_read_timeout(seconds.count(), micros.count());
  client.set_write_timeout(seconds.count(), micros.count());
  auto pause = options_.initial_backoff;
  for (int attempt = 1;; ++attempt) {
    httplib::Result r = client.Post(path_, body, "application/json");
    const int status = r ? r->status : 0;
    std::unique_lock<std::mutex> lock(mu_);
    if (status >= 200 && status < 300) {
      ++stats_.delivered;
      return;
    }
    if (status >= 400 && status < 500 && status != 429) {
      ++stats_.refused;
      return;
    }
    if (attempt >= options_.max_attempts || abandon_) {
      ++stats_.dropped_after_retries;
      return;
    }
    ++stats_.retries;
    // Waits out the pause, or less if the sink is abandoned meanwhile.
    cv_.wait_for(lock, pause, [&] { return abandon_; });
    pause *= 2;
  }
}

}  // namespace xb::monitor
