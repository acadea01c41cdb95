// Fault tests (issue #4): an append that fails at any write leaves the ledger as it was; a
// process killed in the middle of appends leaves a valid ledger with every acknowledged entry;
// two processes appending at once both succeed, their batches never interleave, and their
// transfers' distinct-subject counters come out exact. Every test runs on SQLite and PostgreSQL.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/key_file.h"
#include "ledger/ledger.h"
#include "ledger/ledger_test_util.h"
#include "ledger/store_test_backends.h"
#include "ledger/subject_set.h"

namespace xb::ledger {
namespace {

using testing::FaultyStore;
using testing::OpenTestLedger;

template <class Backend>
class LedgerFaults : public testing::BackendTest<Backend> {};
TYPED_TEST_SUITE(LedgerFaults, testing::StoreBackends, testing::BackendNames);

TYPED_TEST(LedgerFaults, AFailureAtAnyWriteLeavesTheLedgerUnchanged) {
  auto store = TypeParam::Open(this->db_);
  ASSERT_TRUE(store.ok());
  auto faulty_owned = std::make_unique<FaultyStore>(std::move(store).value(), 0);
  FaultyStore* faulty = faulty_owned.get();
  auto opened = Ledger::Open(std::move(faulty_owned), testing::TestSigningKey());
  ASSERT_TRUE(opened.ok());
  Ledger& ledger = **opened;
  std::vector<std::string> seed = {R"({"n":0})", R"({"n":1})", R"({"n":2})"};
  ASSERT_TRUE(ledger.Append(seed).ok());

  testing::TestSubjectHasher hasher(KeyFromBytes(std::array<uint8_t, 32>{5}));
  TransferRecord t;
  t.entry_json = R"({"purpose":"hr_management"})";
  t.group = {hasher.key_id(), "ACME", 2026, true};
  for (int i = 0; i < 5; ++i) t.individuals.push_back(hasher.Hash("id" + std::to_string(i)));
  t.sensitive.push_back(t.individuals[0]);

  // Count the writes of one successful transfer append, then fail each of them in turn.
  faulty->set_fail_at(-1);
  Digest root_before = ledger.Head()->root;
  int total = 0;
  {
    auto probe_store = TypeParam::Open(this->FreshDb());
    auto probe_owned = std::make_unique<FaultyStore>(std::move(probe_store).value(), -1);
    FaultyStore* probe = probe_owned.get();
    auto probe_ledger = Ledger::Open(std::move(probe_owned), testing::TestSigningKey());
    ASSERT_TRUE((*probe_ledger)->Append(seed).ok());
    probe->set_fail_at(-1);
    ASSERT_TRUE((*probe_ledger)->AppendTransfer(t).ok());
    total = probe->writes();
  }
  ASSERT_GE(total, 5);
  for (int n = 1; n <= total; ++n) {
    faulty->set_fail_at(n);
    auto r = ledger.AppendTransfer(t);
    ASSERT_FALSE(r.ok()) << "write " << n;
    EXPECT_EQ(ledger.Head()->size, 3u);
    EXPECT_EQ(ledger.Head()->root, root_before);
    auto ytd = ledger.YearToDate("ACME", 2026, hasher.key_id());
    EXPECT_EQ(ytd->year_to_date.counted.individuals, 0);
  }
  faulty->set_fail_at(-1);
  ASSERT_TRUE(ledger.AppendTransfer(t).ok());
  EXPECT_EQ(ledger.YearToDate("ACME", 2026, hasher.key_id())->year_to_date.counted.individuals, 5);
  auto report = ledger.Verify(std::nullopt, std::nullopt);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->problem;
}

// Appends forever, writing each acknowledged index to `fd` after Append returned.
[[noreturn]] void AppendForever(const std::string& path, int fd) {
  auto ledger = OpenTestLedger(path);
  if (ledger == nullptr) _exit(3);
  for (int i = 0;; ++i) {
    std::vector<std::string> batch;
    for (int j = 0; j < 1 + i % 7; ++j) {
      batch.push_back("{\"batch\":" + std::to_string(i) + ",\"j\":" + std::to_string(j) + "}");
    }
    auto r = ledger->Append(batch);
    if (!r.ok()) _exit(4);
    uint64_t last = r->first_index + r->count - 1;
    if (::write(fd, &last, sizeof last) != sizeof last) _exit(5);
  }
}

TYPED_TEST(LedgerFaults, SigkillDuringAppendsLosesNoAcknowledgedEntry) {
  const std::string& path = this->db_;
  for (int round = 0; round < 3; ++round) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      AppendForever(path, fds[1]);
    }
    ::close(fds[1]);
    // Let it acknowledge a few appends, then kill it mid-stream.
    uint64_t acked = 0;
    int got = 0;
    bool any = false;
    while (got < 20 + 15 * round) {
      ssize_t n = ::read(fds[0], &acked, sizeof acked);
      ASSERT_EQ(n, static_cast<ssize_t>(sizeof acked));
      ++got;
      any = true;
    }
    ::kill(pid, SIGKILL);
    uint64_t more;
    while (::read(fds[0], &more, sizeof more) == sizeof more) acked = more;
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status));
    ASSERT_TRUE(any);

    auto ledger = OpenTestLedger(path);
    ASSERT_NE(ledger, nullptr);
    auto head = ledger->Head();
    ASSERT_TRUE(head.ok());
    EXPECT_GT(head->size, acked) << "an acknowledged entry was lost";
    auto report = ledger->Verify(std::nullopt, std::nullopt);
    ASSERT_TRUE(report.ok()) << report.error().ToString();
    EXPECT_TRUE(report->ok) << report->problem;
    // The reopened ledger still takes appends.
    std::vector<std::string> one = {R"({"after_kill":true})"};
    EXPECT_TRUE(ledger->Append(one).ok());
  }
}

