#include "ledger/ledger.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/key_file.h"
#include "ledger/ledger_test_util.h"
#include "ledger/merkle.h"
#include "ledger/subject_set.h"

namespace xb::ledger {
namespace {

using testing::FreshDbPath;
using testing::OpenTestLedger;

std::vector<std::string> Entries(int n, int offset = 0) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    out.push_back("{\"seq\": " + std::to_string(i + offset) + ", \"kind\": \"transfer\"}");
  }
  return out;
}

std::vector<std::string> Bytes(const std::vector<Digest>& ds) {
  std::vector<std::string> out;
  for (const Digest& d : ds) out.push_back(DigestBytes(d));
  return out;
}

void Sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class LedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = FreshDbPath();
    ledger_ = OpenTestLedger(path_);
    ASSERT_NE(ledger_, nullptr);
  }
  void Reopen() {
    ledger_.reset();
    ledger_ = OpenTestLedger(path_);
    ASSERT_NE(ledger_, nullptr);
  }
  VerifyReport VerifyNow(const std::optional<std::string>& note = std::nullopt) {
    auto r = ledger_->Verify(note, std::nullopt);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? *r : VerifyReport{};
  }

  std::string path_;
  std::unique_ptr<Ledger> ledger_;
};

TEST_F(LedgerTest, AppendReportsIndexesAndTheRfc9162Root) {
  auto first = ledger_->Append(Entries(3));
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_EQ(first->first_index, 0u);
  EXPECT_EQ(first->count, 3u);
  EXPECT_EQ(first->size, 3u);
  auto second = ledger_->Append(Entries(2, 3));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->first_index, 3u);
  EXPECT_EQ(second->size, 5u);

  std::vector<Digest> leaves;
  for (uint64_t i = 0; i < 5; ++i) {
    auto e = ledger_->Entry(i);
    ASSERT_TRUE(e.ok());
    EXPECT_EQ(*e, "{\"kind\":\"transfer\",\"seq\":" + std::to_string(i) + "}");
    leaves.push_back(HashLeaf(*e));
  }
  EXPECT_EQ(second->root, RootOfLeaves(leaves));
  EXPECT_EQ(ledger_->Head()->root, RootOfLeaves(leaves));
}

TEST_F(LedgerTest, ProofsVerifyAgainstEveryEarlierRoot) {
  std::vector<Digest> roots = {EmptyRoot()};
  for (int i = 0; i < 23; ++i) {
    auto r = ledger_->Append(Entries(1, i));
    ASSERT_TRUE(r.ok());
    roots.push_back(r->root);
  }
  for (uint64_t size = 1; size <= 23; ++size) {
    for (uint64_t index = 0; index < size; ++index) {
      auto p = ledger_->ProveInclusion(index, size);
      ASSERT_TRUE(p.ok());
      EXPECT_EQ(p->leaf_hash, HashLeaf(*ledger_->Entry(index)));
      EXPECT_TRUE(VerifyInclusion(index, size, DigestBytes(p->leaf_hash), Bytes(p->proof),
                                  DigestBytes(roots[size]))
                      .ok());
    }
    for (uint64_t old = 1; old <= size; ++old) {
      auto c = ledger_->ProveConsistency(old, size);
      ASSERT_TRUE(c.ok());
      EXPECT_TRUE(
          VerifyConsistency(old, size, Bytes(*c), DigestBytes(roots[old]), DigestBytes(roots[size]))
              .ok());
    }
  }
  EXPECT_FALSE(ledger_->ProveInclusion(23, 23).ok());
  EXPECT_FALSE(ledger_->ProveInclusion(0, 24).ok());
  EXPECT_FALSE(ledger_->ProveConsistency(0, 5).ok());
  EXPECT_FALSE(ledger_->ProveConsistency(6, 5).ok());
}

