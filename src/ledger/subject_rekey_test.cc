// Ledger::RekeySubjects (a subject-key rotation), on every backend: counts and the Merkle root
// of existing entries are unchanged, the moved hashes are found under the new key id, Verify
// checks them against the rotation entry's digest, and a changed hash is caught.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ledger/ledger.h"
#include "ledger/ledger_test_util.h"
#include "ledger/store_test_backends.h"

namespace xb::ledger {
namespace {

using testing::OpenTestLedger;

Digest H(uint8_t n) {
  Digest d{};
  d[0] = n;
  d[31] = 0xee;
  return d;
}

// Any injective map serves the store; the CLI uses HMAC under the new layer.
Digest Rekey(const Digest& d) {
  std::string text(d.begin(), d.end());
  return Sha256("layer|" + text);
}

template <class Backend>
class SubjectRekeyTest : public testing::BackendTest<Backend> {
 protected:
  void SetUp() override {
    testing::BackendTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    ledger_ = OpenTestLedger(this->db_);
    ASSERT_NE(ledger_, nullptr);
  }
  void Transfer(const std::string& key_id, std::vector<Digest> individuals,
                std::vector<Digest> sensitive = {}, bool counted = true) {
    TransferRecord r;
    r.entry_json = R"({"type":"transfer","recipient":"Example GmbH"})";
    r.group = {key_id, "ACME", 2026, counted};
    r.individuals = std::move(individuals);
    r.sensitive = std::move(sensitive);
    auto appended = ledger_->AppendTransfer(r);
    ASSERT_TRUE(appended.ok()) << appended.error().ToString();
  }
  YearToDateCounts Counts(const std::string& key_id) {
    auto c = ledger_->YearToDate("ACME", 2026, key_id);
    EXPECT_TRUE(c.ok()) << c.error().ToString();
    return c.ok() ? *c : YearToDateCounts{};
  }
  VerifyReport VerifyNow(const std::optional<std::string>& note = std::nullopt) {
    auto r = ledger_->Verify(note, std::nullopt);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? *r : VerifyReport{};
  }
  Result<SubjectRekeyResult> Rotate(const std::string& from, const std::string& to) {
    return ledger_->RekeySubjects(from, to, Rekey, R"({"type":"key_rotation"})");
  }
  // Sets one recorded hash of entry 0 to another value, behind the store's back.
  Status AlterOneRecordedHash() {
    if constexpr (std::is_same_v<Backend, testing::PostgresBackend>) {
      return Backend::Sql(this->db_,
                          "UPDATE entry_subject SET hash = decode(repeat('ab', 32), 'hex') WHERE "
                          "entry = 0 AND kind = 0 AND hash = (SELECT hash FROM entry_subject "
                          "WHERE entry = 0 AND kind = 0 ORDER BY hash LIMIT 1)");
    } else {
      return Backend::Sql(this->db_,
                          "UPDATE entry_subject SET hash = randomblob(32) WHERE entry = 0 AND "
                          "kind = 0 AND hash = (SELECT min(hash) FROM entry_subject WHERE "
                          "entry = 0 AND kind = 0)");
    }
  }

