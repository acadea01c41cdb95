#include "monitor/webhook.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

namespace xb::monitor {
namespace {

Alert Sample(int i) {
  Alert a;
  a.time = "2026-11-25T10:00+08:00";
  a.kind = "unplanned_flow";
  a.severity = "high";
  a.exporter = "E";
  a.recipient = "R";
  a.detail = "alert " + std::to_string(i);
  a.event_ref = "test#" + std::to_string(i);
  return a;
}

// An HTTP receiver on a free loopback port whose answer the test chooses.
class Receiver {
 public:
  explicit Receiver(std::function<int(int request)> status) : status_(std::move(status)) {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      int n = ++requests_;
      res.status = status_(n);
      if (res.status == 200) {
        std::lock_guard<std::mutex> lock(mu_);
        bodies_.push_back(req.body);
      }
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  int requests() const { return requests_; }
  std::vector<std::string> bodies() {
    std::lock_guard<std::mutex> lock(mu_);
    return bodies_;
  }

 private:
  std::function<int(int)> status_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<int> requests_{0};
  std::mutex mu_;
  std::vector<std::string> bodies_;
};

WebhookOptions Fast() {
  WebhookOptions o;
  o.initial_backoff = std::chrono::milliseconds(10);
  o.timeout = std::chrono::milliseconds(1000);
  return o;
}

TEST(Webhook, PostsEachAlertAsJsonRetryingUnavailableReceivers) {
  Receiver receiver([](int n) { return n <= 2 ? 503 : 200; });  // down for the first two
  auto sink = WebhookSink::Start(receiver.Url(), Fast());
  ASSERT_TRUE(sink.ok()) << sink.error().ToString();
  for (int i = 0; i < 3; ++i) (*sink)->Deliver(Sample(i));
  WebhookStats stats = (*sink)->Close(std::chrono::seconds(10));
  EXPECT_EQ(stats.delivered, 3u);
  EXPECT_EQ(stats.retries, 2u);
  auto bodies = receiver.bodies();
  ASSERT_EQ(bodies.size(), 3u);
  auto first = nlohmann::json::parse(bodies[0]);
  EXPECT_EQ(first["kind"], "unplanned_flow");
  EXPECT_EQ(first["detail"], "alert 0");  // in order
}

TEST(Webhook, RefusalsAreNotRetried) {
  Receiver receiver([](int) { return 400; });
  auto sink = WebhookSink::Start(receiver.Url(), Fast());
  ASSERT_TRUE(sink.ok());
  (*sink)->Deliver(Sample(1));
  WebhookStats stats = (*sink)->Close(std::chrono::seconds(10));
  EXPECT_EQ(stats.refused, 1u);
  EXPECT_EQ(receiver.requests(), 1);
}

TEST(Webhook, AnAbsentReceiverCostsBoundedRetriesThenTheAlertIsDropped) {
  WebhookOptions o = Fast();
  o.max_attempts = 3;
  auto sink = WebhookSink::Start("http://127.0.0.1:1/hook", o);
  ASSERT_TRUE(sink.ok());
  (*sink)->Deliver(Sample(1));
  WebhookStats stats = (*sink)->Close(std::chrono::seconds(10));
  EXPECT_EQ(stats.dropped_after_retries, 1u);
  EXPECT_EQ(stats.retries, 2u);
}

TEST(Webhook, TheQueueIsBounded) {
  std::atomic<bool> release{false};
  Receiver receiver([&](int) {
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return 200;
  });
  WebhookOptions o = Fast();
  o.max_queue = 2;
  auto sink = WebhookSink::Start(receiver.Url(), o);
  ASSERT_TRUE(sink.ok());
  for (int i = 0; i < 10; ++i) {
    (*sink)->Deliver(Sample(i));
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  release = true;
  WebhookStats stats = (*sink)->Close(std::chrono::seconds(10));
  EXPECT_EQ(stats.delivered + stats.dropped_queue_full, 10u);
  EXPECT_GE(stats.dropped_queue_full, 7u);  // one in flight, two queued
}

TEST(Webhook, EveryAlertNotDeliveredIsCountedWhenCloseGivesUp) {
  Receiver receiver([](int) { return 503; });
  WebhookOptions o = Fast();
  o.initial_backoff = std::chrono::milliseconds(200);  // the first alert is still retrying
  auto sink = WebhookSink::Start(receiver.Url(), o);
  ASSERT_TRUE(sink.ok());
  for (int i = 0; i < 10; ++i) (*sink)->Deliver(Sample(i));
  WebhookStats stats = (*sink)->Close(std::chrono::milliseconds(100));
  EXPECT_EQ(stats.delivered, 0u);
  EXPECT_EQ(stats.not_delivered(), 10u);
  EXPECT_GE(stats.not_attempted, 8u);
}

TEST(Webhook, OnlyHttpUrls) {
  EXPECT_FALSE(WebhookSink::Start("ftp://x/y").ok());
  EXPECT_FALSE(WebhookSink::Start("http://").ok());
}

}  // namespace
}  // namespace xb::monitor
