// POST /v1/ledger/entries (what `ledger append` writes, through the API) and the checks made
// before a request's body is read, against a real server on a loopback ephemeral port.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "server/server_test_util.h"

namespace xb::server {
namespace {

using Json = nlohmann::json;
constexpr const char* kPhone = "13800138000";

class EntriesApiTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.ok()) << "the test server did not start"; }

  httplib::Result Append(Role role, const std::string& body, const std::string& query = "") {
    return server_.Call(role, "POST", "/v1/ledger/entries" + query, body, "application/json");
  }
  uint64_t LedgerSize() {
    auto r = server_.Call(std::nullopt, "GET", "/healthz");
    return r ? Json::parse(r->body)["ledger_size"].get<uint64_t>() : 0;
  }
  // Sends raw bytes on a new connection; returns everything the server answers until it
  // closes or `wait` passes, and how long that took.
  std::pair<std::string, double> Raw(const std::string& bytes,
                                     std::chrono::milliseconds wait = std::chrono::seconds(3)) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(server_.port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(::send(fd, bytes.data(), bytes.size(), 0), static_cast<ssize_t>(bytes.size()));
    timeval tv{static_cast<time_t>(wait.count() / 1000),
               static_cast<suseconds_t>(wait.count() % 1000 * 1000)};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::string out;
    char buf[4096];
    for (;;) {
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return {out, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
  }

  TestServer server_;
};

TEST_F(EntriesApiTest, AppendsOneEntryABatchAndARecordWithSubjects) {
  auto one = Append(Role::kOfficer, R"({"type":"note","text":"hello"})");
  ASSERT_TRUE(one);
  ASSERT_EQ(one->status, 201) << one->body;
  Json j = Json::parse(one->body);
  EXPECT_EQ(j["first_index"], 0);
  EXPECT_EQ(j["count"], 1);
  EXPECT_EQ(j["size"], 1);
  EXPECT_EQ(one->get_header_value("Location"), "/v1/ledger/entries/0");
  auto read = server_.Call(Role::kAuditor, "GET", "/v1/ledger/entries/0");
  ASSERT_TRUE(read);
  EXPECT_EQ(Json::parse(read->body)["entry"], R"({"text":"hello","type":"note"})");

  auto batch = Append(Role::kAdmin, "{\"type\":\"a\"}\n\n{\"type\":\"b\"}\n");
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->status, 201) << batch->body;
  EXPECT_EQ(Json::parse(batch->body)["count"], 2);
  EXPECT_EQ(Json::parse(batch->body)["first_index"], 1);

  // One person written three ways, and one more: two individuals, counted as `ledger append
  // --subjects` counts them.
  const std::string record =
      std::string(R"({"entry":{"type":"transfer","exporter":"Acme"},"individuals":[")") + kPhone +
      R"(","+86 138 0013 8000"," 138-0013-8000 ","alice@example.com",""],"sensitive":[]})";
  auto with_subjects = Append(Role::kOfficer, record, "?exporter=Acme&year=2026");
  ASSERT_TRUE(with_subjects);
  ASSERT_EQ(with_subjects->status, 201) << with_subjects->body;
  EXPECT_EQ(with_subjects->body.find(kPhone), std::string::npos);
  auto stats = server_.Call(Role::kAuditor, "GET", "/v1/stats?exporter=Acme&year=2026");
  ASSERT_TRUE(stats);
  EXPECT_EQ(Json::parse(stats->body)["year_to_date"]["counted"]["individuals"], 2) << stats->body;
  auto entry = server_.Call(Role::kAuditor, "GET", "/v1/ledger/entries/3");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->body.find(kPhone), std::string::npos) << "only keyed hashes are recorded";
  EXPECT_EQ(LedgerSize(), 4u);
}

TEST_F(EntriesApiTest, RefusesOtherRolesAndBadInputWithoutEchoingIt) {
  const std::string entry = R"({"type":"note"})";
  for (Role role : {Role::kEngineer, Role::kAuditor}) {
    auto r = Append(role, entry);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403) << r->body;
  }
  auto broken = Append(Role::kOfficer, std::string("{\"type\":\"x\" \"") + kPhone + "\"}");
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->status, 400);
  EXPECT_EQ(broken->body.find(kPhone), std::string::npos) << broken->body;
  auto not_text = Append(Role::kOfficer, R"({"entry":{"type":"t"},"individuals":[13800138000]})",
                         "?exporter=Acme&year=2026");
  ASSERT_TRUE(not_text);
  EXPECT_EQ(not_text->status, 422);
  EXPECT_EQ(Json::parse(not_text->body)["field"], "individuals[0]");
  EXPECT_EQ(not_text->body.find(kPhone), std::string::npos) << not_text->body;
  auto bad_line = Append(Role::kOfficer, "{\"type\":\"a\"}\n{\"type\":1.5}\n");
  ASSERT_TRUE(bad_line);
  EXPECT_EQ(bad_line->status, 400);
  EXPECT_EQ(Json::parse(bad_line->body)["line"], 2) << bad_line->body;
  auto reserved = Append(Role::kOfficer, R"({"type":"t","subject_set":{}})");
  ASSERT_TRUE(reserved);
  EXPECT_EQ(reserved->status, 400) << reserved->body;
  auto no_year = Append(Role::kOfficer, R"({"entry":{"type":"t"}})", "?exporter=Acme");
  ASSERT_TRUE(no_year);
  EXPECT_EQ(no_year->status, 400);
  EXPECT_EQ(Json::parse(no_year->body)["field"], "year");
  EXPECT_EQ(LedgerSize(), 0u) << "nothing refused was written";
}

