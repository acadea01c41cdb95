#include "ledger/copy_ledger.h"

#include <gtest/gtest.h>

#include "core/key_file.h"
#include "ledger/ledger.h"
#include "ledger/merkle.h"
#include "ledger/store_test_backends.h"
#include "ledger/subject_set.h"

namespace xb::ledger {
namespace {

template <class From, class To>
struct Pair {
  using Source = From;
  using Target = To;
};

template <class P>
class CopyLedgerTest : public ::testing::Test {
 protected:
  using Source = typename P::Source;
  using Target = typename P::Target;

  void SetUp() override {
    if (Source::Skipped() || Target::Skipped()) GTEST_SKIP() << "XB_SKIP_POSTGRES=1";
    auto from = Source::FreshDb();
    auto to = Target::FreshDb();
    ASSERT_TRUE(from.ok() && to.ok());
    from_ = *from;
    to_ = *to;
    source_ = testing::OpenTestLedger(from_);
    ASSERT_NE(source_, nullptr);
    Fill(*source_);
  }

  // Plain entries and transfers over two years, two paths and two keys: every table is used.
  static void Fill(Ledger& ledger) {
    testing::TestSubjectHasher hasher(KeyFromBytes(std::array<uint8_t, 32>{11}));
    testing::TestSubjectHasher old_key(KeyFromBytes(std::array<uint8_t, 32>{12}));
    for (int round = 0; round < 5; ++round) {
      std::vector<std::string> plain = {"{\"round\":" + std::to_string(round) + "}",
                                        "{\"round\":" + std::to_string(round) + ",\"b\":1}"};
      ASSERT_TRUE(ledger.Append(plain).ok());
      TransferRecord t;
      t.entry_json = "{\"type\":\"transfer\",\"round\":" + std::to_string(round) + "}";
      const testing::TestSubjectHasher& h = round == 4 ? old_key : hasher;
      t.group = {h.key_id(), "ACME", 2025 + round % 2, round != 3};
      for (int i = round * 30; i < round * 30 + 100; ++i) {
        t.individuals.push_back(h.Hash("id" + std::to_string(i)));
      }
      for (int i = round * 30; i < round * 30 + 10; ++i) {
        t.sensitive.push_back(h.Hash("id" + std::to_string(i)));
      }
      ASSERT_TRUE(ledger.AppendTransfer(t).ok());
    }
  }

