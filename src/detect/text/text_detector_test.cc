#include "detect/text/text_detector.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <hs/hs.h>

#include <string>
#include <thread>
#include <vector>

#include "core/utf8.h"

namespace xb {
namespace {

// One detector for the whole suite: building it compiles the pattern database.
const TextDetector& Detector() {
  static const TextDetector* detector = [] {
    TextDetectorOptions options;
    options.today = CivilDate::FromYmd(2026, 11, 23);
    auto created = TextDetector::Create(options);
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().ToString());
    return created.ok() ? created->release() : nullptr;
  }();
  return *detector;
}

// "TYPE:matched text" for every finding, in order; masked findings end with "/masked".
std::vector<std::string> Find(const std::string& text) {
  std::vector<TextFinding> findings;
  EXPECT_TRUE(Detector().Detect(text, &findings).ok());
  std::vector<std::string> out;
  for (const TextFinding& f : findings) {
    std::string s = std::string(EntityTypeName(f.type)) + ":" +
                    text.substr(f.byte_start, f.byte_end - f.byte_start);
    if (f.masked) s += "/masked";
    out.push_back(s);
  }
  return out;
}

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(TextDetector, ResidentIdInChineseSentence) {
  EXPECT_THAT(Find("身份证号110101199003078515，请核对"),
              ElementsAre("CN_RESIDENT_ID:110101199003078515"));
}

TEST(TextDetector, ResidentIdWithLowercaseX) {
  EXPECT_THAT(Find("ID: 11010519491231002x."), ElementsAre("CN_RESIDENT_ID:11010519491231002x"));
}

TEST(TextDetector, ResidentIdWithBadCheckCharIsNotReported) {
  EXPECT_THAT(Find("身份证号110101199003078514"), IsEmpty());
}

TEST(TextDetector, OffsetsAreCodePoints) {
  std::vector<TextFinding> findings;
  ASSERT_TRUE(Detector().Detect("手机13800138000", &findings).ok());
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].type, EntityType::kCnMobile);
  EXPECT_EQ(findings[0].start, 2u);
  EXPECT_EQ(findings[0].end, 13u);
  EXPECT_EQ(findings[0].byte_start, 6u);
}

TEST(TextDetector, MobileWithSeparatorsAndPrefix) {
  EXPECT_THAT(Find("电话138-0013-8000"), ElementsAre("CN_MOBILE:138-0013-8000"));
  EXPECT_THAT(Find("call +86 138 0013 8000 now"), ElementsAre("CN_MOBILE:+86 138 0013 8000"));
  EXPECT_THAT(Find("0086-13800138000"), ElementsAre("CN_MOBILE:0086-13800138000"));
}

TEST(TextDetector, FullWidthDigitsAreFoldedButOffsetsStayInOriginal) {
  EXPECT_THAT(Find("手机：１３８００１３８０００。"),
              ElementsAre("CN_MOBILE:１３８００１３８０００"));
}

TEST(TextDetector, EmojiAndCjkPunctuationGluedToValue) {
  EXPECT_THAT(Find("📱13800138000😀"), ElementsAre("CN_MOBILE:13800138000"));
  EXPECT_THAT(Find("【13800138000】"), ElementsAre("CN_MOBILE:13800138000"));
}

TEST(TextDetector, TwoMobilesSeparatedBySpace) {
  EXPECT_THAT(Find("13800138000 13912345678"),
              ElementsAre("CN_MOBILE:13800138000", "CN_MOBILE:13912345678"));
}

TEST(TextDetector, BankCardWithSpaces) {
  EXPECT_THAT(Find("卡号6222 0212 3456 7890 128已冻结"),
              ElementsAre("BANK_CARD:6222 0212 3456 7890 128"));
}

TEST(TextDetector, DecoysDoNotFire) {
  EXPECT_THAT(Find("订单号202611231234567890，金额128.50元"), IsEmpty());
  EXPECT_THAT(Find("timestamp 1732345678901"), IsEmpty());
  EXPECT_THAT(Find("运单号SF1234567890123"), IsEmpty());
  EXPECT_THAT(Find("总价¥13800138000"), IsEmpty());
}

