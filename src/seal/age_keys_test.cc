#include "seal/age_keys.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

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

TEST(AgeKeys, LowercaseIdentityIsAcceptedMixedCaseIsNot) {
  std::string lower = kSpecIdentity;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_TRUE(AgeIdentity::Parse(lower).ok());
  std::string mixed = kSpecIdentity;
  mixed[20] = static_cast<char>(std::tolower(static_cast<unsigned char>(mixed[20])));
  EXPECT_FALSE(AgeIdentity::Parse(mixed).ok());
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

}  // namespace
}  // namespace xb::seal
