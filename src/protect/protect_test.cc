#include "protect/protect.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "protect/adult_test_util.h"
#include "protect/risk.h"

namespace xb::protect {
namespace {

Policy AdultPolicy(double limit, const std::string& extra = "") {
  std::string yaml = "quasi_identifiers:\n";
  for (const auto& c : testing::AdultColumns()) {
    yaml += "  " + c + ": {hierarchy: adult_hierarchy_" + c + ".csv}\n";
  }
  yaml += "privacy: {k_anonymity: 5, suppression_limit: " + std::to_string(limit) + extra + "}\n";
  auto p = ParsePolicy(yaml, testing::AdultDir() + "/policy.yaml");
  EXPECT_TRUE(p.ok()) << p.error().ToString();
  return p.ok() ? *p : Policy();
}

TEST(Protect, AdultOutputIsFiveAnonymousByIndependentCount) {
  Table adult = testing::LoadAdult();
  auto out = Protect(adult, AdultPolicy(0.05), {});
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  const Table& t = out->table;
  ASSERT_EQ(t.row_count(), adult.row_count());
  // Count classes by the published texts; rows that are "*" everywhere are suppressed.
  std::map<std::vector<std::string>, uint64_t> classes;
  uint64_t suppressed = 0;
  for (size_t r = 0; r < t.row_count(); ++r) {
    std::vector<std::string> key;
    bool stars = true;
    for (size_t c = 0; c < t.column_count(); ++c) {
      key.emplace_back(t.cell(r, c));
      stars = stars && t.cell(r, c) == "*";
    }
    if (stars) {
      ++suppressed;
    } else {
      ++classes[key];
    }
  }
  for (const auto& [k, n] : classes) EXPECT_GE(n, 5u);
  EXPECT_EQ(suppressed, out->report.suppressed_rows);
  EXPECT_LE(suppressed, static_cast<uint64_t>(0.05 * 30162));
  EXPECT_LE(out->report.metric_value, 0.2419 + 5e-5);
  EXPECT_EQ(
      out->report.risk_after.smallest_class, classes.empty() ? 0 : [&] {
        uint64_t m = UINT64_MAX;
        for (const auto& [k, n] : classes) m = std::min(m, n);
        return m;
      }());
  EXPECT_LE(out->report.risk_after.prosecutor_max, 0.2);
  EXPECT_GT(out->report.risk_before.sample_uniques, 0u);
  EXPECT_EQ(out->report.risk_after.sample_uniques, 0u);

  auto v = VerifyPrivacy(t, testing::AdultColumns(), "", AdultPolicy(0.05).model);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->satisfied) << v->failure;

  auto json = nlohmann::json::parse(ReportToJson(out->report));
  EXPECT_EQ(json["anonymization"]["levels"].size(), 9u);
  EXPECT_EQ(json["anonymization"]["metric"]["name"], "loss");
  EXPECT_TRUE(json["risk"]["before"].contains("prosecutor"));
}

TEST(Protect, VerifyCatchesAViolation) {
  Table t({"a", "s"});
  for (const char* v : {"x", "x", "y"}) {
    std::string_view f[] = {v, "1"};
    t.AppendRow(f, 0);
  }
  PrivacyModel m;
  m.k = 2;
  auto v = VerifyPrivacy(t, {"a"}, "", m);
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->satisfied);
  EXPECT_EQ(v->violating_classes, 1u);
}

TEST(Protect, MissingHierarchyValueNamesLineAndColumnNotValue) {
  Table adult = testing::LoadAdult();
  // Leave "Male" out of the sex hierarchy.
  const std::string dir = ::testing::TempDir() + "/protect_missing";
  std::string cmd = "mkdir -p " + dir;
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  for (const auto& c : testing::AdultColumns()) {
    auto text = ReadFile(testing::AdultDir() + "/adult_hierarchy_" + c + ".csv");
    ASSERT_TRUE(text.ok());
    std::string content = *text;
    if (c == "sex") content = "Female;*\n";
    ASSERT_TRUE(WriteFileAtomically(dir + "/adult_hierarchy_" + c + ".csv", content).ok());
  }
  Policy p = AdultPolicy(0);
  for (auto& q : p.quasi_identifiers) {
    q.hierarchy_file = dir + "/adult_hierarchy_" + q.column + ".csv";
  }
  ProtectOptions o;
  o.input_name = "adult.csv";
  auto out = Protect(adult, p, o);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().where.file, "adult.csv");
  EXPECT_EQ(out.error().where.field, "sex");
  EXPECT_EQ(out.error().where.line, 2);
  EXPECT_EQ(out.error().message.find("Male"), std::string::npos);
}

TEST(Protect, PolicyColumnAbsentFromDataIsAnError) {
  Table t({"a"});
  std::string_view f[] = {"1"};
  t.AppendRow(f, 2);
  auto p = ParsePolicy("columns:\n  a: keep\n  b: redact\n", "p.yaml");
  ASSERT_TRUE(p.ok());
  auto out = Protect(t, *p, {});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().where.file, "p.yaml");
  EXPECT_EQ(out.error().where.line, 3);
}

TEST(Protect, KLargerThanRowsIsAnError) {
  Table t({"age"});
  for (const char* v : {"30", "31"}) {
    std::string_view f[] = {v};
    t.AppendRow(f, 0);
  }
  auto p = ParsePolicy("quasi_identifiers:\n  age: {generalize: age}\nprivacy: {k_anonymity: 3}\n",
                       "p.yaml");
  ASSERT_TRUE(p.ok());
  auto out = Protect(t, *p, {});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(out.error().message.find("larger"), std::string::npos);
}

TEST(Protect, BuiltInHierarchiesAndTransformsTogether) {
  Table t({"name", "age", "city", "diagnosis"});
  const char* rows[][4] = {
      {"张三", "31", "130102199003074514", "flu"}, {"李四", "33", "130104199103074514", "cold"},
      {"王五", "36", "130105199203074514", "flu"}, {"赵六", "38", "130102199303074514", "cold"},
      {"钱七", "52", "110101198003074514", "flu"}, {"孙八", "55", "110102198103074514", "cold"},
      {"周九", "57", "110105198203074514", "flu"}, {"吴十", "59", "110106198303074514", "cold"},
  };
  for (auto& row : rows) {
    std::string_view f[] = {row[0], row[1], row[2], row[3]};
    t.AppendRow(f, 0);
  }
  auto p = ParsePolicy(R"(columns:
  name: redact
quasi_identifiers:
  age: {generalize: age}
  city: {generalize: cn_region}
privacy: {k_anonymity: 2, l_diversity: {column: diagnosis, l: 2}}
)",
                       "p.yaml");
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  auto out = Protect(t, *p, {});
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  const Table& o = out->table;
  EXPECT_EQ(o.cell(0, 0), "[REDACTED]");
  auto v = VerifyPrivacy(o, {"age", "city"}, "diagnosis", p->model);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->satisfied) << v->failure;
  // The two regions separate cleanly at the city level, ages at the 10-year band.
  EXPECT_EQ(o.cell(0, 2), "河北省石家庄市");
  EXPECT_EQ(o.cell(4, 2), "北京市");
  EXPECT_EQ(o.cell(0, 1), "30-39");
}

}  // namespace
}  // namespace xb::protect