TEST(TextDetector, MaskedIdIsReportedAsMasked) {
  EXPECT_THAT(Find("身份证110101********8531"),
              ElementsAre("CN_RESIDENT_ID:110101********8531/masked"));
  EXPECT_THAT(Find("尾号138****8000"), ElementsAre("CN_MOBILE:138****8000/masked"));
}

TEST(TextDetector, MacAfterALabelColonButNotInsideALongerChain) {
  EXPECT_THAT(Find("MAC：00:1A:2B:3C:4D:5E"), ElementsAre("MAC_ADDRESS:00:1A:2B:3C:4D:5E"));
  EXPECT_THAT(Find("MAC:00:1A:2B:3C:4D:5E"), ElementsAre("MAC_ADDRESS:00:1A:2B:3C:4D:5E"));
  // Eight groups are an IPv6 address, not a MAC address inside a chain.
  EXPECT_THAT(Find("11:22:33:44:55:66:77:88"), ElementsAre("IP_ADDRESS:11:22:33:44:55:66:77:88"));
  EXPECT_THAT(Find("序列 0a-1b-2c-3d-4e-5f-6a"), IsEmpty());
}

TEST(TextDetector, Icd10CodeWithClinicalWordAfterIt) {
  EXPECT_THAT(Find("家属咨询I10住院费用"), ElementsAre("HEALTH:I10"));
  EXPECT_THAT(Find("型号A12已经停产"), IsEmpty());  // no clinical word: a model number
}

TEST(TextDetector, EmailWithPlusAndIpWithPort) {
  EXPECT_THAT(Find("mail zhang.wei+vip@example.com。登录IP 192.168.1.10:8080"),
              ElementsAre("EMAIL_ADDRESS:zhang.wei+vip@example.com", "IP_ADDRESS:192.168.1.10"));
}

TEST(TextDetector, VersionNumbersAreNotIps) {
  EXPECT_THAT(Find("版本 v1.2.3.4 和 1.2.3.4.5"), IsEmpty());
}

TEST(TextDetector, MacImeiIbanPlateUscc) {
  EXPECT_THAT(Find("MAC 00:1A:2B:3C:4D:5E"), ElementsAre("MAC_ADDRESS:00:1A:2B:3C:4D:5E"));
  EXPECT_THAT(Find("IMEI 490154203237518"), ElementsAre("IMEI:490154203237518"));
  EXPECT_THAT(Find("IBAN DE89 3704 0044 0532 0130 00"),
              ElementsAre("IBAN:DE89 3704 0044 0532 0130 00"));
  EXPECT_THAT(Find("车牌粤B12345"), ElementsAre("CN_LICENSE_PLATE:粤B12345"));
  EXPECT_THAT(Find("信用代码91350100M000100Y43"), ElementsAre("CN_USCC:91350100M000100Y43"));
}

TEST(TextDetector, PassportNeedsShapeAndGainsFromContext) {
  std::vector<TextFinding> findings;
  ASSERT_TRUE(Detector().Detect("护照号E12345678", &findings).ok());
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].type, EntityType::kCnPassport);
  EXPECT_GT(findings[0].score, 0.9f);
}

TEST(TextDetector, DateOfBirthOnlyInBirthContext) {
  EXPECT_THAT(Find("出生日期：1990-03-07"), ElementsAre("DATE_OF_BIRTH:1990-03-07"));
  EXPECT_THAT(Find("born on March 7, 1990"), ElementsAre("DATE_OF_BIRTH:March 7, 1990"));
  EXPECT_THAT(Find("会议定于2026-03-07举行"), IsEmpty());
}

TEST(TextDetector, ChineseNames) {
  EXPECT_THAT(Find("客户张伟来电反映"), ElementsAre("PERSON_NAME:张伟"));
  EXPECT_THAT(Find("患者欧阳娜娜，女，45岁"),
              ElementsAre("PERSON_NAME:欧阳娜娜", "GENDER:女", "AGE:45岁"));
  EXPECT_THAT(Find("联系人：买买提·阿凡提"), ElementsAre("PERSON_NAME:买买提·阿凡提"));
  EXPECT_THAT(Find("王先生的快递到了"), ElementsAre("PERSON_NAME:王先生"));
}

