// The ledger services the transfer pipeline relies on: the pre-commit hook that makes package
// and entry all-or-nothing, the stand-alone tail check, and exact overlap counts.
#include <gtest/gtest.h>

#include "ledger/ledger.h"
#include "ledger/ledger_test_util.h"
#include "ledger/store_test_backends.h"
#include "ledger/subject_set.h"

namespace xb::ledger {
namespace {

using testing::OpenTestLedger;

template <class Backend>
class LedgerTransferHook : public testing::BackendTest<Backend> {};
TYPED_TEST_SUITE(LedgerTransferHook, testing::StoreBackends, testing::BackendNames);

TransferRecord Record(const testing::TestSubjectHasher& hasher, int from, int to) {
  TransferRecord t;
  t.entry_json = R"({"type":"transfer","exporter":"ACME"})";
  t.group = {hasher.key_id(), "ACME", 2026, true};
  for (int i = from; i < to; ++i) t.individuals.push_back(hasher.Hash("id-" + std::to_string(i)));
  return t;
}

TYPED_TEST(LedgerTransferHook, HookSeesTheResultAndAFailureRollsEverythingBack) {
  auto ledger = OpenTestLedger(this->db_);
  ASSERT_NE(ledger, nullptr);
  testing::TestSubjectHasher hasher(KeyFromBytes(std::array<uint8_t, 32>{5}));

  auto failed = ledger->AppendTransfer(Record(hasher, 0, 10), [](const AppendResult& r) {
    EXPECT_EQ(r.first_index, 0u);
    EXPECT_EQ(r.size, 1u);
    return Status(IoError("package could not be moved into place"));
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::kIo);
  EXPECT_EQ(ledger->Head()->size, 0u);
  auto counts = ledger->YearToDate("ACME", 2026, hasher.key_id());
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->year_to_date.counted.individuals, 0);

  uint64_t seen_index = 99;
  auto ok = ledger->AppendTransfer(Record(hasher, 0, 10), [&](const AppendResult& r) {
    seen_index = r.first_index;
    return Status::Ok();
  });
  ASSERT_TRUE(ok.ok()) << ok.error().ToString();
  EXPECT_EQ(seen_index, 0u);
  EXPECT_EQ(ledger->Head()->size, 1u);
  EXPECT_TRUE(ledger->CheckTail().ok());
}

TYPED_TEST(LedgerTransferHook, BeforeWriteRunsUnderTheLockAndCanAbandonTheAppend) {
  auto ledger = OpenTestLedger(this->db_);
  ASSERT_NE(ledger, nullptr);
  testing::TestSubjectHasher hasher(KeyFromBytes(std::array<uint8_t, 32>{7}));
  ASSERT_TRUE(ledger->AppendTransfer(Record(hasher, 0, 10)).ok());

  // The hook reads the committed state through the same ledger.
  int64_t seen = -1;
  Ledger::TransferHooks hooks;
  hooks.before_write = [&]() -> Status {
    XB_ASSIGN_OR_RETURN(auto counts, ledger->YearToDate("ACME", 2026, hasher.key_id()));
    seen = counts.year_to_date.counted.individuals;
    return FailedPrecondition("the decision changed");
  };
  auto refused = ledger->AppendTransfer(Record(hasher, 5, 20), hooks);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(seen, 10);
  EXPECT_EQ(ledger->Head()->size, 1u);
  EXPECT_EQ(ledger->YearToDate("ACME", 2026, hasher.key_id())->year_to_date.counted.individuals,
            10);
  hooks.before_write = [] { return Status::Ok(); };
  ASSERT_TRUE(ledger->AppendTransfer(Record(hasher, 5, 20), hooks).ok());
  EXPECT_EQ(ledger->Head()->size, 2u);
}

// A follow-up is opened before the append, gets the entry's index in the append's own
// transaction (or none if the append fails), and stays until closed.
TYPED_TEST(LedgerTransferHook, FollowUpsRecordTheirEntryAtomically) {
  auto ledger = OpenTestLedger(this->db_);
  ASSERT_NE(ledger, nullptr);
  testing::TestSubjectHasher hasher(KeyFromBytes(std::array<uint8_t, 32>{8}));
  ASSERT_TRUE(ledger->AddFollowUp("/out/.pkg.staging-1", R"({"package":"/out/pkg"})").ok());
  ASSERT_TRUE(ledger->AddFollowUp("/out/.other.staging-2", "{}").ok());

  TransferRecord record = Record(hasher, 0, 3);
  record.follow_up = FollowUp{"/out/.pkg.staging-1", R"({"package":"/out/pkg"})", std::nullopt};
  auto failed = ledger->AppendTransfer(
      record, [](const AppendResult&) { return Status(IoError("disk full")); });
  ASSERT_FALSE(failed.ok());
  auto open = ledger->FollowUps();
  ASSERT_TRUE(open.ok()) << open.error().ToString();
  ASSERT_EQ(open->size(), 2u);
  EXPECT_FALSE((*open)[1].entry.has_value()) << "a failed append records no entry";

  ASSERT_TRUE(ledger->AppendTransfer(record).ok());
  open = ledger->FollowUps();
  ASSERT_EQ(open->size(), 2u);
  EXPECT_EQ((*open)[1].key, "/out/.pkg.staging-1");
  EXPECT_EQ((*open)[1].note, R"({"package":"/out/pkg"})");
  EXPECT_EQ((*open)[1].entry, std::optional<uint64_t>(0));
  EXPECT_FALSE((*open)[0].entry.has_value());

  ASSERT_TRUE(ledger->CloseFollowUp("/out/.pkg.staging-1").ok());
  ASSERT_TRUE(ledger->CloseFollowUp("/out/.pkg.staging-1").ok());  // closing twice is fine
  auto read_only = OpenTestLedger(this->db_, /*writable=*/false);
  ASSERT_NE(read_only, nullptr);
  open = read_only->FollowUps();
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ((*open)[0].key, "/out/.other.staging-2");
  EXPECT_EQ(read_only->AddFollowUp("x", "y").error().code, ErrorCode::kFailedPrecondition);
  // The log verifies: follow-ups are beside it, not in it.
  EXPECT_TRUE(ledger->Verify(std::nullopt, std::nullopt)->ok);
}

TYPED_TEST(LedgerTransferHook, CountKnownSubjectsFindsTheOverlapOnly) {
  auto ledger = OpenTestLedger(this->db_);
  ASSERT_NE(ledger, nullptr);
  testing::TestSubjectHasher hasher(KeyFromBytes(std::array<uint8_t, 32>{6}));
  ASSERT_TRUE(ledger->AppendTransfer(Record(hasher, 0, 100)).ok());

  TransferRecord next = Record(hasher, 60, 160);  // 40 already sent, 60 new
  SubjectGroup group{hasher.key_id(), "ACME", 2026, true};
  auto known =
      ledger->CountKnownSubjects(group, SubjectKind::kIndividual, 2026, 2026, next.individuals);
  ASSERT_TRUE(known.ok());
  EXPECT_EQ(*known, 40);
  // Other years, other exporters and the exempt path are separate namespaces.
  EXPECT_EQ(
      *ledger->CountKnownSubjects(group, SubjectKind::kIndividual, 2025, 2025, next.individuals),
      0);
  SubjectGroup exempt = group;
  exempt.counted = false;
  EXPECT_EQ(
      *ledger->CountKnownSubjects(exempt, SubjectKind::kIndividual, 2026, 2026, next.individuals),
      0);
  EXPECT_EQ(
      *ledger->CountKnownSubjects(group, SubjectKind::kSensitive, 2026, 2026, next.individuals), 0);
}

TYPED_TEST(LedgerTransferHook, CheckTailNeedsTheSigningKey) {
  ASSERT_NE(OpenTestLedger(this->db_), nullptr);
  auto read_only = OpenTestLedger(this->db_, /*writable=*/false);
  ASSERT_NE(read_only, nullptr);
  Status s = read_only->CheckTail();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace xb::ledger
