#include "protect/transform.h"

#include <gtest/gtest.h>

#include <set>

#include "core/civil_date.h"
#include "core/key_file.h"

namespace xb::protect {
namespace {

TransformKeys TestKeys() {
  std::array<uint8_t, 32> raw{};
  raw.fill(42);
  SecretKey key = KeyFromBytes(raw);
  TransformKeys k;
  k.token = DeriveSubKey(key, "token");
  k.ff1 = DeriveSubKey(key, "ff1");
  k.date_shift = DeriveSubKey(key, "date-shift");
  return k;
}

Table OneColumn(const std::vector<std::string>& values, const std::string& name = "c") {
  Table t({name});
  int64_t line = 2;
  for (const auto& v : values) {
    std::string_view f[] = {v};
    t.AppendRow(f, line++);
  }
  return t;
}

std::vector<std::string> Apply(const Table& t, const TransformSpec& spec, size_t col = 0) {
  auto c = ApplyTransform(t, col, spec, TestKeys(), nullptr, "in.csv");
  EXPECT_TRUE(c.ok()) << c.error().ToString();
  std::vector<std::string> out;
  if (!c.ok()) return out;
  for (size_t r = 0; r < c->size(); ++r) out.emplace_back(c->Value(r));
  return out;
}

TEST(Transform, MaskKeepsFirstAndLastCodePoints) {
  TransformSpec s;
  s.kind = TransformKind::kMask;
  s.keep_first = 3;
  s.keep_last = 4;
  auto out = Apply(OneColumn({"13812345678", "张三丰先生的电话号码", "1234567", ""}), s);
  EXPECT_EQ(out[0], "138****5678");
  EXPECT_EQ(out[1], "张三丰***电话号码");
  EXPECT_EQ(out[2], "*******");  // too short to reveal anything
  EXPECT_EQ(out[3], "");
}

TEST(Transform, TokenizeIsDeterministicAndKeyed) {
  TransformSpec s;
  s.kind = TransformKind::kTokenize;
  auto out = Apply(OneColumn({"110101199003074514", "110101199003074514", "x"}), s);
  EXPECT_EQ(out[0], out[1]);
  EXPECT_NE(out[0], out[2]);
  EXPECT_EQ(out[0].size(), 36u);
  EXPECT_EQ(out[0].substr(0, 4), "tok_");
  EXPECT_EQ(out[0].find("110101"), std::string::npos);
}

TEST(Transform, FpeKeepsFormatAndSeparators) {
  TransformSpec s;
  s.kind = TransformKind::kFpe;
  auto out = Apply(OneColumn({"6222 0212 3456 7890", "6222021234567890"}), s);
  ASSERT_EQ(out[0].size(), 19u);
  EXPECT_EQ(out[0][4], ' ');
  EXPECT_EQ(out[0][9], ' ');
  EXPECT_NE(out[0], "6222 0212 3456 7890");
  for (char c : out[1]) EXPECT_TRUE(c >= '0' && c <= '9');
  EXPECT_EQ(out[1].size(), 16u);
}

TEST(Transform, FpeRejectsTooShortValuesNamingTheLine) {
  TransformSpec s;
  s.kind = TransformKind::kFpe;
  Table t = OneColumn({"123456", "12345"});
  auto c = ApplyTransform(t, 0, s, TestKeys(), nullptr, "in.csv");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().where.line, 3);
  EXPECT_EQ(c.error().where.field, "c");
  EXPECT_EQ(c.error().message.find("12345"), std::string::npos);  // shape, not content
}

TEST(Transform, GeneralizeDatesAndBuckets) {
  TransformSpec year;
  year.kind = TransformKind::kGeneralize;
  year.generalizer.kind = "date";
  year.level = "year";
  EXPECT_EQ(Apply(OneColumn({"1990-03-07", "1990/12/31", "19850101"}), year),
            (std::vector<std::string>{"1990", "1990", "1985"}));
  TransformSpec bucket;
  bucket.kind = TransformKind::kBucket;
  bucket.width = 100;
  EXPECT_EQ(Apply(OneColumn({"1234", "99", "0.5"}), bucket),
            (std::vector<std::string>{"1200-1299", "0-99", "[0, 100)"}));
}

TEST(Transform, DateShiftKeepsIntervalsPerIndividual) {
  Table t({"id", "visit"});
  auto add = [&](std::string id, std::string d) {
    std::string_view f[] = {id, d};
    t.AppendRow(f, 0);
  };
  add("a", "2024-01-01");
  add("a", "2024-01-11");
  add("b", "2024-01-01");
  TransformSpec s;
  s.kind = TransformKind::kDateShift;
  s.subject_column = "id";
  s.max_days = 100;
  auto out = Apply(t, s, 1);
  auto d0 = CivilDate::Parse(out[0]), d1 = CivilDate::Parse(out[1]);
  ASSERT_TRUE(d0 && d1);
  EXPECT_EQ(d1->days_since_epoch() - d0->days_since_epoch(), 10);
  auto orig = CivilDate::Parse("2024-01-01");
  EXPECT_LE(std::llabs(d0->days_since_epoch() - orig->days_since_epoch()), 100);
}

TEST(Transform, RedactAndSuppressKeepEmptyCells) {
  TransformSpec s;
  s.kind = TransformKind::kRedact;
  EXPECT_EQ(Apply(OneColumn({"张三", ""}), s), (std::vector<std::string>{"[REDACTED]", ""}));
  s.kind = TransformKind::kSuppress;
  EXPECT_EQ(Apply(OneColumn({"x"}), s), (std::vector<std::string>{"*"}));
}

}  // namespace
}  // namespace xb::protect
