#include "consent/consent_import.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace xb::consent {
namespace {

std::string WriteTemp(const std::string& name, const std::string& contents) {
  auto dir =
      std::filesystem::temp_directory_path() / ("xb_consent_import_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = (dir / name).string();
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

const std::array<uint8_t, 32> kKey{7};

const HmacSha256& TestMac() {
  static const HmacSha256 mac(kKey);
  return mac;
}

// Test keyer: the HMAC of the identifier's digits, when there are at least 6 of them.
std::optional<Digest> KeyDigits(std::string_view raw) {
  std::string digits;
  for (char c : raw) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  if (digits.size() < 6) return std::nullopt;
  return TestMac().Mac(digits);
}

const char kHeader[] =
    "subject_id,recipients,purposes,categories,separate_consent,guardian_consent,granted_at,"
    "withdrawn_at,notice.version,notice.recipient_name,notice.recipient_contact,notice.purpose,"
    "notice.method,notice.categories,notice.rights_procedure\n";

TEST(ConsentImport, ReadsCsvAndHashesSubjects) {
  std::string path = WriteTemp(
      "ok.csv", std::string(kHeader) +
                    "138-0013-8000,Example GmbH;Other AG,hr_management,identity|contact,yes,,"
                    "2026-01-05,,v2,Example GmbH,dpo@example.de,HR,storage,identity,email dpo\n"
                    "13800138000,*,*,*,true,true,2026-02-01,2026-06-01,,,,,,,\n");
  auto r = ReadConsentFile(path, KeyDigits);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_EQ(r->records.size(), 2u);
  const auto& a = r->records[0];
  EXPECT_EQ(a.recipients, (std::vector<std::string>{"Example GmbH", "Other AG"}));
  EXPECT_EQ(a.categories, (std::vector<std::string>{"identity", "contact"}));
  EXPECT_TRUE(a.separate_consent);
  EXPECT_FALSE(a.guardian_consent);
  EXPECT_TRUE(a.notice.MissingItems().empty());
  // The same person written two ways hashes the same.
  EXPECT_EQ(a.subject, r->records[1].subject);
  EXPECT_EQ(a.subject, TestMac().Mac("13800138000"));
  EXPECT_EQ(r->records[1].withdrawn_at->ToString(), "2026-06-01");
  EXPECT_EQ(r->records[1].notice.MissingItems().size(), 6u);
}

TEST(ConsentImport, BadRowNamesLineAndFieldButNotTheValue) {
  std::string path =
      WriteTemp("bad.csv", std::string(kHeader) +
                               "13800138000,A,hr_management,identity,true,,2026-01-05,,,,,,,,\n"
                               "SECRET-abc,A,hr_management,identity,true,,2026-01-05,,,,,,,,\n");
  auto r = ReadConsentFile(path, KeyDigits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where.line, 3);
  EXPECT_EQ(r.error().where.field, "subject_id");
  EXPECT_EQ(r.error().ToString().find("SECRET"), std::string::npos);
}

TEST(ConsentImport, RejectsBadDatesFlagsAndMissingColumns) {
  auto bad_date = ReadConsentFile(
      WriteTemp("d.csv", std::string(kHeader) + "13800138000,A,p,c,true,,2026-13-05,,,,,,,,\n"),
      KeyDigits);
  ASSERT_FALSE(bad_date.ok());
  EXPECT_EQ(bad_date.error().where.field, "granted_at");

  auto bad_flag = ReadConsentFile(
      WriteTemp("f.csv", std::string(kHeader) + "13800138000,A,p,c,maybe,,2026-01-05,,,,,,,,\n"),
      KeyDigits);
  ASSERT_FALSE(bad_flag.ok());
  EXPECT_EQ(bad_flag.error().where.field, "separate_consent");

  auto missing = ReadConsentFile(WriteTemp("m.csv", "subject_id,recipients\n1,2\n"), KeyDigits);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().where.field, "purposes");

  auto reversed = ReadConsentFile(
      WriteTemp("r.csv",
                std::string(kHeader) + "13800138000,A,p,c,true,,2026-05-05,2026-01-01,,,,,,,\n"),
      KeyDigits);
  ASSERT_FALSE(reversed.ok());
  EXPECT_EQ(reversed.error().where.field, "withdrawn_at");
}

TEST(ConsentImport, ReadsJsonLinesWithNestedNotice) {
  std::string path = WriteTemp(
      "c.jsonl",
      R"({"subject_id":"13800138000","recipients":["Example GmbH"],"purposes":"hr_management",)"
      R"("categories":["identity"],"separate_consent":true,"granted_at":"2026-01-05T08:00:00",)"
      R"("notice":{"version":"v1","recipient_name":"Example GmbH","recipient_contact":"x",)"
      R"("purpose":"HR","method":"storage","categories":"identity","rights_procedure":"mail"}})"
      "\n");
  auto r = ReadConsentFile(path, KeyDigits);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_EQ(r->records.size(), 1u);
  EXPECT_EQ(r->records[0].recipients, std::vector<std::string>{"Example GmbH"});
  EXPECT_EQ(r->records[0].notice.version, "v1");
  EXPECT_TRUE(r->records[0].notice.MissingItems().empty());
}

TEST(ConsentImport, ListAndBoolCells) {
  EXPECT_EQ(ParseListCell(R"(["a","b"])"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(ParseListCell(" a ; b "), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(ParseListCell("a,b"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(ParseListCell("").empty());
  EXPECT_EQ(ParseBoolCell("是"), true);
  EXPECT_EQ(ParseBoolCell("No"), false);
  EXPECT_EQ(ParseBoolCell("perhaps"), std::nullopt);
}

}  // namespace
}  // namespace xb::consent
