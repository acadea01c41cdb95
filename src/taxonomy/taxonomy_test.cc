#include "taxonomy/taxonomy.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/locations.h"

namespace xb {
namespace {

// The entity vocabulary of DESIGN.md §3; every name must be classified.
const char* const kVocabulary[] = {"CN_RESIDENT_ID",
                                   "CN_MOBILE",
                                   "PHONE_NUMBER",
                                   "BANK_CARD",
                                   "CN_PASSPORT",
                                   "PASSPORT",
                                   "CN_HMT_PERMIT",
                                   "CN_LICENSE_PLATE",
                                   "CN_USCC",
                                   "EMAIL_ADDRESS",
                                   "IP_ADDRESS",
                                   "MAC_ADDRESS",
                                   "IMEI",
                                   "IBAN",
                                   "GPS_COORDINATE",
                                   "DATE_OF_BIRTH",
                                   "URL",
                                   "PERSON_NAME",
                                   "ADDRESS",
                                   "ETHNICITY",
                                   "RELIGION",
                                   "HEALTH",
                                   "BIOMETRIC",
                                   "FINANCIAL_ACCOUNT",
                                   "GENDER",
                                   "AGE"};

class ShippedTaxonomyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto t = Taxonomy::LoadDefault(xb::SourceTreeDir() + "/data");
    ASSERT_TRUE(t.ok()) << t.error().ToString();
    taxonomy_ = std::move(t).value();
  }
  Taxonomy taxonomy_;
};

TEST_F(ShippedTaxonomyTest, EveryEntityIsClassifiedWithCitedSources) {
  for (const char* name : kVocabulary) {
    const EntityClassification* e = taxonomy_.Find(name);
    ASSERT_NE(e, nullptr) << name;
    EXPECT_FALSE(e->basis.empty()) << name;
    for (const auto& key : e->basis) EXPECT_FALSE(taxonomy_.Citation(key).empty()) << key;
  }
  EXPECT_EQ(taxonomy_.Find("NO_SUCH_TYPE"), nullptr);
}

TEST_F(ShippedTaxonomyTest, PiplArticle28Categories) {
  for (const char* name : {"BANK_CARD", "IBAN", "FINANCIAL_ACCOUNT", "HEALTH", "BIOMETRIC",
                           "RELIGION", "GPS_COORDINATE", "CN_RESIDENT_ID", "CN_PASSPORT"}) {
    EXPECT_TRUE(taxonomy_.IsSensitive(name, Jurisdiction::kCN)) << name;
  }
  for (const char* name : {"CN_MOBILE", "EMAIL_ADDRESS", "PERSON_NAME", "GENDER", "IP_ADDRESS"}) {
    EXPECT_FALSE(taxonomy_.IsSensitive(name, Jurisdiction::kCN)) << name;
  }
  EXPECT_EQ(taxonomy_.Find("GPS_COORDINATE")->category, "whereabouts");
  EXPECT_EQ(taxonomy_.Find("BANK_CARD")->category, "financial");
  EXPECT_EQ(taxonomy_.Find("CN_RESIDENT_ID")->grade, 4);
}

TEST_F(ShippedTaxonomyTest, GdprArticle9SpecialCategories) {
  for (const char* name : {"HEALTH", "BIOMETRIC", "RELIGION", "ETHNICITY"}) {
    EXPECT_TRUE(taxonomy_.IsSensitive(name, Jurisdiction::kEU)) << name;
  }
  // Financial data and national ID numbers are not Art. 9 categories.
  for (const char* name : {"BANK_CARD", "CN_RESIDENT_ID", "GPS_COORDINATE", "GENDER"}) {
    EXPECT_FALSE(taxonomy_.IsSensitive(name, Jurisdiction::kEU)) << name;
  }
}

TEST_F(ShippedTaxonomyTest, UsccIsAnOrganisationNotPersonalInformation) {
  const EntityClassification* e = taxonomy_.Find("CN_USCC");
  ASSERT_NE(e, nullptr);
  EXPECT_FALSE(e->personal_information);
  EXPECT_EQ(e->category, "organisation");
  EXPECT_EQ(e->grade, 0);
  // Not PI, so a minor's status cannot make it sensitive either.
  EXPECT_FALSE(taxonomy_.IsSensitive("CN_USCC", Jurisdiction::kCN, /*minor=*/true));
}

