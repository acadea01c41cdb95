#include "detect/column_classifier.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/locations.h"
#include "detect/cell_shape.h"
#include "detect/column_header.h"
#include "detect/validators.h"

// Synthetic values only: identifiers are generated with computed check characters.

namespace xb {
namespace {

const CivilDate kToday = *CivilDate::FromYmd(2026, 11, 23);

std::string Digits(std::mt19937_64& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng() % 10));
  return s;
}

std::string ResidentId(std::mt19937_64& rng, int year = 0) {
  static const char* kRegions[] = {"110101", "310115", "440304", "510104", "330106"};
  char body[18];
  const int y = year != 0 ? year : 1950 + static_cast<int>(rng() % 60);
  std::snprintf(body, sizeof(body), "%s%04d%02d%02d%03d", kRegions[rng() % 5], y,
                1 + static_cast<int>(rng() % 12), 1 + static_cast<int>(rng() % 28),
                static_cast<int>(rng() % 1000));
  std::string s(body, 17);
  return s + CnResidentIdCheckChar(s);
}

std::string LuhnComplete(std::string prefix) {
  for (char c = '0'; c <= '9'; ++c) {
    if (LuhnValid(prefix + c)) return prefix + c;
  }
  return prefix;
}

std::string Mobile(std::mt19937_64& rng) {
  return "1" + std::string(1, static_cast<char>('3' + rng() % 7)) + Digits(rng, 9);
}

class ColumnClassifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ClassifierOptions options;
    options.data_dir = xb::SourceTreeDir() + "/data";
    options.today = kToday;
    auto c = ColumnClassifier::Create(options);
    ASSERT_TRUE(c.ok()) << c.error().ToString();
    classifier_ = std::move(c).value();
  }

  ColumnVerdict Classify(std::string_view header, const std::vector<std::string>& cells,
                         ColumnStats* out = nullptr) {
    ColumnStats stats;
    for (const auto& cell : cells) classifier_->AddCell(cell, &stats);
    if (out != nullptr) *out = stats;
    return classifier_->Decide(header, stats);
  }

  std::string TypeOf(std::string_view header, const std::vector<std::string>& cells) {
    auto v = Classify(header, cells);
    return v.type ? std::string(EntityTypeName(*v.type)) : "null";
  }

  std::unique_ptr<ColumnClassifier> classifier_;
  std::mt19937_64 rng_{42};
};

TEST_F(ColumnClassifierTest, ValidatedIdentifierColumns) {
  std::vector<std::string> ids, mobiles, cards, emails, plates, usccs;
  for (int i = 0; i < 200; ++i) {
    ids.push_back(ResidentId(rng_));
    mobiles.push_back(Mobile(rng_));
    cards.push_back(LuhnComplete("622202" + Digits(rng_, 12)));
    emails.push_back("user" + std::to_string(i) + "@example.com");
  }
  EXPECT_EQ(TypeOf("x", ids), "CN_RESIDENT_ID");
  EXPECT_EQ(TypeOf("x", mobiles), "CN_MOBILE");
  EXPECT_EQ(TypeOf("x", cards), "BANK_CARD");
  EXPECT_EQ(TypeOf("x", emails), "EMAIL_ADDRESS");
  EXPECT_EQ(TypeOf("plate", {"京A12345", "沪B8A88Q", "粤B12345D", "京AD12345"}),
            "CN_LICENSE_PLATE");
  EXPECT_EQ(TypeOf("", {"91350100M000100Y43", "91110108MA01ABCD1E", "12100000400000000W"}),
            "CN_USCC");
  // All digits: region 110108 and organisation code 10000016 with their check characters.
  EXPECT_EQ(TypeOf("", {"911101081000000166"}), "CN_USCC");
  EXPECT_EQ(TypeOf("", {"E12345678", "G12345678", "EA1234567"}), "CN_PASSPORT");
  EXPECT_EQ(TypeOf("", {"192.0.2.1", "2001:db8::1", "10.0.0.255"}), "IP_ADDRESS");
  EXPECT_EQ(TypeOf("", {"00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5f"}), "MAC_ADDRESS");
  EXPECT_EQ(TypeOf("", {"352099001761481", "860000000000009"}), "IMEI");
  EXPECT_EQ(TypeOf("", {"GB82WEST12345698765432", "DE89 3704 0044 0532 0130 00"}), "IBAN");
  EXPECT_EQ(TypeOf("", {"39.9042,116.4074", "31.2304, 121.4737"}), "GPS_COORDINATE");
  EXPECT_EQ(TypeOf("", {"010-65529988", "0755-88886666"}), "PHONE_NUMBER");
  EXPECT_EQ(TypeOf("", {"https://example.com/a", "http://example.org"}), "URL");
}