TEST_F(LedgerTest, CheckpointIsSignedByTheLedgerKey) {
  ASSERT_TRUE(ledger_->Append(Entries(4)).ok());
  auto note = ledger_->CheckpointNote();
  ASSERT_TRUE(note.ok());
  auto cp = OpenCheckpoint(*note, testing::TestSigningKey().public_key());
  ASSERT_TRUE(cp.ok()) << cp.error().message;
  EXPECT_EQ(cp->size, 4u);
  EXPECT_EQ(cp->root, ledger_->Head()->root);
  EXPECT_EQ(cp->origin.rfind("xborder.ledger/", 0), 0u);
  EXPECT_EQ(*ledger_->LogPublicKey(), testing::TestSigningKey().public_key());
}

TEST_F(LedgerTest, ReadOnlyLedgerRefusesToAppendAndOtherKeysAreRefused) {
  ledger_.reset();
  auto ro = OpenTestLedger(path_, /*writable=*/false);
  ASSERT_NE(ro, nullptr);
  auto r = ro->Append(Entries(1));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  auto store = OpenSqliteStore(path_);
  ASSERT_TRUE(store.ok());
  auto other = Ledger::Open(std::move(store).value(), testing::TestSigningKey(1));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(LedgerTest, BadEntryInABatchWritesNothing) {
  ASSERT_TRUE(ledger_->Append(Entries(2)).ok());
  std::vector<std::string> batch = {R"({"ok":1})", R"({"bad":1.5})", R"({"ok":2})"};
  auto r = ledger_->Append(batch);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where.field, "entry 2");
  EXPECT_EQ(ledger_->Head()->size, 2u);
  std::vector<std::string> reserved = {R"({"subject_set":{}})"};
  EXPECT_EQ(ledger_->Append(reserved).error().code, ErrorCode::kParse);
  std::vector<std::string> nested = {R"({"x":{"subject_set":1}})"};
  EXPECT_TRUE(ledger_->Append(nested).ok());
  EXPECT_TRUE(VerifyNow().ok);
}

TransferRecord Transfer(const testing::TestSubjectHasher& hasher, const std::string& exporter,
                        int year, bool counted, int from, int to, int sensitive_from,
                        int sensitive_to) {
  TransferRecord t;
  t.entry_json = R"({"exporter":")" + exporter + R"(","recipient":"Example GmbH","year":)" +
                 std::to_string(year) + "}";
  t.group = {hasher.key_id(), exporter, year, counted};
  for (int i = from; i < to; ++i)
    t.individuals.push_back(hasher.Hash("1101011990" + std::to_string(10000000 + i)));
  for (int i = sensitive_from; i < sensitive_to; ++i) {
    t.sensitive.push_back(hasher.Hash("1101011990" + std::to_string(10000000 + i)));
  }
  return t;
}

TEST_F(LedgerTest, YearToDateCountsDistinctIndividualsPerPathAndYear) {
  SecretKey key = KeyFromBytes(std::array<uint8_t, 32>{1});
  testing::TestSubjectHasher hasher(key);
  // 2025: 0..49 counted. 2026: 0..99 counted, then 50..149 counted (overlap 50), 0..9 exempt;
  // sensitive 0..19 then 10..29.
  ASSERT_TRUE(ledger_->AppendTransfer(Transfer(hasher, "ACME", 2025, true, 0, 50, 0, 0)).ok());
  ASSERT_TRUE(ledger_->AppendTransfer(Transfer(hasher, "ACME", 2026, true, 0, 100, 0, 20)).ok());
  ASSERT_TRUE(ledger_->AppendTransfer(Transfer(hasher, "ACME", 2026, true, 50, 150, 10, 30)).ok());
  ASSERT_TRUE(ledger_->AppendTransfer(Transfer(hasher, "ACME", 2026, false, 0, 10, 0, 0)).ok());
  ASSERT_TRUE(ledger_->AppendTransfer(Transfer(hasher, "Other Co", 2026, true, 0, 7, 0, 0)).ok());
  testing::TestSubjectHasher old_hasher(KeyFromBytes(std::array<uint8_t, 32>{2}));
  ASSERT_TRUE(ledger_->AppendTransfer(Transfer(old_hasher, "ACME", 2026, true, 0, 40, 0, 5)).ok());

  auto ytd = ledger_->YearToDate("ACME", 2026, key.id);
  ASSERT_TRUE(ytd.ok()) << ytd.error().ToString();
  EXPECT_EQ(ytd->year_to_date.counted.individuals, 150);
  EXPECT_EQ(ytd->year_to_date.counted.sensitive_individuals, 30);
  EXPECT_EQ(ytd->year_to_date.exempt.individuals, 10);
  EXPECT_EQ(ytd->year_to_date.exempt.sensitive_individuals, 0);
  EXPECT_EQ(ytd->since_previous_year.counted.individuals, 150);  // 2025's 0..49 overlap
  EXPECT_EQ(ytd->other_keys_year_to_date.counted.individuals, 40);
  EXPECT_EQ(ytd->other_keys_year_to_date.counted.sensitive_individuals, 5);
  auto y2025 = ledger_->YearToDate("ACME", 2025, key.id);
  EXPECT_EQ(y2025->year_to_date.counted.individuals, 50);
  EXPECT_EQ(ledger_->YearToDate("Other Co", 2026, key.id)->year_to_date.counted.individuals, 7);
  EXPECT_TRUE(VerifyNow().ok);
}