TEST_F(ShippedTaxonomyTest, AllPiOfAMinorUnder14IsSensitiveInChinaOnly) {
  EXPECT_EQ(taxonomy_.minor_age_limit(), 14);
  EXPECT_FALSE(taxonomy_.minor_basis().empty());
  EXPECT_TRUE(taxonomy_.IsSensitive("CN_MOBILE", Jurisdiction::kCN, /*minor=*/true));
  EXPECT_TRUE(taxonomy_.IsSensitive("PERSON_NAME", Jurisdiction::kCN, /*minor=*/true));
  EXPECT_FALSE(taxonomy_.IsSensitive("CN_MOBILE", Jurisdiction::kEU, /*minor=*/true));
  // The data file states it (minors.sensitive): PIPL Art. 28 yes, GDPR Art. 9 no.
  EXPECT_TRUE(taxonomy_.MinorsSensitive(Jurisdiction::kCN));
  EXPECT_FALSE(taxonomy_.MinorsSensitive(Jurisdiction::kEU));
}

// Issue #15 review 15b, finding 7: the two readings of "a sensitive category", in one place.
TEST_F(ShippedTaxonomyTest, SensitiveCategoriesUnderEachReading) {
  using R = SensitiveCategoryReading;
  const auto any_cn = taxonomy_.SensitiveCategories(Jurisdiction::kCN, R::kAnyKind);
  const auto every_cn = taxonomy_.SensitiveCategories(Jurisdiction::kCN, R::kEveryKind);
  // Identity mixes identity documents (sensitive, GB/T 35273 B.1) with licence plates (not).
  EXPECT_EQ(any_cn.count("identity"), 1u);
  EXPECT_EQ(every_cn.count("identity"), 0u);
  EXPECT_EQ(any_cn.count("contact"), 0u);  // no kind of contact data is sensitive
  EXPECT_EQ(every_cn.count("contact"), 0u);
  EXPECT_EQ(every_cn.count("health"), 1u);
  for (const auto& c : every_cn) EXPECT_EQ(any_cn.count(c), 1u) << c;  // every => any
  // Children's PI: sensitive in the PRC (PIPL Art. 28) under both readings, not under GDPR.
  EXPECT_EQ(any_cn.count("minors"), 1u);
  EXPECT_EQ(every_cn.count("minors"), 1u);
  EXPECT_EQ(taxonomy_.SensitiveCategories(Jurisdiction::kEU, R::kAnyKind).count("minors"), 0u);
  EXPECT_EQ(taxonomy_.SensitiveCategories(Jurisdiction::kEU, R::kEveryKind).count("identity"), 0u);
}

TEST(MinorTest, UnderFourteenThroughTheBirthday) {
  EXPECT_EQ(Taxonomy().minor_age_limit(), 14);
  const CivilDate birth = *CivilDate::FromYmd(2012, 5, 10);
  EXPECT_TRUE(IsMinor(birth, *CivilDate::FromYmd(2026, 5, 9), 14));
  EXPECT_TRUE(IsMinor(birth, *CivilDate::FromYmd(2026, 5, 10), 14));
  EXPECT_FALSE(IsMinor(birth, *CivilDate::FromYmd(2026, 5, 11), 14));
  EXPECT_FALSE(IsMinor(*CivilDate::FromYmd(1990, 1, 1), *CivilDate::FromYmd(2026, 1, 1), 14));
  // Born on 29 February: the birthday in a common year is 28 February.
  const CivilDate leap = *CivilDate::FromYmd(2012, 2, 29);
  EXPECT_TRUE(IsMinor(leap, *CivilDate::FromYmd(2026, 2, 28), 14));
  EXPECT_FALSE(IsMinor(leap, *CivilDate::FromYmd(2026, 3, 1), 14));
  // Not born yet (a bad date): treated as a minor, the cautious answer.
  EXPECT_TRUE(IsMinor(*CivilDate::FromYmd(2030, 1, 1), *CivilDate::FromYmd(2026, 1, 1), 14));
}

TEST(JurisdictionTest, Parse) {
  EXPECT_EQ(ParseJurisdiction("CN"), Jurisdiction::kCN);
  EXPECT_EQ(ParseJurisdiction("EU"), Jurisdiction::kEU);
  EXPECT_FALSE(ParseJurisdiction("US").has_value());
}

std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::string path = xb::BuildTreeDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

const char kHeader[] =
    "version: 1\n"
    "sources:\n"
    "  S: \"a source\"\n"
    "categories:\n"
    "  - id: contact\n"
    "    description: d\n"
    "minors:\n"
    "  age_limit: 14\n"
    "  basis: [S]\n"
    "entities:\n";