TEST(TextDetector, CommonWordsStartingWithSurnamesAreNotNames) {
  EXPECT_THAT(Find("我很高兴，方便的话明天安排一下"), IsEmpty());
}

TEST(TextDetector, LatinNames) {
  EXPECT_THAT(Find("Please ask John Smith or Mr. Brown."),
              ElementsAre("PERSON_NAME:John Smith", "PERSON_NAME:Brown"));
  EXPECT_THAT(Find("Customer Zhang Wei called."), ElementsAre("PERSON_NAME:Zhang Wei"));
}

TEST(TextDetector, ChineseAddresses) {
  EXPECT_THAT(Find("寄到深圳南山区科苑路88号"), ElementsAre("ADDRESS:深圳南山区科苑路88号"));
  EXPECT_THAT(Find("住址：广东省深圳市南山区粤海街道科技园社区科苑路15号2栋1201室。"),
              ElementsAre("ADDRESS:广东省深圳市南山区粤海街道科技园社区科苑路15号2栋1201室"));
  EXPECT_THAT(Find("我住在阳光小区3栋2单元301"), ElementsAre("ADDRESS:阳光小区3栋2单元301"));
}

TEST(TextDetector, SemanticDictionaries) {
  EXPECT_THAT(Find("民族：维吾尔族，信仰伊斯兰教，诊断为2型糖尿病，服用二甲双胍"),
              ElementsAre("ETHNICITY:维吾尔族", "RELIGION:伊斯兰教", "HEALTH:2型糖尿病",
                          "HEALTH:二甲双胍"));
  EXPECT_THAT(Find("诊断：E11.9"), ElementsAre("HEALTH:E11.9"));
}

TEST(TextDetector, ContextRaisesScore) {
  std::vector<TextFinding> plain, with_context;
  ASSERT_TRUE(Detector().Detect("490154203237518", &plain).ok());
  ASSERT_TRUE(Detector().Detect("IMEI: 490154203237518", &with_context).ok());
  ASSERT_EQ(with_context.size(), 1u);
  EXPECT_GT(with_context[0].score, 0.9f);
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_LT(plain[0].score, with_context[0].score);
}

TEST(TextDetector, BadBytesNeverCrash) {
  std::string text = "手机13800138000";
  text.insert(3, std::string("\xFF\x00\xC0", 3));
  std::vector<TextFinding> findings;
  ASSERT_TRUE(Detector().Detect(text, &findings).ok());
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(text.substr(findings[0].byte_start, findings[0].byte_end - findings[0].byte_start),
            "13800138000");
  EXPECT_EQ(findings[0].start, utf8::CountCodePoints(text.substr(0, findings[0].byte_start)));
  ASSERT_TRUE(Detector().Detect("", &findings).ok());
  EXPECT_TRUE(findings.empty());
}

// Vectorscan allocates its scratch space through this hook; the test makes it fail.
void* FailingAlloc(size_t /*bytes*/) { return nullptr; }

// A scan that cannot run is an error, not "no findings": the text below holds a mobile number,
// and an empty result would tell the caller it holds none.
TEST(TextDetector, ScratchAllocationFailureIsAnErrorNotAnEmptyResult) {
  const TextDetector& detector = Detector();  // created before the allocator fails
  std::vector<TextFinding> findings;
  Status status;
  // A fresh thread has no scratch yet, so its first Detect must allocate one.
  ASSERT_EQ(hs_set_scratch_allocator(FailingAlloc, nullptr), HS_SUCCESS);
  std::thread([&] { status = detector.Detect("手机13800138000", &findings); }).join();
  ASSERT_EQ(hs_set_scratch_allocator(nullptr, nullptr), HS_SUCCESS);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kResourceExhausted);
  EXPECT_TRUE(findings.empty());
  std::thread([&] { status = detector.Detect("手机13800138000", &findings); }).join();
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(findings.size(), 1u);
}

TEST(TextDetector, MissingDataDirIsAnError) {
  TextDetectorOptions options;
  options.data_dir = "/nonexistent/xborder-data";
  auto created = TextDetector::Create(options);
  ASSERT_FALSE(created.ok());
  EXPECT_NE(created.error().ToString().find("/nonexistent/xborder-data"), std::string::npos);
}

}  // namespace
}  // namespace xb