// Concurrent single entries share commits (GroupCommitter) and every client gets its own index.
TEST_F(EntriesApiTest, ConcurrentSingleEntriesGetDistinctIndexesAndTheLedgerVerifies) {
  constexpr int kClients = 8;
  constexpr int kEach = 25;
  std::vector<std::vector<uint64_t>> indexes(kClients);
  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      httplib::Client client = server_.Client(Role::kOfficer);
      for (int i = 0; i < kEach; ++i) {
        const std::string body =
            "{\"client\":" + std::to_string(c) + ",\"n\":" + std::to_string(i) + "}";
        auto r = client.Post("/v1/ledger/entries", body, "application/json");
        if (!r || r->status != 201) {
          failures.fetch_add(1);
          continue;
        }
        indexes[c].push_back(Json::parse(r->body)["first_index"].get<uint64_t>());
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(failures.load(), 0);
  std::set<uint64_t> all;
  for (const auto& list : indexes) {
    // One client's entries are in the order it sent them.
    for (size_t i = 1; i < list.size(); ++i) EXPECT_LT(list[i - 1], list[i]);
    all.insert(list.begin(), list.end());
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kClients * kEach));
  EXPECT_EQ(*all.rbegin(), static_cast<uint64_t>(kClients * kEach - 1));
  server_.Stop();
  CliRun verified = RunCli({"--db", server_.options().db, "--key-file", server_.options().key_file,
                            "--format", "json", "ledger", "verify"});
  ASSERT_EQ(verified.exit_code, 0) << verified.out;
  Json v = Json::parse(verified.out);
  EXPECT_TRUE(v["ok"].get<bool>());
  EXPECT_EQ(v["size"], kClients * kEach);
}

// Review #14 finding 7: identity, role and length are checked before the body is read.
TEST_F(EntriesApiTest, RefusesBeforeReadingTheBody) {
  const std::string host = "Host: 127.0.0.1\r\n";
  // No Content-Length: 411 at once (not a wait for the read timeout).
  auto [no_length, t1] = Raw("POST /v1/assess HTTP/1.1\r\n" + host + "Authorization: Bearer " +
                             server_.token(Role::kOfficer) + "\r\n\r\n");
  EXPECT_EQ(no_length.rfind("HTTP/1.1 411", 0), 0u) << no_length;
  EXPECT_LT(t1, 2.0);
  // A body announced but never sent: without a token the answer comes at once, so the server
  // did not wait for the body.
  auto [no_token, t2] =
      Raw("POST /v1/transfers HTTP/1.1\r\n" + host + "Content-Length: 500000\r\n\r\n");
  EXPECT_EQ(no_token.rfind("HTTP/1.1 401", 0), 0u) << no_token;
  EXPECT_LT(t2, 2.0);
  // Wrong role, wrong method, unknown route: the same.
  auto [wrong_role, t3] =
      Raw("POST /v1/ledger/entries HTTP/1.1\r\n" + host + "Authorization: Bearer " +
          server_.token(Role::kAuditor) + "\r\nContent-Length: 500000\r\n\r\n");
  EXPECT_EQ(wrong_role.rfind("HTTP/1.1 403", 0), 0u) << wrong_role;
  EXPECT_LT(t3, 2.0);
  auto [put, t4] = Raw("PUT /v1/assess HTTP/1.1\r\n" + host + "\r\n");
  EXPECT_EQ(put.rfind("HTTP/1.1 405", 0), 0u) << put;
  EXPECT_LT(t4, 2.0);
  auto [nowhere, t5] = Raw("POST /v1/nowhere HTTP/1.1\r\n" + host + "Content-Length: 9\r\n\r\n");
  EXPECT_EQ(nowhere.rfind("HTTP/1.1 404", 0), 0u) << nowhere;
  EXPECT_LT(t5, 2.0);
  // The unread body is never taken for a request: the connection closes after the refusal, so
  // the request hidden in the body gets no answer of its own.
  const std::string hidden = "GET /healthz HTTP/1.1\r\n" + host + "\r\n";
  auto [refused, t6] = Raw("POST /v1/ledger/entries HTTP/1.1\r\n" + host + "Content-Length: " +
                           std::to_string(hidden.size()) + "\r\n\r\n" + hidden);
  EXPECT_EQ(refused.rfind("HTTP/1.1 401", 0), 0u) << refused;
  EXPECT_EQ(refused.find("HTTP/1.1 200"), std::string::npos) << refused;
  EXPECT_NE(refused.find("Connection: close"), std::string::npos) << refused;
  // An admitted request still gets its body read and answered, on a connection kept open.
  const std::string entry = R"({"type":"note"})";
  auto [ok, t7] = Raw("POST /v1/ledger/entries HTTP/1.1\r\n" + host + "Authorization: Bearer " +
                          server_.token(Role::kOfficer) + "\r\nContent-Length: " +
                          std::to_string(entry.size()) + "\r\n\r\n" + entry,
                      std::chrono::milliseconds(1000));
  EXPECT_EQ(ok.rfind("HTTP/1.1 201", 0), 0u) << ok;
  EXPECT_EQ(ok.find("Connection: close"), std::string::npos) << ok;
}

}  // namespace
}  // namespace xb::server