TEST_F(ColumnClassifierTest, WrittenFormsOfMobiles) {
  EXPECT_EQ(TypeOf("", {"138-0013-8000", "+86 139 0013 8000", "１３８００１３８０００",
                        "0086 13800138000", "(+86) 13700138000"}),
            "CN_MOBILE");
}

TEST_F(ColumnClassifierTest, ConfidenceReflectsHeaderHelpAndUnknownRegions) {
  std::vector<std::string> ids;
  for (int i = 0; i < 10; ++i) ids.push_back(ResidentId(rng_));
  EXPECT_DOUBLE_EQ(Classify("", ids).confidence, 1.0);
  // Province 11 is real, region 119901 is not in GB/T 2260: still IDs, with less confidence.
  for (int i = 0; i < 10; ++i) {
    std::string body = "119901199001" + std::to_string(10 + i) + "123";
    ids.push_back(body + CnResidentIdCheckChar(body));
  }
  ColumnStats stats;
  auto v = Classify("", ids, &stats);
  ASSERT_TRUE(v.type.has_value());
  EXPECT_EQ(*v.type, EntityType::kCnResidentId);
  EXPECT_EQ(stats.resident_ids_unknown_region, 10u);
  EXPECT_DOUBLE_EQ(v.confidence, 0.75);
  // A weak shape confirmed by the header is less certain than a validated one.
  auto dob = Classify("birth_date", {"1990-03-07", "1985-12-01"});
  EXPECT_DOUBLE_EQ(dob.confidence, 0.9);
  EXPECT_DOUBLE_EQ(Classify("x", {"n/a"}).confidence, 0.0);
}

TEST_F(ColumnClassifierTest, ValuesBeatHeaders) {
  std::vector<std::string> ids;
  for (int i = 0; i < 50; ++i) ids.push_back(ResidentId(rng_));
  EXPECT_EQ(TypeOf("contact_phone", ids), "CN_RESIDENT_ID");
  EXPECT_EQ(TypeOf("出生日期", ids), "CN_RESIDENT_ID");
}

TEST_F(ColumnClassifierTest, DecoyOrderNumbersAreNotCardsOrIds) {
  std::vector<std::string> orders;
  for (int i = 0; i < 2000; ++i)
    orders.push_back(std::to_string(1 + rng_() % 9) + Digits(rng_, 17));
  ColumnStats stats;
  auto v = Classify("order_no", orders, &stats);
  EXPECT_FALSE(v.type.has_value());
  EXPECT_LT(stats.matches[static_cast<size_t>(EntityType::kBankCard)], 200u);
  EXPECT_LT(stats.matches[static_cast<size_t>(EntityType::kCnResidentId)], 40u);
  // 1 in 31 passes the USCC check character; region and organisation code stop them.
  EXPECT_LT(stats.matches[static_cast<size_t>(EntityType::kCnUscc)], 5u);
  // Even under a misleading header.
  EXPECT_EQ(TypeOf("card_no", orders), "null");
}

