// The Store contract (store.h), checked on every backend (store_test_backends.h).
#include "ledger/store.h"

#include <gtest/gtest.h>

#include "ledger/merkle.h"
#include "ledger/store_test_backends.h"
#include "ledger/subject_set.h"

namespace xb::ledger {
namespace {

template <class Backend>
class StoreTest : public testing::BackendTest<Backend> {
 protected:
  std::unique_ptr<Store> OpenStore() {
    auto store = Backend::Open(this->db_);
    EXPECT_TRUE(store.ok()) << store.error().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }
};
TYPED_TEST_SUITE(StoreTest, testing::StoreBackends, testing::BackendNames);

TYPED_TEST(StoreTest, EmptyStoreHasTheEmptyHead) {
  auto store = this->OpenStore();
  ASSERT_NE(store, nullptr);
  auto head = store->ReadHead();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->size, 0u);
  EXPECT_EQ(head->root, EmptyRoot());
  EXPECT_EQ(store->ReadNode(0, 0).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store->ReadEntry(0).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store->ReadMeta("origin").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store->ReadEntryGroup(0).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(store->ReadEntrySubjects(0, SubjectKind::kIndividual)->empty());
  EXPECT_TRUE(store->CheckSubjectIndex()->empty());
  EXPECT_TRUE(store->CheckStorage()->empty());
}

TYPED_TEST(StoreTest, CommittedWritesAreVisibleAndRolledBackOnesAreNot) {
  auto store = this->OpenStore();
  ASSERT_NE(store, nullptr);
  Digest h = HashLeaf("x");
  {
    auto txn = store->BeginWrite();
    ASSERT_TRUE(txn.ok()) << txn.error().ToString();
    ASSERT_TRUE((*txn)->PutEntry(0, "{\"x\":1}").ok());
    ASSERT_TRUE((*txn)->PutNode(0, 0, h).ok());
    ASSERT_TRUE((*txn)->PutHead({1, h, "note"}).ok());
    // Destroyed without Commit(): rolled back.
  }
  EXPECT_EQ(store->ReadHead()->size, 0u);
  EXPECT_FALSE(store->ReadEntry(0).ok());
  {
    auto txn = store->BeginWrite();
    ASSERT_TRUE(txn.ok()) << txn.error().ToString();
    ASSERT_TRUE((*txn)->PutEntry(0, "{\"x\":1}").ok());
    ASSERT_TRUE((*txn)->PutNode(5, 7, h).ok());
    ASSERT_TRUE((*txn)->PutMeta("origin", "o").ok());
    ASSERT_TRUE((*txn)->PutMeta("origin", "o2").ok());  // the later value wins
    // A transaction reads its own writes.
    EXPECT_EQ(*(*txn)->ReadEntry(0), "{\"x\":1}");
    EXPECT_EQ(*(*txn)->ReadNode(5, 7), h);
    ASSERT_TRUE((*txn)->PutHead({1, h, "note"}).ok());
    EXPECT_EQ((*txn)->ReadHead()->size, 1u);
    EXPECT_EQ(*(*txn)->ReadMeta("origin"), "o2");
    ASSERT_TRUE((*txn)->Commit().ok());
    EXPECT_FALSE((*txn)->Commit().ok());  // spent
  }
  auto reopened = TypeParam::Open(this->db_);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ((*reopened)->ReadHead()->size, 1u);
  EXPECT_EQ((*reopened)->ReadHead()->note, "note");
  EXPECT_EQ((*reopened)->ReadHead()->root, h);
  EXPECT_EQ(*(*reopened)->ReadNode(5, 7), h);
  EXPECT_EQ(*(*reopened)->ReadEntry(0), "{\"x\":1}");
  EXPECT_EQ(*(*reopened)->ReadMeta("origin"), "o2");
}

TYPED_TEST(StoreTest, ReadNodesReturnsManyInTheOrderAsked) {
  auto store = this->OpenStore();
  ASSERT_NE(store, nullptr);
  {
    auto txn = store->BeginWrite();
    for (uint64_t i = 0; i < 8; ++i) {
      ASSERT_TRUE((*txn)->PutNode(0, i, HashLeaf(std::to_string(i))).ok());
    }
    ASSERT_TRUE((*txn)->PutNode(3, 0, HashLeaf("top")).ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  std::vector<NodeKey> keys = {{3, 0}, {0, 5}, {0, 1}, {0, 5}};
  auto nodes = store->ReadNodes(keys);
  ASSERT_TRUE(nodes.ok()) << nodes.error().ToString();
  EXPECT_EQ(*nodes,
            (std::vector<Digest>{HashLeaf("top"), HashLeaf("5"), HashLeaf("1"), HashLeaf("5")}));
  std::vector<NodeKey> missing = {{0, 1}, {1, 3}};
  auto absent = store->ReadNodes(missing);
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.error().code, ErrorCode::kNotFound);
  EXPECT_NE(absent.error().message.find("level 1, index 3"), std::string::npos)
      << absent.error().message;
  EXPECT_TRUE(store->ReadNodes({})->empty());
}

TYPED_TEST(StoreTest, ADuplicateEntryFailsTheTransactionAndWritesNothing) {
  auto store = this->OpenStore();
  ASSERT_NE(store, nullptr);
  Digest h = HashLeaf("x");
  {
    auto txn = store->BeginWrite();
    ASSERT_TRUE((*txn)->PutEntry(0, "{}").ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  {
    auto txn = store->BeginWrite();
    ASSERT_TRUE(txn.ok());
    // The error may show at the write or, when writes are batched, by the commit at the latest.
    Status put = (*txn)->PutEntry(0, "{\"again\":1}");
    Status head = put.ok() ? (*txn)->PutHead({1, h, "n"}) : put;
    Status commit = head.ok() ? (*txn)->Commit() : head;
    EXPECT_FALSE(commit.ok());
  }
  EXPECT_EQ(*store->ReadEntry(0), "{}");
  EXPECT_EQ(store->ReadHead()->size, 0u);
  // The store is usable afterwards.
  auto txn = store->BeginWrite();
  ASSERT_TRUE(txn.ok()) << txn.error().ToString();
  ASSERT_TRUE((*txn)->PutEntry(1, "{}").ok());
  ASSERT_TRUE((*txn)->Commit().ok());
}

TYPED_TEST(StoreTest, SubjectsAreCountedOncePerGroup) {
  auto store = this->OpenStore();
  ASSERT_NE(store, nullptr);
  std::vector<Digest> a = {HashLeaf("1"), HashLeaf("2"), HashLeaf("3")};
  std::vector<Digest> b = {HashLeaf("3"), HashLeaf("4")};
  NormalizeSubjects(a);
  NormalizeSubjects(b);
  SubjectGroup g{"k1", "ACME", 2026, true};
  {
    auto txn = store->BeginWrite();
    ASSERT_TRUE((*txn)->PutSubjects(0, g, SubjectKind::kIndividual, a).ok());
    ASSERT_TRUE((*txn)->PutSubjects(1, g, SubjectKind::kIndividual, b).ok());
    ASSERT_TRUE((*txn)->PutSubjects(1, g, SubjectKind::kSensitive, {}).ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  auto counters = store->ReadCounters("ACME", 2026);
  ASSERT_TRUE(counters.ok());
  ASSERT_EQ(counters->size(), 2u);
  EXPECT_EQ((*counters)[0].kind, SubjectKind::kIndividual);
  EXPECT_EQ((*counters)[0].count, 4);
  EXPECT_EQ((*counters)[1].kind, SubjectKind::kSensitive);
  EXPECT_EQ((*counters)[1].count, 0);
  EXPECT_EQ(*store->CountDistinct(g, SubjectKind::kIndividual, 2025, 2026), 4);
  EXPECT_EQ(*store->CountDistinct(g, SubjectKind::kIndividual, 2027, 2028), 0);
  EXPECT_EQ(*store->ReadEntrySubjects(1, SubjectKind::kIndividual), b);
  SubjectGroup stored = *store->ReadEntryGroup(1);
  EXPECT_EQ(stored.key_id, "k1");
  EXPECT_EQ(stored.exporter, "ACME");
  EXPECT_EQ(stored.year, 2026);
  EXPECT_TRUE(stored.counted);
  std::vector<Digest> probe = {HashLeaf("4"), HashLeaf("5"), HashLeaf("1")};
  EXPECT_EQ(*store->CountKnown(g, SubjectKind::kIndividual, 2026, 2026, probe), 2);
  EXPECT_EQ(*store->CountKnown(g, SubjectKind::kIndividual, 2020, 2025, probe), 0);
  EXPECT_EQ(*store->CountKnown(g, SubjectKind::kSensitive, 2026, 2026, probe), 0);
  EXPECT_TRUE(store->CheckSubjectIndex()->empty());
  EXPECT_TRUE(store->CheckStorage()->empty());
}

TYPED_TEST(StoreTest, CountersAndSetsOfDifferentGroupsAreSeparate) {
  auto store = this->OpenStore();
  ASSERT_NE(store, nullptr);
  std::vector<Digest> a = {HashLeaf("1"), HashLeaf("2")};
  NormalizeSubjects(a);
  {
    auto txn = store->BeginWrite();
    ASSERT_TRUE(
        (*txn)->PutSubjects(0, {"k1", "ACME", 2026, true}, SubjectKind::kIndividual, a).ok());
    ASSERT_TRUE(
        (*txn)->PutSubjects(1, {"k1", "ACME", 2026, false}, SubjectKind::kIndividual, a).ok());
    ASSERT_TRUE(
        (*txn)->PutSubjects(2, {"k2", "ACME", 2026, true}, SubjectKind::kIndividual, a).ok());
    ASSERT_TRUE(
        (*txn)->PutSubjects(3, {"k1", "数据公司", 2026, true}, SubjectKind::kIndividual, a).ok());
    ASSERT_TRUE(
        (*txn)->PutSubjects(4, {"k1", "ACME", 2025, true}, SubjectKind::kIndividual, a).ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  auto acme = store->ReadCounters("ACME", 2026);
  ASSERT_TRUE(acme.ok());
  ASSERT_EQ(acme->size(), 3u);  // k1 exempt, k1 counted, k2 counted: ordered by key, path
  EXPECT_EQ((*acme)[0].group.key_id, "k1");
  EXPECT_FALSE((*acme)[0].group.counted);
  EXPECT_TRUE((*acme)[1].group.counted);
  EXPECT_EQ((*acme)[2].group.key_id, "k2");
  for (const CounterRow& row : *acme) EXPECT_EQ(row.count, 2);
  EXPECT_EQ(store->ReadCounters("数据公司", 2026)->size(), 1u);
  // The two-year window is a union within one key, exporter and path.
  EXPECT_EQ(*store->CountDistinct({"k1", "ACME", 2026, true}, SubjectKind::kIndividual, 2025, 2026),
            2);
  EXPECT_TRUE(store->CheckSubjectIndex()->empty());
}

TYPED_TEST(StoreTest, LargeSubjectSetsAreStoredAndCountedExactly) {
  auto store = this->OpenStore();
  ASSERT_NE(store, nullptr);
  std::vector<Digest> first;
  std::vector<Digest> second;
  for (int i = 0; i < 60000; ++i) first.push_back(HashLeaf("p" + std::to_string(i)));
  for (int i = 40000; i < 100000; ++i) second.push_back(HashLeaf("p" + std::to_string(i)));
  NormalizeSubjects(first);
  NormalizeSubjects(second);
  SubjectGroup g{"k", "ACME", 2026, true};
  {
    auto txn = store->BeginWrite();
    ASSERT_TRUE((*txn)->PutSubjects(0, g, SubjectKind::kIndividual, first).ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  EXPECT_EQ(*store->CountKnown(g, SubjectKind::kIndividual, 2026, 2026, second), 20000);
  {
    auto txn = store->BeginWrite();
    ASSERT_TRUE((*txn)->PutSubjects(1, g, SubjectKind::kIndividual, second).ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  EXPECT_EQ((*store->ReadCounters("ACME", 2026))[0].count, 100000);
  EXPECT_EQ(store->ReadEntrySubjects(1, SubjectKind::kIndividual)->size(), 60000u);
  EXPECT_TRUE(store->CheckSubjectIndex()->empty());
}

TYPED_TEST(StoreTest, ScanEntriesVisitsEveryEntryInOrderAndStopsOnError) {
  auto store = this->OpenStore();
  ASSERT_NE(store, nullptr);
  {
    auto txn = store->BeginWrite();
    // More than one page of a paged scan, written out of order.
    for (int i = 2499; i >= 0; --i) {
      ASSERT_TRUE((*txn)->PutEntry(i, "{\"i\":" + std::to_string(i) + "}").ok());
    }
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  uint64_t expected = 0;
  Status s = store->ScanEntries([&](uint64_t index, std::string_view entry) -> Status {
    EXPECT_EQ(index, expected);
    EXPECT_EQ(entry, "{\"i\":" + std::to_string(index) + "}");
    // Reading the store from inside the scan is allowed.
    EXPECT_TRUE(store->ReadEntry(index).ok());
    ++expected;
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  EXPECT_EQ(expected, 2500u);
  int seen = 0;
  s = store->ScanEntries([&](uint64_t, std::string_view) -> Status {
    return ++seen == 3 ? Status(Internal("stop")) : Status::Ok();
  });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(seen, 3);
}

TYPED_TEST(StoreTest, SnapshotDoesNotSeeAConcurrentAppend) {
  auto store = this->OpenStore();
  auto other = TypeParam::Open(this->db_);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(other.ok());
  Status s = store->WithSnapshot([&]() -> Status {
    EXPECT_EQ(store->ReadHead()->size, 0u);
    auto txn = (*other)->BeginWrite();
    EXPECT_TRUE(txn.ok()) << txn.error().ToString();
    if (!txn.ok()) return Status::Ok();
    EXPECT_TRUE((*txn)->PutEntry(0, "{}").ok());
    EXPECT_TRUE((*txn)->PutHead({1, HashLeaf("{}"), "n"}).ok());
    EXPECT_TRUE((*txn)->Commit().ok());
    EXPECT_EQ(store->ReadHead()->size, 0u);  // still the snapshot's head
    EXPECT_FALSE(store->ReadEntry(0).ok());
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  EXPECT_EQ(store->ReadHead()->size, 1u);
}

}  // namespace
}  // namespace xb::ledger
