#include "ledger/ledger.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/key_file.h"
#include "ledger/ledger_test_util.h"
#include "ledger/merkle.h"
#include "ledger/store_test_backends.h"
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

template <class Backend>
class LedgerTest : public testing::BackendTest<Backend> {
 protected:
  void SetUp() override {
    testing::BackendTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    ledger_ = OpenTestLedger(this->db_);
    ASSERT_NE(ledger_, nullptr);
  }
  VerifyReport VerifyNow(const std::optional<std::string>& note = std::nullopt) {
    auto r = ledger_->Verify(note, std::nullopt);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? *r : VerifyReport{};
  }

  std::unique_ptr<Ledger> ledger_;
};
TYPED_TEST_SUITE(LedgerTest, testing::StoreBackends, testing::BackendNames);
using SqliteLedgerTest = LedgerTest<testing::SqliteBackend>;

TYPED_TEST(LedgerTest, AppendReportsIndexesAndTheRfc9162Root) {
  auto first = this->ledger_->Append(Entries(3));
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_EQ(first->first_index, 0u);
  EXPECT_EQ(first->count, 3u);
  EXPECT_EQ(first->size, 3u);
  auto second = this->ledger_->Append(Entries(2, 3));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->first_index, 3u);
  EXPECT_EQ(second->size, 5u);

  std::vector<Digest> leaves;
  for (uint64_t i = 0; i < 5; ++i) {
    auto e = this->ledger_->Entry(i);
    ASSERT_TRUE(e.ok());
    EXPECT_EQ(*e, "{\"kind\":\"transfer\",\"seq\":" + std::to_string(i) + "}");
    leaves.push_back(HashLeaf(*e));
  }
  EXPECT_EQ(second->root, RootOfLeaves(leaves));
  EXPECT_EQ(this->ledger_->Head()->root, RootOfLeaves(leaves));
}

TYPED_TEST(LedgerTest, ProofsVerifyAgainstEveryEarlierRoot) {
  std::vector<Digest> roots = {EmptyRoot()};
  for (int i = 0; i < 23; ++i) {
    auto r = this->ledger_->Append(Entries(1, i));
    ASSERT_TRUE(r.ok());
    roots.push_back(r->root);
  }
  for (uint64_t size = 1; size <= 23; ++size) {
    for (uint64_t index = 0; index < size; ++index) {
      auto p = this->ledger_->ProveInclusion(index, size);
      ASSERT_TRUE(p.ok());
      EXPECT_EQ(p->leaf_hash, HashLeaf(*this->ledger_->Entry(index)));
      EXPECT_TRUE(VerifyInclusion(index, size, DigestBytes(p->leaf_hash), Bytes(p->proof),
                                  DigestBytes(roots[size]))
                      .ok());
    }
    for (uint64_t old = 1; old <= size; ++old) {
      auto c = this->ledger_->ProveConsistency(old, size);
      ASSERT_TRUE(c.ok());
      EXPECT_TRUE(
          VerifyConsistency(old, size, Bytes(*c), DigestBytes(roots[old]), DigestBytes(roots[size]))
              .ok());
    }
  }
  EXPECT_FALSE(this->ledger_->ProveInclusion(23, 23).ok());
  EXPECT_FALSE(this->ledger_->ProveInclusion(0, 24).ok());
  EXPECT_FALSE(this->ledger_->ProveConsistency(0, 5).ok());
  EXPECT_FALSE(this->ledger_->ProveConsistency(6, 5).ok());
}

TYPED_TEST(LedgerTest, CheckpointIsSignedByTheLedgerKey) {
  ASSERT_TRUE(this->ledger_->Append(Entries(4)).ok());
  auto note = this->ledger_->CheckpointNote();
  ASSERT_TRUE(note.ok());
  auto cp = OpenCheckpoint(*note, testing::TestSigningKey().public_key());
  ASSERT_TRUE(cp.ok()) << cp.error().message;
  EXPECT_EQ(cp->size, 4u);
  EXPECT_EQ(cp->root, this->ledger_->Head()->root);
  EXPECT_EQ(cp->origin.rfind("xborder.ledger/", 0), 0u);
  EXPECT_EQ(*this->ledger_->LogPublicKey(), testing::TestSigningKey().public_key());
}

TYPED_TEST(LedgerTest, ReadOnlyLedgerRefusesToAppendAndOtherKeysAreRefused) {
  this->ledger_.reset();
  auto ro = OpenTestLedger(this->db_, /*writable=*/false);
  ASSERT_NE(ro, nullptr);
  auto r = ro->Append(Entries(1));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  auto store = TypeParam::Open(this->db_);
  ASSERT_TRUE(store.ok());
  auto other = Ledger::Open(std::move(store).value(), testing::TestSigningKey(1));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kFailedPrecondition);
}

