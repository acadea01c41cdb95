// Alerts posted to a webhook (`xborder monitor --webhook URL`): each alert as its JSON body,
// POST, Content-Type application/json. Delivery happens on a background thread so a slow or
// absent receiver never holds up the monitor:
//   - the queue is bounded (max_queue alerts); when it is full the newest alert is dropped and
//     counted (the ledger has it);
//   - a failed delivery (no connection, a timeout, HTTP 429 or 5xx) is retried with a doubling
//     pause (initial_backoff, twice that, ...) up to max_attempts, then dropped and counted;
//     other 4xx answers are not retried (the receiver refuses the alert);
//   - Close() waits up to a deadline for the queue to drain.
// HTTP and HTTPS (cpp-httplib with OpenSSL, from Debian).
//
// Thread-safety: Deliver may be called from one thread while the sender runs on its own.
#ifndef XBORDER_MONITOR_WEBHOOK_H_
#define XBORDER_MONITOR_WEBHOOK_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/status.h"
#include "monitor/runner.h"

namespace xb::monitor {

struct WebhookOptions {
  size_t max_queue = 10000;
  int max_attempts = 5;
  std::chrono::milliseconds initial_backoff{250};
  std::chrono::milliseconds timeout{5000};  // connect, read and write, each
};

struct WebhookStats {
  uint64_t delivered = 0;
  uint64_t dropped_queue_full = 0;
  uint64_t dropped_after_retries = 0;
  uint64_t refused = 0;        // answered 4xx (not 429)
  uint64_t not_attempted = 0;  // still queued when Close gave up waiting
  uint64_t retries = 0;
  // Every alert the receiver did not get (the ledger has them all).
  uint64_t not_delivered() const {
    return dropped_queue_full + dropped_after_retries + refused + not_attempted;
  }
};

class WebhookSink final : public AlertSink {
 public:
  // `url`: http(s)://host[:port][/path]. Errors: kInvalidArgument for another URL.
  static Result<std::unique_ptr<WebhookSink>> Start(const std::string& url,
                                                    const WebhookOptions& options = {});
  ~WebhookSink() override;  // Close(0)
  WebhookSink(const WebhookSink&) = delete;
  WebhookSink& operator=(const WebhookSink&) = delete;

  void Deliver(const Alert& alert) override;

  // Stops taking alerts, waits up to `deadline` for the queue to drain, stops the sender.
  // Returns what happened to the alerts: each is counted once, those still queued at the
  // deadline as not_attempted.
  WebhookStats Close(std::chrono::milliseconds deadline);

 private:
  WebhookSink(std::string origin, std::string path, const WebhookOptions& options);
  void Send();
  // One alert until delivered, refused or out of attempts.
  void DeliverOne(const std::string& body);

  const std::string origin_;
  const std::string path_;
  const WebhookOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;  // GUARDED_BY(mu_)
  bool closing_ = false;           // GUARDED_BY(mu_)
  bool abandon_ = false;           // GUARDED_BY(mu_): stop even with alerts queued
  bool busy_ = false;              // GUARDED_BY(mu_): one alert is being sent
  WebhookStats stats_;             // GUARDED_BY(mu_)
  std::thread sender_;
};

}  // namespace xb::monitor

#endif  // XBORDER_MONITOR_WEBHOOK_H_
