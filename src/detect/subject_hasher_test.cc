#include "detect/subject_hasher.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <cstring>
#include <memory>

#include "core/locations.h"

namespace xb {
namespace {

SecretKey KeyOf(uint8_t fill) {
  std::array<uint8_t, 32> bytes;
  bytes.fill(fill);
  return KeyFromBytes(bytes);
}

class SubjectHasherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ClassifierOptions options;
    options.data_dir = xb::SourceTreeDir() + "/data";
    auto c = ColumnClassifier::Create(options);
    ASSERT_TRUE(c.ok()) << c.error().ToString();
    classifier_ = std::move(c).value();
    hasher_ = std::make_unique<SubjectHasher>(KeyOf(1), *classifier_);
  }

  std::unique_ptr<ColumnClassifier> classifier_;
  std::unique_ptr<SubjectHasher> hasher_;
};

TEST_F(SubjectHasherTest, OneMobileWrittenThreeWaysIsOnePerson) {
  const SubjectHasher& h = *hasher_;
  for (std::string_view written : {"138 0013 8000", "+86 13800138000", " 13800138000 "}) {
    EXPECT_EQ(h.Recognise(written), EntityType::kCnMobile) << written;
    EXPECT_EQ(h.Hash(written, h.Recognise(written)), h.Hash("13800138000", EntityType::kCnMobile))
        << written;
    EXPECT_EQ(h.HashRecognised(written), h.Hash("13800138000", EntityType::kCnMobile));
    EXPECT_EQ(h.FastHash(written, EntityType::kCnMobile),
              h.FastHash("13800138000", EntityType::kCnMobile));
  }
  EXPECT_EQ(h.Canonical("+86 138-0013-8000", EntityType::kCnMobile), "13800138000");
}

TEST_F(SubjectHasherTest, BareIdentifiersTakeTheFirstTypeTheyAreValidFor) {
  EXPECT_EQ(hasher_->Recognise("11010519491231002x"), EntityType::kCnResidentId);
  EXPECT_EQ(hasher_->Recognise("e12345678"), EntityType::kCnPassport);
  EXPECT_EQ(hasher_->Recognise("Zhang.San@Example.COM"), EntityType::kEmailAddress);
  EXPECT_EQ(hasher_->Recognise("EMP-0042"), std::nullopt);
  EXPECT_EQ(hasher_->HashRecognised("EMP-0042"), std::nullopt);
  EXPECT_EQ(hasher_->HashRecognised("11010519491231002x"),
            hasher_->Hash("11010519491231002X", EntityType::kCnResidentId));
}

TEST_F(SubjectHasherTest, AValueInvalidForItsTypeIsHashedAsWrittenTrimmed) {
  EXPECT_EQ(hasher_->Canonical("  12800138000\t", EntityType::kCnMobile), "12800138000");
  EXPECT_EQ(hasher_->Canonical(" EMP-0042 ", std::nullopt), "EMP-0042");
  EXPECT_EQ(hasher_->Hash(" EMP-0042 ", std::nullopt), hasher_->Hash("EMP-0042", std::nullopt));
  EXPECT_FALSE(hasher_->FastHash("EMP-0042", std::nullopt) ==
               hasher_->FastHash("EMP-0043", std::nullopt));
}

TEST_F(SubjectHasherTest, HashesAreKeyedAndTheStoredOneIsHmacUnderTheSubjectSubKey) {
  SubjectHasher other(KeyOf(2), *classifier_);
  EXPECT_NE(hasher_->Hash("13800138000", EntityType::kCnMobile),
            other.Hash("13800138000", EntityType::kCnMobile));
  EXPECT_FALSE(hasher_->FastHash("13800138000", EntityType::kCnMobile) ==
               other.FastHash("13800138000", EntityType::kCnMobile));
  // Stored hashes must stay what the ledger and consent registry already hold.
  HmacSha256 mac(DeriveSubKey(KeyOf(1), "subject"));
  EXPECT_EQ(hasher_->Hash("13800138000", EntityType::kCnMobile), mac.Mac("13800138000"));
  EXPECT_EQ(hasher_->key_id(), KeyOf(1).id);
}

// After a rotation the stored hash is the old one re-keyed under the layer, exactly what the
// rotation wrote into the stores; the namespace takes the layer's id.
TEST_F(SubjectHasherTest, AChainedKeyHashesAsTheRotationReKeyed) {
  SecretKey rotated = KeyOf(1);
  KeyBytes layer;
  layer.fill(9);
  rotated.subject_layers.push_back(layer);
  rotated.id = KeyIdOf(layer);
  SubjectHasher chained(rotated, *classifier_);
  const Digest before = hasher_->Hash("13800138000", EntityType::kCnMobile);
  HmacSha256 layer_mac(layer);
  EXPECT_EQ(chained.Hash("138 0013 8000", EntityType::kCnMobile),
            SubjectHasher::Rekey(layer_mac, before));
  EXPECT_NE(chained.Hash("13800138000", EntityType::kCnMobile), before);
  EXPECT_EQ(chained.key_id(), KeyIdOf(layer));
  EXPECT_EQ(chained.HashUnderEveryKey("13800138000", EntityType::kCnMobile),
            (std::vector<Digest>{before, SubjectHasher::Rekey(layer_mac, before)}));
  // The in-memory hash never leaves the process: the chain does not apply to it.
  EXPECT_TRUE(chained.FastHash("13800138000", EntityType::kCnMobile) ==
              hasher_->FastHash("13800138000", EntityType::kCnMobile));
}

TEST_F(SubjectHasherTest, TheInMemoryHashDoesNotReuseTheStoredHashesKeyBytes) {
  // SipHash keyed with the first 16 bytes of the HMAC sub-key would tie the two together.
  const auto subject_key = DeriveSubKey(KeyOf(1), "subject");
  unsigned char reused[16];
  crypto_shorthash_siphashx24(reused, reinterpret_cast<const unsigned char*>("13800138000"), 11,
                              subject_key.data());
  Hash128 h = hasher_->FastHash("13800138000", EntityType::kCnMobile);
  EXPECT_NE(std::memcmp(reused, &h.lo, 8), 0);
}

}  // namespace
}  // namespace xb