TYPED_TEST(LedgerTest, BadEntryInABatchWritesNothing) {
  ASSERT_TRUE(this->ledger_->Append(Entries(2)).ok());
  std::vector<std::string> batch = {R"({"ok":1})", R"({"bad":1.5})", R"({"ok":2})"};
  auto r = this->ledger_->Append(batch);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where.field, "entry 2");
  EXPECT_EQ(this->ledger_->Head()->size, 2u);
  std::vector<std::string> reserved = {R"({"subject_set":{}})"};
  EXPECT_EQ(this->ledger_->Append(reserved).error().code, ErrorCode::kParse);
  std::vector<std::string> nested = {R"({"x":{"subject_set":1}})"};
  EXPECT_TRUE(this->ledger_->Append(nested).ok());
  EXPECT_TRUE(this->VerifyNow().ok);
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

TYPED_TEST(LedgerTest, YearToDateCountsDistinctIndividualsPerPathAndYear) {
  SecretKey key = KeyFromBytes(std::array<uint8_t, 32>{1});
  testing::TestSubjectHasher hasher(key);
  // 2025: 0..49 counted. 2026: 0..99 counted, then 50..149 counted (overlap 50), 0..9 exempt;
  // sensitive 0..19 then 10..29.
  ASSERT_TRUE(
      this->ledger_->AppendTransfer(Transfer(hasher, "ACME", 2025, true, 0, 50, 0, 0)).ok());
  ASSERT_TRUE(
      this->ledger_->AppendTransfer(Transfer(hasher, "ACME", 2026, true, 0, 100, 0, 20)).ok());
  ASSERT_TRUE(
      this->ledger_->AppendTransfer(Transfer(hasher, "ACME", 2026, true, 50, 150, 10, 30)).ok());
  ASSERT_TRUE(
      this->ledger_->AppendTransfer(Transfer(hasher, "ACME", 2026, false, 0, 10, 0, 0)).ok());
  ASSERT_TRUE(
      this->ledger_->AppendTransfer(Transfer(hasher, "Other Co", 2026, true, 0, 7, 0, 0)).ok());
  testing::TestSubjectHasher old_hasher(KeyFromBytes(std::array<uint8_t, 32>{2}));
  ASSERT_TRUE(
      this->ledger_->AppendTransfer(Transfer(old_hasher, "ACME", 2026, true, 0, 40, 0, 5)).ok());

  auto ytd = this->ledger_->YearToDate("ACME", 2026, key.id);
  ASSERT_TRUE(ytd.ok()) << ytd.error().ToString();
  EXPECT_EQ(ytd->year_to_date.counted.individuals, 150);
  EXPECT_EQ(ytd->year_to_date.counted.sensitive_individuals, 30);
  EXPECT_EQ(ytd->year_to_date.exempt.individuals, 10);
  EXPECT_EQ(ytd->year_to_date.exempt.sensitive_individuals, 0);
  EXPECT_EQ(ytd->since_previous_year.counted.individuals, 150);  // 2025's 0..49 overlap
  EXPECT_EQ(ytd->other_keys_year_to_date.counted.individuals, 40);
  EXPECT_EQ(ytd->other_keys_year_to_date.counted.sensitive_individuals, 5);
  auto y2025 = this->ledger_->YearToDate("ACME", 2025, key.id);
  EXPECT_EQ(y2025->year_to_date.counted.individuals, 50);
  EXPECT_EQ(this->ledger_->YearToDate("Other Co", 2026, key.id)->year_to_date.counted.individuals,
            7);
  EXPECT_TRUE(this->VerifyNow().ok);
}

TYPED_TEST(LedgerTest, TransferEntryCarriesOnlyCountAndDigestOfItsSubjects) {
  SecretKey key = KeyFromBytes(std::array<uint8_t, 32>{3});
  testing::TestSubjectHasher hasher(key);
  TransferRecord t = Transfer(hasher, "ACME", 2026, true, 0, 3, 0, 1);
  t.individuals.push_back(t.individuals[0]);  // duplicates collapse
  auto r = this->ledger_->AppendTransfer(t);
  ASSERT_TRUE(r.ok());
  std::string entry = *this->ledger_->Entry(r->first_index);
  std::vector<Digest> set(t.individuals.begin(), t.individuals.end());
  NormalizeSubjects(set);
  EXPECT_NE(entry.find("\"individuals\":{\"count\":3,\"digest\":\"" + ToHex(SubjectSetDigest(set))),
            std::string::npos)
      << entry;
  EXPECT_NE(entry.find("\"key_id\":\"" + key.id + "\""), std::string::npos);
  EXPECT_EQ(entry.find(ToHex(t.individuals[0])), std::string::npos);
  // Raw identifiers reach neither the entry nor the database file.
  this->ledger_.reset();
  auto raw = TypeParam::RawContents(this->db_);
  ASSERT_TRUE(raw.ok()) << raw.error().ToString();
  EXPECT_NE(raw->find("Example GmbH"), std::string::npos);  // the contents are really there
  EXPECT_EQ(raw->find("110101199010000000"), std::string::npos);
}