TEST_F(LedgerTest, TransferEntryCarriesOnlyCountAndDigestOfItsSubjects) {
  SecretKey key = KeyFromBytes(std::array<uint8_t, 32>{3});
  testing::TestSubjectHasher hasher(key);
  TransferRecord t = Transfer(hasher, "ACME", 2026, true, 0, 3, 0, 1);
  t.individuals.push_back(t.individuals[0]);  // duplicates collapse
  auto r = ledger_->AppendTransfer(t);
  ASSERT_TRUE(r.ok());
  std::string entry = *ledger_->Entry(r->first_index);
  std::vector<Digest> set(t.individuals.begin(), t.individuals.end());
  NormalizeSubjects(set);
  EXPECT_NE(entry.find("\"individuals\":{\"count\":3,\"digest\":\"" + ToHex(SubjectSetDigest(set))),
            std::string::npos)
      << entry;
  EXPECT_NE(entry.find("\"key_id\":\"" + key.id + "\""), std::string::npos);
  EXPECT_EQ(entry.find(ToHex(t.individuals[0])), std::string::npos);
  // Raw identifiers reach neither the entry nor the database file.
  ledger_.reset();
  EXPECT_EQ(FileBytes(path_).find("110101199010000000"), std::string::npos);
  EXPECT_EQ(FileBytes(path_ + "-wal").find("110101199010000000"), std::string::npos);
}

TEST_F(LedgerTest, VerifyAcceptsAHealthyLedgerAndAnEarlierCheckpoint) {
  ASSERT_TRUE(ledger_->Append(Entries(7)).ok());
  std::string old_note = *ledger_->CheckpointNote();
  ASSERT_TRUE(ledger_->Append(Entries(6, 7)).ok());
  VerifyReport r = VerifyNow(old_note);
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.entries_checked, 13u);
  EXPECT_EQ(r.root, ledger_->Head()->root);
  EXPECT_NE(r.verifier_key.find(r.origin + "+"), std::string::npos);
}

TEST_F(LedgerTest, VerifyNamesAnAlteredEntry) {
  ASSERT_TRUE(ledger_->Append(Entries(10)).ok());
  Sql(path_, "UPDATE entry SET data = '{\"kind\":\"transfer\",\"seq\":99}' WHERE idx = 6");
  VerifyReport r = VerifyNow();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_index, 6u);
  EXPECT_NE(r.problem.find("entry 6"), std::string::npos) << r.problem;
}

TEST_F(LedgerTest, VerifyNamesADeletedEntry) {
  ASSERT_TRUE(ledger_->Append(Entries(10)).ok());
  Sql(path_, "DELETE FROM entry WHERE idx = 4");
  VerifyReport r = VerifyNow();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_index, 4u);
  EXPECT_NE(r.problem.find("missing"), std::string::npos) << r.problem;
}

