#include "seal/age_keys.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/crypto.h"
#include "seal/bech32.h"

namespace xb::seal {
namespace {

// The example key pair of the age specification (c2sp.org/age, "The X25519 recipient type").
constexpr char kSpecIdentity[] =
    "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX";
constexpr char kSpecRecipient[] = "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj";

TEST(AgeKeys, SpecExampleIdentityGivesItsRecipient) {
  auto id = AgeIdentity::Parse(kSpecIdentity);
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  EXPECT_EQ(id->recipient().ToString(), kSpecRecipient);
  EXPECT_EQ(id->ToString(), kSpecIdentity);
  auto r = ParseAgeRecipient(kSpecRecipient);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, id->recipient());
}

// The fingerprint is recomputable by anyone with the recipient text (here: sha256sum).
TEST(AgeKeys, FingerprintIsAPrefixOfTheRecipientTextsSha256) {
  auto r = ParseAgeRecipient(kSpecRecipient);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(AgeRecipientFingerprint(*r), "sha256:6a804773982840fa");
  auto other = AgeIdentity::Generate();
  ASSERT_TRUE(other.ok());
  EXPECT_NE(AgeRecipientFingerprint(other->recipient()), AgeRecipientFingerprint(*r));
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Debian's age 1.1 refuses "AGE1..." recipients and "age-secret-key-1..." identities; so does
// xborder, so that a key one accepts the other accepts too.
TEST(AgeKeys, CaseFollowsAgeRecipientsLowerIdentitiesUpper) {
  EXPECT_FALSE(AgeIdentity::Parse(Lower(kSpecIdentity)).ok());
  std::string mixed = kSpecIdentity;
  mixed[20] = static_cast<char>(std::tolower(static_cast<unsigned char>(mixed[20])));
  EXPECT_FALSE(AgeIdentity::Parse(mixed).ok());

  auto upper = ParseAgeRecipient(Upper(kSpecRecipient));
  ASSERT_FALSE(upper.ok());
  EXPECT_EQ(upper.error().where.field, "recipient");
  EXPECT_NE(upper.error().message.find("lowercase"), std::string::npos);
}

// Points of order 1, 2, 4 and 8, and non-canonical spellings of them (RFC 7748 §5 inputs):
// every sender's wrap key would be derived from an all-zero shared secret.
TEST(AgeKeys, LowOrderRecipientsAreRefused) {
  for (const char* hex : {"0000000000000000000000000000000000000000000000000000000000000000",
                          "0100000000000000000000000000000000000000000000000000000000000000",
                          "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
                          "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
                          "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                          "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                          "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"}) {
    std::string raw = *FromHex(hex);
    std::string text = Bech32Encode(
        "age", std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(raw.data()), raw.size()));
    auto r = ParseAgeRecipient(text);
    ASSERT_FALSE(r.ok()) << hex;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().where.field, "recipient");
    EXPECT_NE(r.error().message.find("low-order"), std::string::npos) << r.error().message;
  }
}

TEST(AgeKeys, MalformedRecipientsAreRefusedWithoutQuotingThem) {
  for (std::string bad : {std::string(""), std::string("age1"), std::string("age1qqqq"),
                          std::string(kSpecRecipient).substr(0, 40),
                          std::string(kSpecIdentity),  // a secret key is not a recipient
                          std::string(kSpecRecipient) + "q"}) {
    auto r = ParseAgeRecipient(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().where.field, "recipient");
    if (bad.size() > 8) {
      EXPECT_EQ(r.error().ToString().find(bad), std::string::npos);
    }
  }
}

TEST(AgeKeys, GeneratedIdentitiesDifferAndRoundTrip) {
  auto a = AgeIdentity::Generate();
  auto b = AgeIdentity::Generate();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->recipient(), b->recipient());
  auto again = AgeIdentity::Parse(a->ToString());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->recipient(), a->recipient());
}

TEST(AgeKeys, IdentityFileSkipsCommentsAndNamesBadLines) {
  auto dir = std::filesystem::temp_directory_path() / ("xb_age_keys_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "key.txt").string();
  auto id = AgeIdentity::Parse(kSpecIdentity);
  ASSERT_TRUE(id.ok());
  { std::ofstream(path) << FormatIdentityFile(*id, "2026-01-01T00:00:00Z") << "\n  \r\n"; }
  ::chmod(path.c_str(), 0600);
  auto ids = ReadIdentityFile(path);
  ASSERT_TRUE(ids.ok()) << ids.error().ToString();
  ASSERT_EQ(ids->size(), 1u);
  EXPECT_EQ((*ids)[0].recipient().ToString(), kSpecRecipient);

  { std::ofstream(path) << "# comment\n" << kSpecIdentity << "\nnot-a-key\n"; }
  auto bad = ReadIdentityFile(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().where.line, 3);
  EXPECT_EQ(bad.error().where.file, path);

  { std::ofstream(path) << "# only comments\n"; }
  EXPECT_EQ(ReadIdentityFile(path).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ReadIdentityFile((dir / "missing").string()).error().code, ErrorCode::kNotFound);
  std::filesystem::remove_all(dir);
}

// Like ssh with private keys: an identity file others may read is refused with the fix named.
TEST(AgeKeys, IdentityFileReadableByOthersIsRefused) {
  auto dir = std::filesystem::temp_directory_path() / ("xb_age_perm_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "key.txt").string();
  { std::ofstream(path) << kSpecIdentity << "\n"; }
  for (mode_t mode : {0644, 0640, 0604}) {
    ::chmod(path.c_str(), mode);
    auto ids = ReadIdentityFile(path);
    ASSERT_FALSE(ids.ok()) << std::oct << mode;
    EXPECT_EQ(ids.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(ids.error().where.file, path);
    EXPECT_NE(ids.error().message.find("chmod 600"), std::string::npos);
  }
  ::chmod(path.c_str(), 0600);
  EXPECT_TRUE(ReadIdentityFile(path).ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace xb::seal
