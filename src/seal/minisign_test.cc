#include "seal/minisign.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/atomic_file.h"
#include "core/crypto.h"
#include "core/locations.h"

namespace xb::seal {
namespace {

namespace fs = std::filesystem;

std::string Fixture(const std::string& name) {
  return SourceTreeDir() + "/src/seal/testdata/minisign/" + name;
}

class MinisignTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("xb_minisign_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ASSERT_TRUE(EnsureSodium().ok());
    crypto_sign_keypair(signer_.public_key.data(), secret_.data());
    signer_.sign = [this](std::string_view m) {
      Ed25519Signature s;
      crypto_sign_detached(s.data(), nullptr, reinterpret_cast<const uint8_t*>(m.data()), m.size(),
                           secret_.data());
      return s;
    };
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) { return (dir_ / name).string(); }
  MinisignPublicKey FixtureKey() {
    return *ParseMinisignPublicKey(*ReadFile(Fixture("minisign.pub")));
  }

  fs::path dir_;
  std::array<uint8_t, 64> secret_{};
  MinisignSigner signer_;
};

TEST_F(MinisignTest, VerifiesWhatMinisignWroteInBothFormats) {
  auto hashed = VerifyFileMinisign(Fixture("manifest.json"),
                                   *ReadFile(Fixture("manifest.json.minisig")), FixtureKey());
  ASSERT_TRUE(hashed.ok()) << hashed.error().ToString();
  EXPECT_TRUE(hashed->prehashed);
  EXPECT_EQ(hashed->trusted_comment, "fixture signed by minisign 0.11");
  auto legacy = VerifyFileMinisign(
      Fixture("manifest.json"), *ReadFile(Fixture("manifest.json.legacy.minisig")), FixtureKey());
  ASSERT_TRUE(legacy.ok()) << legacy.error().ToString();
  EXPECT_FALSE(legacy->prehashed);
  EXPECT_EQ(legacy->trusted_comment, "legacy fixture");
}

TEST_F(MinisignTest, AlteredFileCommentOrKeyFails) {
  std::string content = *ReadFile(Fixture("manifest.json"));
  content[3] ^= 1;
  ASSERT_TRUE(WriteFileAtomically(Path("manifest.json"), content).ok());
  for (const char* sig : {"manifest.json.minisig", "manifest.json.legacy.minisig"}) {
    auto r = VerifyFileMinisign(Path("manifest.json"), *ReadFile(Fixture(sig)), FixtureKey());
    ASSERT_FALSE(r.ok()) << sig;
    EXPECT_EQ(r.error().code, ErrorCode::kCorruption);
  }
  std::string sig = *ReadFile(Fixture("manifest.json.minisig"));
  std::string forged = sig;
  forged.replace(forged.find("fixture signed"), 7, "FIXTURE");
  auto comment = VerifyFileMinisign(Fixture("manifest.json"), forged, FixtureKey());
  ASSERT_FALSE(comment.ok());
  EXPECT_NE(comment.error().message.find("trusted comment"), std::string::npos);
  MinisignPublicKey other{MinisignKeyIdFor(signer_.public_key), signer_.public_key};
  auto wrong = VerifyFileMinisign(Fixture("manifest.json"), sig, other);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kCorruption);
  // Same key id, different key: the signature itself fails.
  other.key_id = FixtureKey().key_id;
  EXPECT_EQ(VerifyFileMinisign(Fixture("manifest.json"), sig, other).error().code,
            ErrorCode::kCorruption);
}

// The parser the fuzzer drives (fuzz/age_open_fuzzer.cc), on minisign's own files.
TEST_F(MinisignTest, ParsesWhatMinisignWrote) {
  auto hashed = ParseMinisignSignature(*ReadFile(Fixture("manifest.json.minisig")));
  auto legacy = ParseMinisignSignature(*ReadFile(Fixture("manifest.json.legacy.minisig")));
  ASSERT_TRUE(hashed.ok() && legacy.ok());
  EXPECT_EQ(hashed->algorithm, "ED");
  EXPECT_EQ(legacy->algorithm, "Ed");
  EXPECT_EQ(hashed->key_id, legacy->key_id);
  EXPECT_EQ(hashed->trusted_comment, "fixture signed by minisign 0.11");
  auto broken = ParseMinisignSignature("untrusted comment: x\nnot base64\n");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code, ErrorCode::kParse);
}

TEST_F(MinisignTest, MalformedSignaturesAreParseErrors) {
  std::string sig = *ReadFile(Fixture("manifest.json.minisig"));
  for (std::string bad : {std::string(""), sig.substr(0, sig.find("trusted comment")), "x" + sig,
                          sig + "trailing\n"}) {
    auto r = VerifyFileMinisign(Fixture("manifest.json"), bad, FixtureKey());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kParse);
  }
}

TEST_F(MinisignTest, SignsAndVerifiesItsOwn) {
  ASSERT_TRUE(WriteFileAtomically(Path("manifest.json"), "{\"files\":[]}\n").ok());
  auto sig_path = WriteMinisignature(Path("manifest.json"), signer_, 1767225600);
  ASSERT_TRUE(sig_path.ok()) << sig_path.error().ToString();
  EXPECT_EQ(*sig_path, Path("manifest.json.minisig"));
  auto key = ParseMinisignPublicKey(FormatMinisignPublicKey(signer_.public_key));
  ASSERT_TRUE(key.ok());
  auto verified = VerifyFileMinisign(Path("manifest.json"), *ReadFile(*sig_path), *key);
  ASSERT_TRUE(verified.ok()) << verified.error().ToString();
  EXPECT_EQ(verified->trusted_comment, "timestamp:1767225600\tfile:manifest.json\thashed");
  EXPECT_TRUE(verified->prehashed);
}

TEST_F(MinisignTest, PublicKeyFormatMatchesMinisign) {
  std::string text = FormatMinisignPublicKey(signer_.public_key);
  EXPECT_TRUE(text.starts_with("untrusted comment: minisign public key "));
  std::string line = text.substr(text.find('\n') + 1);
  EXPECT_TRUE(line.starts_with("RW"));  // base64 of "Ed"
  auto bare = ParseMinisignPublicKey(line);
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->key, signer_.public_key);
  EXPECT_FALSE(ParseMinisignPublicKey("not a key").ok());
  // minisign prints its key id as a little-endian number: the fixture's comment says so.
  std::string fixture = *ReadFile(Fixture("minisign.pub"));
  MinisignPublicKey k = FixtureKey();
  char hex[17];
  for (int i = 0; i < 8; ++i) std::snprintf(hex + 2 * i, 3, "%02X", k.key_id[7 - i]);
  EXPECT_NE(fixture.find(hex), std::string::npos);
}

TEST_F(MinisignTest, TrustedCommentIsOneLine) {
  ASSERT_TRUE(WriteFileAtomically(Path("f"), "x").ok());
  EXPECT_EQ(SignFileMinisign(Path("f"), signer_, "a\nb").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(DefaultTrustedComment("/x/a\nb.json", 5), "timestamp:5\tfile:a?b.json\thashed");
}

}  // namespace
}  // namespace xb::seal