TEST_F(LedgerTest, VerifyNamesReorderedEntries) {
  ASSERT_TRUE(ledger_->Append(Entries(10)).ok());
  Sql(path_,
      "UPDATE entry SET idx = -1 WHERE idx = 3; UPDATE entry SET idx = 3 WHERE idx = 8; "
      "UPDATE entry SET idx = 8 WHERE idx = -1;");
  VerifyReport r = VerifyNow();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_index, 3u);
}

TEST_F(LedgerTest, VerifyDetectsATruncatedTailAgainstAnOldCheckpoint) {
  ASSERT_TRUE(ledger_->Append(Entries(10)).ok());
  std::string note = *ledger_->CheckpointNote();
  // Rewriting history consistently (entries, nodes, head) still fails: the head signature and
  // the auditor's checkpoint both disagree.
  Sql(path_, "DELETE FROM entry WHERE idx >= 8; UPDATE head SET size = 8");
  VerifyReport r = VerifyNow(note);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("removed"), std::string::npos) << r.problem;
}

TEST_F(LedgerTest, VerifyDetectsTamperedSubjectHashesAndCounters) {
  testing::TestSubjectHasher hasher(KeyFromBytes(std::array<uint8_t, 32>{4}));
  ASSERT_TRUE(ledger_->AppendTransfer(Transfer(hasher, "ACME", 2026, true, 0, 5, 0, 0)).ok());
  ASSERT_TRUE(VerifyNow().ok);
  Sql(path_, "UPDATE counter SET n = n - 1");
  VerifyReport r = VerifyNow();
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("counter"), std::string::npos) << r.problem;
  Sql(path_,
      "UPDATE counter SET n = n + 1; DELETE FROM entry_subject WHERE hash = "
      "(SELECT hash FROM entry_subject LIMIT 1)");
  r = VerifyNow();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_index, 0u);
}

TEST_F(LedgerTest, AppendRefusesToBuildOnADamagedTail) {
  ASSERT_TRUE(ledger_->Append(Entries(5)).ok());
  Sql(path_, "UPDATE entry SET data = '{\"seq\":0}' WHERE idx = 4");
  auto r = ledger_->Append(Entries(1));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kCorruption);
}

TEST_F(LedgerTest, DamagedDatabaseFileIsAnErrorNotACrash) {
  ASSERT_TRUE(ledger_->Append(Entries(2000)).ok());
  ledger_.reset();
  auto size = std::filesystem::file_size(path_);
  // Corrupt bytes in the middle, then truncate: each must yield an error or a failed report.
  {
    std::fstream f(path_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    std::string junk(4096, '\xA5');
    f.write(junk.data(), junk.size());
  }
  auto check = [this] {
    auto store = OpenSqliteStore(path_, {.access = SqliteAccess::kReadWrite});
    if (!store.ok()) {
      EXPECT_EQ(store.error().code, ErrorCode::kCorruption) << store.error().ToString();
      return;
    }
    auto ledger = Ledger::Open(std::move(store).value(), std::nullopt);
    ASSERT_TRUE(ledger.ok());
    auto r = (*ledger)->Verify(std::nullopt, std::nullopt);
    if (r.ok()) {
      EXPECT_FALSE(r->ok);
      EXPECT_FALSE(r->problem.empty());
    } else {
      EXPECT_EQ(r.error().code, ErrorCode::kCorruption) << r.error().ToString();
    }
  };
  check();
  std::filesystem::resize_file(path_, size / 3);
  check();
  std::filesystem::resize_file(path_, 100);
  check();
}

TEST_F(LedgerTest, ExportYieldsEntriesInOrder) {
  ASSERT_TRUE(ledger_->Append(Entries(4)).ok());
  std::vector<std::string> seen;
  ASSERT_TRUE(ledger_
                  ->Export([&](uint64_t i, std::string_view e) {
                    EXPECT_EQ(i, seen.size());
                    seen.emplace_back(e);
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[2], "{\"kind\":\"transfer\",\"seq\":2}");
}

}  // namespace
}  // namespace xb::ledger