  std::unique_ptr<Store> OpenTarget() {
    auto store = Target::Open(to_);
    EXPECT_TRUE(store.ok()) << store.error().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  std::string from_;
  std::string to_;
  std::unique_ptr<Ledger> source_;
};

using Pairs = ::testing::Types<Pair<testing::SqliteBackend, testing::PostgresBackend>,
                               Pair<testing::PostgresBackend, testing::SqliteBackend>,
                               Pair<testing::SqliteBackend, testing::SqliteBackend>>;
struct PairNames {
  template <class P>
  static std::string GetName(int) {
    return std::string(P::Source::kName) + "To" + P::Target::kName;
  }
};
TYPED_TEST_SUITE(CopyLedgerTest, Pairs, PairNames);

TYPED_TEST(CopyLedgerTest, TheCopyHasTheSameRootCheckpointVerifyResultAndCounts) {
  Ledger& source = *this->source_;
  auto before = source.Verify(std::nullopt, std::nullopt);
  ASSERT_TRUE(before.ok() && before->ok);
  std::string note = *source.CheckpointNote();

  auto target_store = this->OpenTarget();
  ASSERT_NE(target_store, nullptr);
  auto copied = CopyLedger(source.store(), *target_store);
  ASSERT_TRUE(copied.ok()) << copied.error().ToString();
  EXPECT_EQ(copied->entries, 15u);
  EXPECT_EQ(copied->subject_hashes, 5u * 110);

  auto target = Ledger::Open(std::move(target_store), std::nullopt);
  ASSERT_TRUE(target.ok());
  Ledger& copy = **target;
  EXPECT_EQ(*copy.CheckpointNote(), note);
  EXPECT_EQ(copy.Head()->root, source.Head()->root);
  EXPECT_EQ(*copy.Origin(), *source.Origin());
  auto after = copy.Verify(note, testing::TestSigningKey().public_key());
  ASSERT_TRUE(after.ok()) << after.error().ToString();
  EXPECT_TRUE(after->ok) << after->problem;
  EXPECT_EQ(after->root, before->root);
  EXPECT_EQ(after->size, before->size);
  EXPECT_EQ(after->entries_checked, before->entries_checked);
  EXPECT_EQ(after->verifier_key, before->verifier_key);
  for (uint64_t i = 0; i < 15; ++i) {
    EXPECT_EQ(*copy.Entry(i), *source.Entry(i));
    EXPECT_EQ(copy.ProveInclusion(i, 15)->proof, source.ProveInclusion(i, 15)->proof);
  }
  const std::string key_id =
      testing::TestSubjectHasher(KeyFromBytes(std::array<uint8_t, 32>{11})).key_id();
  for (int year : {2025, 2026}) {
    auto a = source.YearToDate("ACME", year, key_id);
    auto b = copy.YearToDate("ACME", year, key_id);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(b->year_to_date.counted.individuals, a->year_to_date.counted.individuals);
    EXPECT_EQ(b->year_to_date.counted.sensitive_individuals,
              a->year_to_date.counted.sensitive_individuals);
    EXPECT_EQ(b->year_to_date.exempt.individuals, a->year_to_date.exempt.individuals);
    EXPECT_EQ(b->since_previous_year.counted.individuals,
              a->since_previous_year.counted.individuals);
    EXPECT_EQ(b->other_keys_year_to_date.counted.individuals,
              a->other_keys_year_to_date.counted.individuals);
  }
  EXPECT_GT(source.YearToDate("ACME", 2026, key_id)->year_to_date.counted.individuals, 0);
}

TYPED_TEST(CopyLedgerTest, TheCopyTakesAppendsThatExtendTheSameLog) {
  auto target_store = this->OpenTarget();
  ASSERT_NE(target_store, nullptr);
  ASSERT_TRUE(CopyLedger(this->source_->store(), *target_store).ok());
  Digest old_root = this->source_->Head()->root;
  auto target = Ledger::Open(std::move(target_store), testing::TestSigningKey());
  ASSERT_TRUE(target.ok()) << target.error().ToString();
  std::vector<std::string> more = {"{\"after\":\"migration\"}"};
  ASSERT_TRUE((*target)->Append(more).ok());
  auto proof = (*target)->ProveConsistency(15, 16);
  ASSERT_TRUE(proof.ok());
  std::vector<std::string> bytes;
  for (const Digest& d : *proof) bytes.push_back(DigestBytes(d));
  EXPECT_TRUE(
      VerifyConsistency(15, 16, bytes, DigestBytes(old_root), DigestBytes((*target)->Head()->root))
          .ok());
  auto report = (*target)->Verify(std::nullopt, std::nullopt);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->problem;
}

TYPED_TEST(CopyLedgerTest, ANonEmptyTargetIsRefusedAndLeftAlone) {
  auto other = testing::OpenTestLedger(this->to_);
  ASSERT_NE(other, nullptr);
  std::vector<std::string> one = {"{\"already\":\"here\"}"};
  ASSERT_TRUE(other->Append(one).ok());
  Digest root = other->Head()->root;
  other.reset();

  auto target_store = this->OpenTarget();
  ASSERT_NE(target_store, nullptr);
  auto copied = CopyLedger(this->source_->store(), *target_store);
  ASSERT_FALSE(copied.ok());
  EXPECT_EQ(copied.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(target_store->ReadHead()->size, 1u);
  EXPECT_EQ(target_store->ReadHead()->root, root);
  // Even a ledger with no entry yet (initialised: origin and key recorded) counts as one.
  auto fresh = TypeParam::Target::FreshDb();
  ASSERT_TRUE(fresh.ok());
  ASSERT_NE(testing::OpenTestLedger(*fresh), nullptr);
  auto initialised = TypeParam::Target::Open(*fresh);
  ASSERT_TRUE(initialised.ok());
  EXPECT_EQ(CopyLedger(this->source_->store(), **initialised).error().code,
            ErrorCode::kFailedPrecondition);
}

TYPED_TEST(CopyLedgerTest, ADamagedSourceCopiesNothing) {
  ASSERT_TRUE(TypeParam::Source::Sql(this->from_,
                                     "UPDATE node SET hash = (SELECT hash FROM node WHERE id = 0) "
                                     "WHERE id = 3")
                  .ok());
  auto target_store = this->OpenTarget();
  ASSERT_NE(target_store, nullptr);
  auto copied = CopyLedger(this->source_->store(), *target_store);
  ASSERT_FALSE(copied.ok());
  EXPECT_EQ(copied.error().code, ErrorCode::kCorruption);
  EXPECT_EQ(target_store->ReadHead()->size, 0u);
  EXPECT_FALSE(target_store->ReadMeta("origin").ok());
  EXPECT_FALSE(target_store->ReadEntry(0).ok());
}

}  // namespace
}  // namespace xb::ledger