TEST_F(ColumnClassifierTest, DecoySerialsStartingWith62FailingLuhnAreNotCards) {
  std::vector<std::string> serials;
  for (int i = 0; i < 500; ++i) {
    for (int len : {17, 19}) {
      std::string s = LuhnComplete("62" + Digits(rng_, len - 3));
      s.back() = static_cast<char>('0' + (s.back() - '0' + 1) % 10);  // break Luhn
      serials.push_back(s);
    }
  }
  ColumnStats stats;
  auto v = Classify("serial", serials, &stats);
  EXPECT_FALSE(v.type.has_value());
  EXPECT_EQ(stats.matches[static_cast<size_t>(EntityType::kBankCard)], 0u);
}

TEST_F(ColumnClassifierTest, RandomEighteenDigitsAreNotResidentIds) {
  std::vector<std::string> cells;
  for (int i = 0; i < 1000; ++i) cells.push_back("11" + Digits(rng_, 16));
  EXPECT_EQ(TypeOf("id", cells), "null");
}

TEST_F(ColumnClassifierTest, DominanceThreshold) {
  std::vector<std::string> cells;
  for (int i = 0; i < 75; ++i) cells.push_back(Mobile(rng_));
  for (int i = 0; i < 25; ++i) cells.push_back("n/a-" + std::to_string(i));
  auto v = Classify("x", cells);
  EXPECT_FALSE(v.type.has_value());
  ASSERT_FALSE(v.types.empty());
  EXPECT_EQ(v.types[0].first, EntityType::kCnMobile);
  EXPECT_EQ(v.types[0].second, 75u);
  for (int i = 0; i < 30; ++i) cells.push_back(Mobile(rng_));
  // Blank cells do not count against a type.
  for (int i = 0; i < 50; ++i) cells.push_back("  ");
  v = Classify("x", cells);
  ASSERT_TRUE(v.type.has_value());
  EXPECT_EQ(*v.type, EntityType::kCnMobile);
  EXPECT_EQ(v.matches, 105u);
  EXPECT_NEAR(v.ratio, 105.0 / 130.0, 1e-9);
}

TEST_F(ColumnClassifierTest, SemanticColumnsFromDictionaries) {
  EXPECT_EQ(TypeOf("", {"男", "女", "女", "男", "男"}), "GENDER");
  EXPECT_EQ(TypeOf("", {"M", "F", "F", "male", "Female"}), "GENDER");
  EXPECT_EQ(TypeOf("", {"汉族", "回族", "汉", "维吾尔族", "蒙古族"}), "ETHNICITY");
  EXPECT_EQ(TypeOf("", {"佛教", "基督教", "Islam", "无宗教信仰", "道教"}), "RELIGION");
  EXPECT_EQ(TypeOf("", {"高血压", "2型糖尿病", "J45.9", "asthma", "E11.65"}), "HEALTH");
  EXPECT_EQ(TypeOf("", {"张伟", "王芳", "欧阳娜娜", "李小龙", "阿依古丽·买买提"}), "PERSON_NAME");
  EXPECT_EQ(TypeOf("", {"John Smith", "Zhang Wei", "SMITH, Mary", "Anna Müller"}), "PERSON_NAME");
  EXPECT_EQ(TypeOf("", {"北京市朝阳区建国路88号", "上海市浦东新区世纪大道100号",
                        "广东省深圳市南山区科技园路1号"}),
            "ADDRESS");
}

TEST_F(ColumnClassifierTest, PlacesAndPhrasesAreNotNames) {
  EXPECT_EQ(TypeOf("city", {"广州", "成都", "武汉", "南京", "朝阳", "石家庄"}), "null");
  ColumnStats stats;
  Classify("备注", {"金卡会员", "金卡会员", "已核实身份"}, &stats);
  EXPECT_EQ(stats.matches[static_cast<size_t>(EntityType::kPersonName)], 0u);
}

