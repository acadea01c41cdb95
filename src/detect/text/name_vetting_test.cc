#include "detect/text/name_vetting.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace xb {
namespace {

class NameVettingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto classifier = ColumnClassifier::Create();
    ASSERT_TRUE(classifier.ok()) << classifier.error().ToString();
    classifier_ = std::move(classifier).value().release();
    auto detector = TextDetector::Create();
    ASSERT_TRUE(detector.ok()) << detector.error().ToString();
    detector_ = std::move(detector).value().release();
  }
  static void TearDownTestSuite() {
    delete classifier_;
    delete detector_;
  }
  static bool Holds(std::string_view name) { return NameHoldsData(*classifier_, detector_, name); }
  static bool IsData(const std::vector<std::string>& record) {
    return FirstRecordIsData(*classifier_, detector_, record);
  }
  static const ColumnClassifier* classifier_;
  static const TextDetector* detector_;
};
const ColumnClassifier* NameVettingTest::classifier_ = nullptr;
const TextDetector* NameVettingTest::detector_ = nullptr;

TEST_F(NameVettingTest, NamesThatHoldDataAreNotShown) {
  for (const char* name :
       {"13800000000", "110101199001010007", "张伟", "林刚健", "a@example.cn", "35", "John Smith",
        "乙肝", "北京市朝阳区建国路88号", "6222021001112220337", "1990-01-10", "", "tel\x01",
        "a name far longer than forty code points, as no header is"}) {
    EXPECT_TRUE(Holds(name)) << name;
  }
  for (const char* name : {"mobile", "id_card", "employee_no", "name", "gender",
                           "sick_leave_diagnosis", "姓名", "身份证号", "手机", "column_3"}) {
    EXPECT_FALSE(Holds(name)) << name;
  }
}

TEST_F(NameVettingTest, WithoutADetectorTheClassifierAndTheShapeStillDecide) {
  EXPECT_TRUE(NameHoldsData(*classifier_, nullptr, "13800000000"));
  EXPECT_TRUE(NameHoldsData(*classifier_, nullptr, "order_2024"));
  EXPECT_FALSE(NameHoldsData(*classifier_, nullptr, "mobile"));
}

TEST_F(NameVettingTest, AFirstRecordNamingAPersonByIdentifierIsData) {
  EXPECT_TRUE(IsData({"张伟", "110101199001010007", "13800000000"}));
  EXPECT_TRUE(IsData({"x", "a@example.cn"}));
}

// Review F5: no subject identifier, but every field is a person's data.
TEST_F(NameVettingTest, AFirstRecordMostOfWhoseFieldsHoldDataIsData) {
  EXPECT_TRUE(IsData({"张伟", "北京市朝阳区建国路88号", "6222021001112220337", "1990-01-10"}));
  EXPECT_TRUE(IsData({"王芳", "女", "1985-03-07", "销售部"}));
  EXPECT_TRUE(IsData({"John Smith", "1990-01-10", ""}));
}

TEST_F(NameVettingTest, RealHeadersAreHeadersEvenWhenSomeWordsReadAsData) {
  const std::vector<std::vector<std::string>> headers = {
      {"employee_no", "name", "id_card", "mobile", "email"},
      {"employee_no", "name", "gender", "id_card", "mobile", "email", "department", "job_title",
       "hire_date", "monthly_salary_cny", "bank_card", "sick_leave_diagnosis"},
      {"name", "id_card", "mobile", "bank_card", "birth_date", "address", "age", "sex",
       "diagnosis"},
      {"order_no", "order_time", "customer_name", "customer_mobile", "id_card_no",
       "shipping_address", "tracking_no", "amount", "payment_card", "device_serial", "client_ip"},
      {"ticket_id", "opened_at", "customer_mobile", "channel", "content"},
      {"姓名", "身份证号", "手机号", "金额", "备注"},
      {"工号", "姓名", "性别", "手机号码", "身份证号码", "民族", "住址", "备注"},
      {"客户姓名", "联系电话", "收货地址", "订单金额"},
      {"姓名", "出生日期", "年龄", "籍贯", "诊断"},
      {"部门", "2023", "2024"},
      {"张伟", "mobile"},
      {"id", "remark"},
      {"First Name", "Last Name", "Date of Birth"},
  };
  for (const std::vector<std::string>& header : headers) {
    EXPECT_FALSE(IsData(header)) << header[0] << "," << header[1];
  }
}

TEST_F(NameVettingTest, PathPartsHoldingDataAreFoundInTheirPieces) {
  for (const char* part : {"张伟_110101199001014569.csv", "13800000000.csv", "张伟-工资.csv"}) {
    EXPECT_TRUE(PathPartHoldsData(*classifier_, *detector_, part)) << part;
  }
  for (const char* part : {"people.csv", "hr", "people_2024.csv", "员工花名册.csv"}) {
    EXPECT_FALSE(PathPartHoldsData(*classifier_, *detector_, part)) << part;
  }
}

}  // namespace
}  // namespace xb