TYPED_TEST(LedgerTest, VerifyAcceptsAHealthyLedgerAndAnEarlierCheckpoint) {
  ASSERT_TRUE(this->ledger_->Append(Entries(7)).ok());
  std::string old_note = *this->ledger_->CheckpointNote();
  ASSERT_TRUE(this->ledger_->Append(Entries(6, 7)).ok());
  VerifyReport r = this->VerifyNow(old_note);
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.entries_checked, 13u);
  EXPECT_EQ(r.root, this->ledger_->Head()->root);
  EXPECT_NE(r.verifier_key.find(r.origin + "+"), std::string::npos);
}

TYPED_TEST(LedgerTest, VerifyNamesAnAlteredEntry) {
  ASSERT_TRUE(this->ledger_->Append(Entries(10)).ok());
  this->Sql("UPDATE entry SET data = '{\"kind\":\"transfer\",\"seq\":99}' WHERE idx = 6");
  VerifyReport r = this->VerifyNow();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_index, 6u);
  EXPECT_NE(r.problem.find("entry 6"), std::string::npos) << r.problem;
}

TYPED_TEST(LedgerTest, VerifyNamesADeletedEntry) {
  ASSERT_TRUE(this->ledger_->Append(Entries(10)).ok());
  this->Sql("DELETE FROM entry WHERE idx = 4");
  VerifyReport r = this->VerifyNow();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_index, 4u);
  EXPECT_NE(r.problem.find("missing"), std::string::npos) << r.problem;
}

TYPED_TEST(LedgerTest, VerifyNamesReorderedEntries) {
  ASSERT_TRUE(this->ledger_->Append(Entries(10)).ok());
  this->Sql(
      "UPDATE entry SET idx = -1 WHERE idx = 3; UPDATE entry SET idx = 3 WHERE idx = 8; "
      "UPDATE entry SET idx = 8 WHERE idx = -1;");
  VerifyReport r = this->VerifyNow();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_index, 3u);
}

TYPED_TEST(LedgerTest, VerifyDetectsATruncatedTailAgainstAnOldCheckpoint) {
  ASSERT_TRUE(this->ledger_->Append(Entries(10)).ok());
  std::string note = *this->ledger_->CheckpointNote();
  // Rewriting history consistently (entries, nodes, head) still fails: the head signature and
  // the auditor's checkpoint both disagree.
  this->Sql("DELETE FROM entry WHERE idx >= 8; UPDATE head SET size = 8");
  VerifyReport r = this->VerifyNow(note);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("removed"), std::string::npos) << r.problem;
}

TYPED_TEST(LedgerTest, VerifyDetectsTamperedSubjectHashesAndCounters) {
  testing::TestSubjectHasher hasher(KeyFromBytes(std::array<uint8_t, 32>{4}));
  ASSERT_TRUE(this->ledger_->AppendTransfer(Transfer(hasher, "ACME", 2026, true, 0, 5, 0, 0)).ok());
  ASSERT_TRUE(this->VerifyNow().ok);
  this->Sql("UPDATE counter SET n = n - 1");
  VerifyReport r = this->VerifyNow();
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("counter"), std::string::npos) << r.problem;
  this->Sql(
      "UPDATE counter SET n = n + 1; DELETE FROM entry_subject WHERE hash = "
      "(SELECT hash FROM entry_subject LIMIT 1)");
  r = this->VerifyNow();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_index, 0u);
}

TYPED_TEST(LedgerTest, AppendRefusesToBuildOnADamagedTail) {
  ASSERT_TRUE(this->ledger_->Append(Entries(5)).ok());
  this->Sql("UPDATE entry SET data = '{\"seq\":0}' WHERE idx = 4");
  auto r = this->ledger_->Append(Entries(1));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kCorruption);
}

TEST_F(SqliteLedgerTest, DamagedDatabaseFileIsAnErrorNotACrash) {
  ASSERT_TRUE(ledger_->Append(Entries(2000)).ok());
  ledger_.reset();
  auto size = std::filesystem::file_size(db_);
  // Corrupt bytes in the middle, then truncate: each must yield an error or a failed report.
  {
    std::fstream f(db_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    std::string junk(4096, '\xA5');
    f.write(junk.data(), junk.size());
  }
  auto check = [this] {
    auto store = OpenSqliteStore(db_, {.access = SqliteAccess::kReadWrite});
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
  std::filesystem::resize_file(db_, size / 3);
  check();
  std::filesystem::resize_file(db_, 100);
  check();
}

TYPED_TEST(LedgerTest, ExportYieldsEntriesInOrder) {
  ASSERT_TRUE(this->ledger_->Append(Entries(4)).ok());
  std::vector<std::string> seen;
  ASSERT_TRUE(this->ledger_
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
