// Ledger::RotateSigningKey, on every backend: the old key hands over to the new one inside the
// log; checkpoints signed before verify with the old key, the head with the new one; an auditor
// holding either key verifies the whole log; a forged handover is caught.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ledger/checkpoint.h"
#include "ledger/ledger.h"
#include "ledger/ledger_test_util.h"
#include "ledger/store_test_backends.h"

namespace xb::ledger {
namespace {

using testing::OpenTestLedger;
using testing::TestSigningKey;

template <class Backend>
class SigningRotationTest : public testing::BackendTest<Backend> {
 protected:
  void SetUp() override {
    testing::BackendTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    ledger_ = OpenTestLedger(this->db_);  // signs with TestSigningKey(42)
    ASSERT_NE(ledger_, nullptr);
    ASSERT_TRUE(ledger_->Append(std::vector<std::string>{R"({"n":1})", R"({"n":2})"}).ok());
  }
  VerifyReport VerifyWith(const std::optional<PublicKey>& key,
                          const std::optional<std::string>& note = std::nullopt) {
    auto opened = OpenLedgerStore(this->db_, LedgerAccess::kRead);
    EXPECT_TRUE(opened.ok());
    auto reader = Ledger::Open(std::move(opened).value(), std::nullopt);
    EXPECT_TRUE(reader.ok());
    auto r = (*reader)->Verify(note, key);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? *r : VerifyReport{};
  }
  Result<AppendResult> Rotate(uint8_t fill) {
    return ledger_->RotateSigningKey(TestSigningKey(fill), R"({"type":"key_rotation"})");
  }

  std::unique_ptr<Ledger> ledger_;
};
TYPED_TEST_SUITE(SigningRotationTest, testing::StoreBackends, testing::BackendNames);

TYPED_TEST(SigningRotationTest, OldCheckpointsVerifyWithTheOldKeyAndTheHeadWithTheNew) {
  const PublicKey old_key = TestSigningKey(42).public_key();
  const PublicKey new_key = TestSigningKey(43).public_key();
  auto before = this->ledger_->CheckpointNote();
  ASSERT_TRUE(before.ok());

  auto rotated = this->Rotate(43);
  ASSERT_TRUE(rotated.ok()) << rotated.error().ToString();
  EXPECT_EQ(rotated->first_index, 2u);
  auto entry = nlohmann::json::parse(*this->ledger_->Entry(2));
  EXPECT_EQ(entry["signing_rotation"]["old_public_key"], ToHex(old_key));
  EXPECT_EQ(entry["signing_rotation"]["new_public_key"], ToHex(new_key));
  EXPECT_EQ(*this->ledger_->LogPublicKey(), new_key);
  auto handovers = this->ledger_->SigningHandovers();
  ASSERT_TRUE(handovers.ok());
  ASSERT_EQ(handovers->size(), 1u);
  EXPECT_EQ((*handovers)[0].size, 3u);
  EXPECT_TRUE(OpenCheckpoint((*handovers)[0].note, old_key).ok());  // the old key's word
  auto head = this->ledger_->CheckpointNote();
  EXPECT_TRUE(OpenCheckpoint(*head, new_key).ok());
  EXPECT_FALSE(OpenCheckpoint(*head, old_key).ok());

  // The old checkpoint still verifies (with the old key); so does the whole log, for an
  // auditor holding either key, and for none that signed nothing here.
  EXPECT_TRUE(OpenCheckpoint(*before, old_key).ok());
  for (const PublicKey& k : {old_key, new_key}) {
    VerifyReport r = this->VerifyWith(k, *before);
    EXPECT_TRUE(r.ok) << r.problem;
    EXPECT_EQ(r.verifier_key, VerifierKey(r.origin, new_key));
  }
  EXPECT_FALSE(this->VerifyWith(TestSigningKey(7).public_key()).ok);

  // Appends go on under the new key; a process holding the old key is refused.
  ASSERT_TRUE(this->ledger_->Append(std::vector<std::string>{R"({"n":3})"}).ok());
  auto stale_store = OpenLedgerStore(this->db_, LedgerAccess::kAppend);
  ASSERT_TRUE(stale_store.ok());
  auto stale = Ledger::Open(std::move(stale_store).value(), TestSigningKey(42));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);

  // A second rotation chains on; checkpoints of every era verify.
  auto middle = this->ledger_->CheckpointNote();
  ASSERT_TRUE(this->Rotate(44).ok());
  VerifyReport r = this->VerifyWith(old_key, *before);
  EXPECT_TRUE(r.ok) << r.problem;
  r = this->VerifyWith(std::nullopt, *middle);
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(this->ledger_->SigningHandovers()->size(), 2u);
}

TYPED_TEST(SigningRotationTest, RefusesTheSameKeyAndReservedMembers) {
  EXPECT_EQ(this->Rotate(42).error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(this->ledger_->Head()->size, 2u);
  auto forged = this->ledger_->Append(std::vector<std::string>{
      R"({"signing_rotation":{"old_public_key":"00","new_public_key":"11"}})"});
  ASSERT_FALSE(forged.ok());
  EXPECT_EQ(forged.error().code, ErrorCode::kParse);
}

TYPED_TEST(SigningRotationTest, AForgedHandoverFailsVerification) {
  ASSERT_TRUE(this->Rotate(43).ok());
  auto handovers = this->ledger_->SigningHandovers();
  ASSERT_TRUE(handovers.ok());
  // The handover re-signed by a key that is not the old one: the chain is broken.
  auto opened = OpenCheckpoint((*handovers)[0].note, TestSigningKey(42).public_key());
  ASSERT_TRUE(opened.ok());
  const std::string forged = SignCheckpoint(*opened, TestSigningKey(9));
  auto txn = this->ledger_->store().BeginWrite();
  ASSERT_TRUE(txn.ok());
  nlohmann::json all = nlohmann::json::array();
  all.push_back({{"size", 3},
                 {"note", forged},
                 {"old_public_key", ToHex(TestSigningKey(42).public_key())},
                 {"new_public_key", ToHex(TestSigningKey(43).public_key())}});
  ASSERT_TRUE((*txn)->PutMeta("signing_handovers", all.dump()).ok());
  ASSERT_TRUE((*txn)->Commit().ok());
  VerifyReport r = this->VerifyWith(TestSigningKey(42).public_key());
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_index, 2u);
  EXPECT_NE(r.problem.find("handing over"), std::string::npos) << r.problem;
}

}  // namespace
}  // namespace xb::ledger