  std::unique_ptr<Ledger> ledger_;
};
TYPED_TEST_SUITE(SubjectRekeyTest, testing::StoreBackends, testing::BackendNames);

TYPED_TEST(SubjectRekeyTest, CountsRootAndVerificationCarryOver) {
  this->Transfer("k0", {H(1), H(2), H(3)}, {H(1)});
  this->Transfer("k0", {H(3), H(4)});
  this->Transfer("k0", {H(5)}, {}, /*counted=*/false);
  ASSERT_TRUE(this->ledger_->Append(std::vector<std::string>{R"({"type":"note"})"}).ok());
  const YearToDateCounts before = this->Counts("k0");
  ASSERT_EQ(before.year_to_date.counted.individuals, 4);
  auto note = this->ledger_->CheckpointNote();
  ASSERT_TRUE(note.ok());
  std::vector<std::string> entries_before;
  for (uint64_t i = 0; i < 4; ++i) entries_before.push_back(*this->ledger_->Entry(i));

  auto rotated = this->Rotate("k0", "k1");
  ASSERT_TRUE(rotated.ok()) << rotated.error().ToString();
  EXPECT_EQ(rotated->entry, 4u);
  EXPECT_EQ(rotated->entries_rekeyed, 3u);
  EXPECT_FALSE(rotated->already_recorded);

  const YearToDateCounts after = this->Counts("k1");
  EXPECT_EQ(after.year_to_date.counted.individuals, 4);
  EXPECT_EQ(after.year_to_date.counted.sensitive_individuals, 1);
  EXPECT_EQ(after.year_to_date.exempt.individuals, 1);
  EXPECT_EQ(after.since_previous_year.counted.individuals, 4);
  EXPECT_EQ(after.other_keys_year_to_date.counted.individuals, 0);  // nothing left under k0
  EXPECT_EQ(this->Counts("k0").year_to_date.counted.individuals, 0);
  for (uint64_t i = 0; i < 4; ++i) EXPECT_EQ(*this->ledger_->Entry(i), entries_before[i]);
  auto entry = nlohmann::json::parse(*this->ledger_->Entry(4));
  EXPECT_EQ(entry["subject_rekey"]["from"], "k0");
  EXPECT_EQ(entry["subject_rekey"]["to"], "k1");
  EXPECT_EQ(entry["subject_rekey"]["entries"], 3);
  EXPECT_EQ(this->ledger_->store().ReadEntryGroup(0)->key_id, "k1");

  VerifyReport report = this->VerifyNow(*note);  // extends the checkpoint taken before
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_TRUE(this->ledger_->store().CheckSubjectIndex()->empty());

  // The moved hashes are known under k1: a transfer naming them again counts only the new one.
  const SubjectGroup k1{"k1", "ACME", 2026, true};
  const std::vector<Digest> again = {Rekey(H(2)), Rekey(H(4)), H(9)};
  EXPECT_EQ(*this->ledger_->CountKnownSubjects(k1, SubjectKind::kIndividual, 2026, 2026, again), 2);
  this->Transfer("k1", again);
  EXPECT_EQ(this->Counts("k1").year_to_date.counted.individuals, 5);

  // Resumed: already recorded, nothing written.
  auto repeated = this->Rotate("k0", "k1");
  ASSERT_TRUE(repeated.ok());
  EXPECT_TRUE(repeated->already_recorded);
  EXPECT_EQ(repeated->entry, 4u);
  EXPECT_EQ(this->ledger_->Head()->size, 6u);

  // A second rotation moves entries of both keys again; everything still verifies.
  auto second = this->Rotate("k1", "k2");
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  EXPECT_EQ(second->entries_rekeyed, 4u);
  EXPECT_EQ(this->Counts("k2").year_to_date.counted.individuals, 5);
  report = this->VerifyNow(*note);
  EXPECT_TRUE(report.ok) << report.problem;
}

TYPED_TEST(SubjectRekeyTest, AChangedMovedHashFailsVerification) {
  this->Transfer("k0", {H(1), H(2), H(3)});
  ASSERT_TRUE(this->Rotate("k0", "k1").ok());
  ASSERT_TRUE(this->VerifyNow().ok);
  Status altered = this->AlterOneRecordedHash();
  ASSERT_TRUE(altered.ok()) << altered.error().ToString();
  VerifyReport report = this->VerifyNow();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_index, 1u);  // the rotation entry whose digest no longer matches
  EXPECT_NE(report.problem.find("key rotation"), std::string::npos) << report.problem;
}

TYPED_TEST(SubjectRekeyTest, RefusesBadInputAndATakenKeyId) {
  this->Transfer("k0", {H(1)});
  this->Transfer("k1", {H(2)});
  EXPECT_EQ(this->Rotate("k0", "k0").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(this->Rotate("", "k9").error().code, ErrorCode::kInvalidArgument);
  auto taken = this->Rotate("k0", "k1");
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(this->ledger_->Head()->size, 2u);  // nothing written
  EXPECT_EQ(this->ledger_->store().ReadEntryGroup(0)->key_id, "k0");
  // Users cannot write what only a rotation writes.
  auto forged = this->ledger_->Append(
      std::vector<std::string>{R"({"subject_rekey":{"to":"k1","entries":0,"digest":""}})"});
  ASSERT_FALSE(forged.ok());
  EXPECT_EQ(forged.error().code, ErrorCode::kParse);
}

}  // namespace
}  // namespace xb::ledger