TYPED_TEST(LedgerFaults, TwoProcessesAppendingAtOnceNeverInterleave) {
  const std::string& path = this->db_;
  ASSERT_NE(OpenTestLedger(path), nullptr);  // create the database first
  constexpr int kBatches = 40;
  constexpr int kBatchSize = 5;
  std::vector<pid_t> children;
  for (int writer = 0; writer < 2; ++writer) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      auto ledger = OpenTestLedger(path);
      if (ledger == nullptr) _exit(3);
      for (int b = 0; b < kBatches; ++b) {
        std::vector<std::string> batch;
        for (int j = 0; j < kBatchSize; ++j) {
          batch.push_back("{\"batch\":" + std::to_string(b) + ",\"j\":" + std::to_string(j) +
                          ",\"writer\":" + std::to_string(writer) + "}");
        }
        if (!ledger->Append(batch).ok()) _exit(4);
      }
      _exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "an appender failed";
  }
  auto ledger = OpenTestLedger(path);
  ASSERT_EQ(ledger->Head()->size, 2u * kBatches * kBatchSize);
  // Every batch occupies kBatchSize consecutive indexes, in order.
  for (uint64_t i = 0; i < 2u * kBatches * kBatchSize; i += kBatchSize) {
    std::string first = *ledger->Entry(i);
    std::string writer = first.substr(first.find("\"writer\""));
    EXPECT_NE(first.find("\"j\":0,"), std::string::npos) << first;
    for (int j = 1; j < kBatchSize; ++j) {
      std::string e = *ledger->Entry(i + j);
      EXPECT_EQ(e.substr(e.find("\"writer\"")), writer) << "interleaved at " << i + j;
      EXPECT_NE(e.find("\"j\":" + std::to_string(j) + ","), std::string::npos);
    }
  }
  auto report = ledger->Verify(std::nullopt, std::nullopt);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->problem;
}

// Writer `writer`'s j-th transfer: 50 identifiers shared with the other writer (a window that
// slides by 10), one of its own, and the first 5 of the window as sensitive.
TransferRecord WriterTransfer(const testing::TestSubjectHasher& hasher, int writer, int j) {
  TransferRecord t;
  t.entry_json = "{\"type\":\"transfer\",\"writer\":" + std::to_string(writer) +
                 ",\"seq\":" + std::to_string(j) + "}";
  t.group = {hasher.key_id(), "ACME", 2026, true};
  for (int i = j * 10; i < j * 10 + 50; ++i)
    t.individuals.push_back(hasher.Hash("p" + std::to_string(i)));
  t.individuals.push_back(hasher.Hash("w" + std::to_string(writer) + "-" + std::to_string(j)));
  for (int i = j * 10; i < j * 10 + 5; ++i)
    t.sensitive.push_back(hasher.Hash("p" + std::to_string(i)));
  return t;
}

TYPED_TEST(LedgerFaults, TwoProcessesAppendingTransfersKeepOneConsistentLedger) {
  const std::string& path = this->db_;
  ASSERT_NE(OpenTestLedger(path), nullptr);
  constexpr int kTransfers = 20;
  constexpr int kPlainPerRound = 3;
  const SecretKey key = KeyFromBytes(std::array<uint8_t, 32>{9});
  std::vector<pid_t> children;
  for (int writer = 0; writer < 2; ++writer) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      auto ledger = OpenTestLedger(path);
      if (ledger == nullptr) _exit(3);
      testing::TestSubjectHasher hasher(key);
      for (int j = 0; j < kTransfers; ++j) {
        if (!ledger->AppendTransfer(WriterTransfer(hasher, writer, j)).ok()) _exit(4);
        std::vector<std::string> plain;
        for (int k = 0; k < kPlainPerRound; ++k) {
          plain.push_back("{\"type\":\"note\",\"writer\":" + std::to_string(writer) +
                          ",\"seq\":" + std::to_string(j * kPlainPerRound + k) + "}");
        }
        if (!ledger->Append(plain).ok()) _exit(5);
      }
      _exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "an appender failed";
  }
  auto ledger = OpenTestLedger(path);
  ASSERT_NE(ledger, nullptr);
  // Sizes add up, and every entry is there exactly once.
  const uint64_t expected = 2 * kTransfers * (1 + kPlainPerRound);
  ASSERT_EQ(ledger->Head()->size, expected);
  std::set<std::string> seen;
  ASSERT_TRUE(ledger
                  ->Export([&](uint64_t, std::string_view entry) {
                    // An entry is identified by its type, writer and sequence number.
                    auto j = nlohmann::json::parse(entry);
                    std::string id = j["type"].get<std::string>() + "/" + j["writer"].dump() + "/" +
                                     j["seq"].dump();
                    EXPECT_TRUE(seen.insert(id).second) << "twice: " << id;
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(seen.size(), expected);
  // The Merkle root, the signed head and the subject index all verify.
  auto report = ledger->Verify(std::nullopt, std::nullopt);
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  EXPECT_TRUE(report->ok) << report->problem;
  // Counters are exact: windows 0..49, 10..59, ..., 190..239 give 240 shared identifiers, plus
  // one of each writer's own per transfer; sensitive: 5 of every 10 in 0..194.
  auto ytd = ledger->YearToDate("ACME", 2026, key.id);
  ASSERT_TRUE(ytd.ok()) << ytd.error().ToString();
  EXPECT_EQ(ytd->year_to_date.counted.individuals, 240 + 2 * kTransfers);
  EXPECT_EQ(ytd->year_to_date.counted.sensitive_individuals, 5 * kTransfers);
}

}  // namespace
}  // namespace xb::ledger