TEST_F(ColumnClassifierTest, HeaderConfirmsWeakShapes) {
  const std::vector<std::string> dates = {"1990-03-07", "1985/12/1", "2001.07.15", "19770420"};
  EXPECT_EQ(TypeOf("created_at", dates), "null");
  EXPECT_EQ(TypeOf("birth_date", dates), "DATE_OF_BIRTH");
  EXPECT_EQ(TypeOf("出生日期", dates), "DATE_OF_BIRTH");
  EXPECT_EQ(TypeOf("code", {"12345678", "87654321"}), "null");
  EXPECT_EQ(TypeOf("台胞证号", {"12345678", "87654321"}), "CN_HMT_PERMIT");
  EXPECT_EQ(TypeOf("qty", {"35", "42", "7"}), "null");
  EXPECT_EQ(TypeOf("age", {"35", "42", "7"}), "AGE");
  EXPECT_EQ(TypeOf("sex", {"1", "2", "2", "1"}), "GENDER");
  EXPECT_EQ(TypeOf("level", {"1", "2", "2", "1"}), "null");
}

TEST_F(ColumnClassifierTest, HeaderLiftsConsistentSemanticValues) {
  // 3 of 5 values have known surnames; the header makes it a name column.
  const std::vector<std::string> names = {"张伟", "王芳", "李娜", "Xyz Qwv", "某某"};
  EXPECT_EQ(TypeOf("notes", names), "null");
  EXPECT_EQ(TypeOf("姓名", names), "PERSON_NAME");
  EXPECT_EQ(TypeOf("company_name", names), "null");
}

TEST_F(ColumnClassifierTest, IdentifiersInsideTextCellsCount) {
  ColumnStats stats;
  auto v = Classify(
      "remark",
      {"客户身份证110101199003078531，请核实", "call me at 13800138000 tomorrow",
       "邮箱 zhang.san@example.com。", "no identifiers here", "order A13800138000 shipped"},
      &stats);
  EXPECT_EQ(stats.matches[static_cast<size_t>(EntityType::kCnResidentId)], 1u);
  EXPECT_EQ(stats.matches[static_cast<size_t>(EntityType::kCnMobile)], 1u);
  EXPECT_EQ(stats.matches[static_cast<size_t>(EntityType::kEmailAddress)], 1u);
  EXPECT_FALSE(v.type.has_value());
}

// The per-column guess (ColumnStats::last_strong) must never change what a cell counts as.
TEST_F(ColumnClassifierTest, GuessingTheLastTypeChangesNothing) {
  std::vector<std::string> cells = {"110101199003078531",
                                    "11010519491231002X",
                                    "13800138000",
                                    "138-0013-8000",
                                    "8613800138000",
                                    "6222021234567894",
                                    "622202123456789412",
                                    "352099001761481",
                                    "a@example.com",
                                    "张伟",
                                    "汉族",
                                    "男",
                                    "北京",
                                    "欧阳娜娜",
                                    "4111111111111111",
                                    "110101900307853",
                                    "911101081000000166"};
  for (int i = 0; i < 200; ++i) cells.push_back(cells[rng_() % 17]);
  ColumnStats together;
  ColumnStats separately;
  for (const auto& cell : cells) {
    classifier_->AddCell(cell, &together);
    ColumnStats fresh;
    classifier_->AddCell(cell, &fresh);
    separately.Merge(fresh);
  }
  EXPECT_EQ(together.matches, separately.matches);
  EXPECT_EQ(together.weak, separately.weak);
  EXPECT_EQ(together.non_empty, separately.non_empty);
}

