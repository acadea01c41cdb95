#include "transfer/column_names.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "transfer/transfer.h"

namespace xb::transfer {
namespace {

class ColumnNamesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto created = ColumnClassifier::Create();
    ASSERT_TRUE(created.ok()) << created.error().ToString();
    classifier_ = std::move(created).value().release();
  }
  static void TearDownTestSuite() { delete classifier_; }
  static const ColumnClassifier* classifier_;
};
const ColumnClassifier* ColumnNamesTest::classifier_ = nullptr;

TEST_F(ColumnNamesTest, AFirstRecordNamingAPersonIsData) {
  const std::vector<std::string> record = {"张伟", "110101199001010007", "13800000000"};
  EXPECT_TRUE(FirstRecordIsData(*classifier_, record));
  EXPECT_TRUE(FirstRecordIsData(*classifier_, std::vector<std::string>{"x", "a@example.cn"}));
}

TEST_F(ColumnNamesTest, RealHeadersAreHeadersEvenWhenAWordReadsAsAName) {
  for (const std::vector<std::string>& header :
       {std::vector<std::string>{"employee_no", "name", "id_card", "mobile", "email"},
        std::vector<std::string>{"姓名", "身份证号", "手机号", "金额", "备注"},
        std::vector<std::string>{"张伟", "mobile"}}) {
    EXPECT_FALSE(FirstRecordIsData(*classifier_, header)) << header[0];
  }
}

TEST_F(ColumnNamesTest, NamesThatHoldDataAreNotShown) {
  for (const char* name : {"13800000000", "110101199001010007", "张伟", "a@example.cn", "35"}) {
    EXPECT_TRUE(NameHoldsData(*classifier_, name)) << name;
  }
  for (const char* name : {"mobile", "id_card", "sick_leave_diagnosis", "姓名", "column_3"}) {
    EXPECT_FALSE(NameHoldsData(*classifier_, name)) << name;
  }
}

TEST(ColumnFateTest, ReferenceNamesThePositionUnlessTheNameIsSafe) {
  ColumnFate f;
  f.name = "mobile";
  f.position = 3;
  EXPECT_EQ(f.Reference(), "column 'mobile'");
  EXPECT_EQ(f.DisplayName(), "mobile");
  f.name_holds_data = true;
  EXPECT_EQ(f.Reference(), "column 3");
  EXPECT_EQ(f.DisplayName(), "column 3");
  f.name_holds_data = false;
  f.name = "column_3";
  f.name_generated = true;
  EXPECT_EQ(f.Reference(), "column 3");
  EXPECT_EQ(f.DisplayName(), "column_3");
}

}  // namespace
}  // namespace xb::transfer
