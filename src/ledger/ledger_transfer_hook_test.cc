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