TEST_F(ColumnClassifierTest, MergeAddsCountsAndKeepsSampleLimit) {
  ColumnStats a, b;
  for (int i = 0; i < 10; ++i) classifier_->AddCell(Mobile(rng_), &a);
  for (int i = 0; i < 5; ++i) classifier_->AddCell(ResidentId(rng_), &b);
  classifier_->AddCell("", &b);
  EXPECT_EQ(a.masked_samples.size(), 3u);
  a.Merge(b);
  EXPECT_EQ(a.cells, 16u);
  EXPECT_EQ(a.non_empty, 15u);
  EXPECT_EQ(a.matches[static_cast<size_t>(EntityType::kCnMobile)], 10u);
  EXPECT_EQ(a.matches[static_cast<size_t>(EntityType::kCnResidentId)], 5u);
  EXPECT_EQ(a.masked_samples.size(), 3u);
  EXPECT_EQ(a.resident_ids_unknown_region, b.resident_ids_unknown_region);
  ColumnStats empty;
  empty.Merge(a);
  EXPECT_EQ(empty.masked_samples.size(), 3u);
}

TEST_F(ColumnClassifierTest, SamplesAreMasked) {
  ColumnStats stats;
  classifier_->AddCell("110101199003078531", &stats);
  classifier_->AddCell("138-0013-8000", &stats);
  classifier_->AddCell("zhang@example.com", &stats);
  ASSERT_EQ(stats.masked_samples.size(), 3u);
  EXPECT_EQ(stats.masked_samples[0], "110101********8531");
  EXPECT_EQ(stats.masked_samples[1], "138****8000");
  EXPECT_EQ(stats.masked_samples[2], "z***@example.com");
}

TEST_F(ColumnClassifierTest, CanonicalIdentifiers) {
  auto c = [&](EntityType t, std::string_view v) {
    return classifier_->CanonicalIdentifier(t, v).value_or("none");
  };
  EXPECT_EQ(c(EntityType::kCnResidentId, " 11010519491231002x "), "11010519491231002X");
  EXPECT_EQ(c(EntityType::kCnResidentId, "110101900307853"), "110101199003078531");
  EXPECT_EQ(c(EntityType::kCnMobile, "+86 138-0013-8000"), "13800138000");
  EXPECT_EQ(c(EntityType::kEmailAddress, "Zhang.San@Example.COM"), "zhang.san@example.com");
  EXPECT_EQ(c(EntityType::kBankCard, "6222 0212 3456 7894"), "6222021234567894");
  EXPECT_EQ(c(EntityType::kCnPassport, "e12345678"), "E12345678");
  EXPECT_EQ(c(EntityType::kIpAddress, "2001:DB8:0:0:0:0:0:1"), "2001:db8::1");
  // Full-width digits canonicalise to ASCII (found by the classifier fuzzer).
  EXPECT_EQ(c(EntityType::kPhoneNumber, "+72 0103 8３８０００"), "+720103838000");
  EXPECT_EQ(c(EntityType::kCnMobile, "１３８００１３８０００"), "13800138000");
  EXPECT_EQ(c(EntityType::kCnResidentId, "110101199003078530"), "none");
  EXPECT_EQ(c(EntityType::kCnMobile, "12800138000"), "none");
  EXPECT_EQ(c(EntityType::kPersonName, "张伟"), "none");
}

TEST_F(ColumnClassifierTest, BirthDateFromResidentId) {
  EXPECT_EQ(classifier_->BirthDateFromResidentId("11010519491231002X"),
            CivilDate::FromYmd(1949, 12, 31));
  EXPECT_EQ(classifier_->BirthDateFromResidentId("110101900307853"),
            CivilDate::FromYmd(1990, 3, 7));
  EXPECT_FALSE(classifier_->BirthDateFromResidentId("11010519491231002Y").has_value());
  // A birth date after the classifier's `today` is not a valid ID.
  std::string future = "11010120270101123";
  future += CnResidentIdCheckChar(future);
  EXPECT_FALSE(classifier_->BirthDateFromResidentId(future).has_value());
}

TEST_F(ColumnClassifierTest, CreateFailsWithFileNameForMissingData) {
  ClassifierOptions options;
  options.data_dir = xb::BuildTreeDir() + "/no_such_data";
  auto c = ColumnClassifier::Create(options);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::kNotFound);
  EXPECT_NE(c.error().where.file.find("no_such_data"), std::string::npos);
  options.data_dir.clear();
  options.dominance = 1.5;
  EXPECT_FALSE(ColumnClassifier::Create(options).ok());
}

