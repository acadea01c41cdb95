// Fault tests (issue #4): an append that fails at any write leaves the ledger as it was; a
// process killed in the middle of appends leaves a valid ledger with every acknowledged entry;
// two processes appending at once both succeed and their batches never interleave.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "core/key_file.h"
#include "ledger/ledger.h"
#include "ledger/ledger_test_util.h"
#include "ledger/subject_set.h"

namespace xb::ledger {
namespace {

using testing::FaultyStore;
using testing::FreshDbPath;
using testing::OpenTestLedger;

TEST(LedgerFaults, AFailureAtAnyWriteLeavesTheLedgerUnchanged) {
  std::string path = FreshDbPath();
  auto store = OpenSqliteStore(path);
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
    auto probe_path = FreshDbPath();
    auto probe_store = OpenSqliteStore(probe_path);
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

TEST(LedgerFaults, SigkillDuringAppendsLosesNoAcknowledgedEntry) {
  std::string path = FreshDbPath();
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

TEST(LedgerFaults, TwoProcessesAppendingAtOnceNeverInterleave) {
  std::string path = FreshDbPath();
  ASSERT_NE(OpenTestLedger(path), nullptr);  // create the file first
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

}  // namespace
}  // namespace xb::ledger