TEST(TaxonomyLoadTest, ErrorsNameFileLineAndField) {
  auto missing = Taxonomy::Load(xb::BuildTreeDir() + "/no_such_taxonomy.yaml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

  auto bad_yaml = Taxonomy::Load(WriteTemp("tax_bad.yaml", "version: [1\n"));
  ASSERT_FALSE(bad_yaml.ok());
  EXPECT_EQ(bad_yaml.error().code, ErrorCode::kParse);

  auto unknown_category = Taxonomy::Load(WriteTemp(
      "tax_cat.yaml", std::string(kHeader) +
                          "  X:\n    category: nope\n    personal_information: true\n"
                          "    sensitive: {CN: false, EU: false}\n    grade: 2\n    basis: [S]\n"));
  ASSERT_FALSE(unknown_category.ok());
  EXPECT_EQ(unknown_category.error().where.field, "entities.X.category");
  EXPECT_EQ(unknown_category.error().where.line, 12);  // "category: nope"

  auto unknown_source = Taxonomy::Load(WriteTemp(
      "tax_src.yaml", std::string(kHeader) +
                          "  X:\n    category: contact\n    personal_information: true\n"
                          "    sensitive: {CN: false, EU: false}\n    grade: 2\n    basis: [T]\n"));
  ASSERT_FALSE(unknown_source.ok());
  EXPECT_EQ(unknown_source.error().where.field, "entities.X.basis");

  auto bad_grade = Taxonomy::Load(
      WriteTemp("tax_grade.yaml",
                std::string(kHeader) +
                    "  X:\n    category: contact\n    personal_information: true\n"
                    "    sensitive: {CN: false, EU: false}\n    grade: 7\n    basis: [S]\n"));
  ASSERT_FALSE(bad_grade.ok());
  EXPECT_EQ(bad_grade.error().where.field, "entities.X.grade");

  auto bad_bool = Taxonomy::Load(
      WriteTemp("tax_bool.yaml",
                std::string(kHeader) +
                    "  X:\n    category: contact\n    personal_information: maybe\n"
                    "    sensitive: {CN: false, EU: false}\n    grade: 2\n    basis: [S]\n"));
  ASSERT_FALSE(bad_bool.ok());
  EXPECT_EQ(bad_bool.error().where.field, "entities.X.personal_information");

  auto ok = Taxonomy::Load(WriteTemp(
      "tax_ok.yaml", std::string(kHeader) +
                         "  X:\n    category: contact\n    personal_information: true\n"
                         "    sensitive: {CN: true, EU: false}\n    grade: 3\n    basis: [S]\n"));
  ASSERT_TRUE(ok.ok()) << ok.error().ToString();
  EXPECT_TRUE(ok->IsSensitive("X", Jurisdiction::kCN));
  EXPECT_EQ(ok->Citation("S"), "a source");
}

// Every birth date within 40 days of FirstMinorBirthDate's answer is a minor exactly when
// IsMinor says so.
void ExpectSplitsAsIsMinor(CivilDate as_of, int limit) {
  const CivilDate first = FirstMinorBirthDate(as_of, limit);
  for (int64_t d = first.days_since_epoch() - 40; d < first.days_since_epoch() + 40; ++d) {
    const CivilDate birth = CivilDate::FromDays(d);
    ASSERT_EQ(IsMinor(birth, as_of, limit), birth >= first)
        << "as of " << as_of.ToString() << ", limit " << limit << ", birth " << birth.ToString();
  }
}

TEST(IsMinorTest, FirstMinorBirthDateSplitsEveryBirthDateAsIsMinorDoes) {
  for (int64_t as_of_days = 19000; as_of_days < 19000 + 4 * 366; as_of_days += 7) {
    for (int limit : {0, 1, 14, 18}) ExpectSplitsAsIsMinor(CivilDate::FromDays(as_of_days), limit);
  }
}

// Leap days as the as-of date, and as-of dates in years 1-13, where as_of minus 14 years lies
// before year 1 (--as-of accepts any year from 1).
TEST(IsMinorTest, FirstMinorBirthDateHoldsOnLeapDaysAndInTheFirstYears) {
  for (const char* as_of :
       {"2024-02-29", "2000-02-29", "2024-02-28", "2024-03-01", "0001-01-01", "0001-02-28",
        "0002-03-01", "0004-02-29", "0010-02-28", "0013-03-01", "0013-12-31"}) {
    for (int limit : {0, 1, 14, 18}) ExpectSplitsAsIsMinor(*CivilDate::Parse(as_of), limit);
  }
}

}  // namespace
}  // namespace xb