TEST(MaskedSampleTest, NeverShowsTheWholeValue) {
  EXPECT_EQ(MaskedSample(EntityType::kBankCard, "6222021234567894"), "6222********7894");
  EXPECT_EQ(MaskedSample(EntityType::kPersonName, "张伟"), "张*");
  EXPECT_EQ(MaskedSample(EntityType::kPersonName, "欧阳娜娜"), "欧***");
  EXPECT_EQ(MaskedSample(EntityType::kPersonName, "John Smith"), "J*** S****");
  EXPECT_EQ(MaskedSample(EntityType::kGender, "男"), "*");
  EXPECT_EQ(MaskedSample(EntityType::kHealth, "高血压"), "高**");
  EXPECT_EQ(MaskedSample(EntityType::kDateOfBirth, "1990-03-07"), "19******07");
  // Invalid UTF-8 never leaks raw bytes.
  const std::string masked = MaskedSample(EntityType::kAddress, "\xFF\xFE\xFD\xFC");
  EXPECT_EQ(masked.find('\xFF'), std::string::npos);
}

TEST(CellShapeTest, ClassesAndCounts) {
  const CellShape a = ComputeShape("Ab1-2 @中");
  EXPECT_EQ(a.digits, 2u);
  EXPECT_EQ(a.letters, 2u);
  EXPECT_EQ(a.classes, kShUpper | kShLower | kShDigit | kShDash | kShSpace | kShAt | kShHigh);
  EXPECT_EQ(ComputeShape("").classes, 0);
  // Long cells take the slow path and count the same way.
  const std::string long_cell = std::string(70000, '7') + "x";
  const CellShape b = ComputeShape(long_cell);
  EXPECT_EQ(b.digits, 70000u);
  EXPECT_EQ(b.letters, 1u);
  EXPECT_EQ(b.classes, kShDigit | kShLower);
  const CellShape c = ComputeShape(std::string(65535, '\xFF'));
  EXPECT_EQ(c.classes, kShHigh);
  EXPECT_EQ(c.digits, 0u);
}

TEST(HeaderHintsTest, TokensInfixesAndChinese) {
  auto has = [](std::string_view h, EntityType t) {
    return HeaderHints(h).test(static_cast<size_t>(t));
  };
  EXPECT_TRUE(has("contact_phone", EntityType::kCnMobile));
  EXPECT_TRUE(has("mobilePhone", EntityType::kCnMobile));
  EXPECT_TRUE(has("DOB", EntityType::kDateOfBirth));
  EXPECT_TRUE(has("birthDate", EntityType::kDateOfBirth));
  EXPECT_TRUE(has("身份证号码", EntityType::kCnResidentId));
  EXPECT_TRUE(has("id_card_no", EntityType::kCnResidentId));
  EXPECT_FALSE(has("order_id", EntityType::kCnResidentId));
  EXPECT_TRUE(has("sex", EntityType::kGender));
  EXPECT_FALSE(has("sussex", EntityType::kGender));
  EXPECT_TRUE(has("age", EntityType::kAge));
  EXPECT_FALSE(has("page", EntityType::kAge));
  EXPECT_FALSE(has("usage", EntityType::kAge));
  EXPECT_TRUE(has("customer_name", EntityType::kPersonName));
  EXPECT_FALSE(has("company_name", EntityType::kPersonName));
  EXPECT_FALSE(has("公司名称", EntityType::kPersonName));
  EXPECT_TRUE(has("民族", EntityType::kEthnicity));
  EXPECT_TRUE(HeaderHints("").none());
  EXPECT_TRUE(HeaderHints(std::string(1000, 'x')).none());
}

}  // namespace
}  // namespace xb
