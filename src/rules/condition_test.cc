#include "rules/condition.h"

#include <gtest/gtest.h>

#include <string>

#include "core/civil_date.h"

namespace xb::rules {
namespace {

class ConditionTest : public ::testing::Test {
 protected:
  ConditionTest() {
    for (int i = 0; i < kNumFacts; ++i) facts_[i] = model_.Unknown(i);
  }
  void Set(int id, int64_t v) { facts_[id] = {v, v}; }
  // "T", "F" or "U".
  std::string Eval(const std::string& text) {
    auto c = Condition::Compile(text, model_, {true});
    EXPECT_TRUE(c.ok()) << text << ": " << c.error().ToString();
    if (!c.ok()) return "error";
    Interval r = c->Evaluate(facts_);
    return r.lo == 1 ? "T" : r.hi == 0 ? "F" : "U";
  }
  std::string CompileError(const std::string& text) {
    auto c = Condition::Compile(text, model_);
    return c.ok() ? "" : c.error().message;
  }

  FactModel model_;
  FactVector facts_;
};

TEST_F(ConditionTest, ComparisonsIncludeBoundariesAsWritten) {
  Set(kDataIndividuals, 100000);
  Set(kHistoryIndividualsYtd, 0);
  EXPECT_EQ(Eval("data.individuals >= 100_000"), "T");
  EXPECT_EQ(Eval("data.individuals < 100000"), "F");
  EXPECT_EQ(Eval("data.individuals > 99_999"), "T");
  EXPECT_EQ(Eval("data.individuals <= 99999"), "F");
  EXPECT_EQ(Eval("data.individuals == 100000"), "T");
  EXPECT_EQ(Eval("data.individuals != 100000"), "F");
  EXPECT_EQ(Eval("history.individuals_ytd + data.individuals >= 100000"), "T");
  Set(kHistoryIndividualsYtd, 1);
  EXPECT_EQ(Eval("history.individuals_ytd + data.individuals + 5 == 100006"), "T");
}

TEST_F(ConditionTest, ThreeValuedLogic) {
  // exporter.ciio unknown.
  EXPECT_EQ(Eval("exporter.ciio"), "U");
  EXPECT_EQ(Eval("not exporter.ciio"), "U");
  EXPECT_EQ(Eval("exporter.ciio and false"), "F");
  EXPECT_EQ(Eval("exporter.ciio or true"), "T");
  Set(kDataIndividuals, 5);
  // Unknown count: only definite when the interval decides it.
  EXPECT_EQ(Eval("history.individuals_ytd + data.individuals >= 5"), "T");
  EXPECT_EQ(Eval("history.individuals_ytd + data.individuals >= 6"), "U");
  EXPECT_EQ(Eval("history.individuals_ytd + data.individuals < 5"), "F");
  Set(kExporterCiio, 1);
  EXPECT_EQ(Eval("exporter.ciio and data.individuals > 1"), "T");
  EXPECT_EQ(Eval("(exporter.ciio and data.individuals > 10) or data.individuals == 5"), "T");
}

TEST_F(ConditionTest, ChainsStopAtTheFirstDecidingOperandWithTheSameAnswer) {
  // exporter.ciio unknown: a definite operand decides an and/or chain wherever it stands.
  EXPECT_EQ(Eval("false and exporter.ciio"), "F");
  EXPECT_EQ(Eval("exporter.ciio and false and exporter.state_organ"), "F");
  EXPECT_EQ(Eval("true or exporter.ciio"), "T");
  EXPECT_EQ(Eval("exporter.ciio or exporter.state_organ or true"), "T");
  EXPECT_EQ(Eval("true and exporter.ciio"), "U");
  EXPECT_EQ(Eval("false or exporter.ciio"), "U");
  EXPECT_EQ(Eval("(true or exporter.ciio) and exporter.ciio"), "U");
  EXPECT_EQ(Eval("not (false and exporter.ciio) and true"), "T");
  Set(kExporterCiio, 0);
  EXPECT_EQ(Eval("not exporter.ciio and (exporter.state_organ or true)"), "T");
  EXPECT_EQ(Eval("exporter.ciio or (exporter.state_organ and false)"), "F");
}

TEST_F(ConditionTest, EnumsCountriesSetsAndDates) {
  Set(kPurpose, *model_.SymbolIndex(kPurpose, "hr_management"));
  EXPECT_EQ(Eval("purpose == hr_management"), "T");
  EXPECT_EQ(Eval("purpose in {contract_performance, emergency}"), "F");
  EXPECT_EQ(Eval("purpose not in {contract_performance, emergency}"), "T");
  EXPECT_EQ(Eval("recipient.country == DE"), "U");
  Set(kRecipientCountry, *EncodeCountry("DE"));
  EXPECT_EQ(Eval("recipient.country in {AT, DE}"), "T");
  EXPECT_EQ(Eval("recipient.country != DE"), "F");
  EXPECT_EQ(Eval("health in data.categories"), "U");
  Set(kDataCategories, 1 << *model_.SymbolIndex(kDataCategories, "health"));
  EXPECT_EQ(Eval("health in data.categories"), "T");
  EXPECT_EQ(Eval("not identity in data.categories"), "T");
  Set(kAsOf, CivilDate::Parse("2024-03-22")->days_since_epoch());
  EXPECT_EQ(Eval("as_of >= 2024-03-22"), "T");
  EXPECT_EQ(Eval("as_of < 2024-03-22"), "F");
}

TEST_F(ConditionTest, WithinTestsThatASetHasNoOtherMember) {
  auto bits = [&](std::initializer_list<const char*> names) {
    int64_t m = 0;
    for (const char* n : names) m |= int64_t{1} << *model_.SymbolIndex(kDataSubjects, n);
    return m;
  };
  // Unknown: may hold anything.
  EXPECT_EQ(Eval("data.subjects within {employees}"), "U");
  Set(kDataSubjects, bits({"employees"}));
  EXPECT_EQ(Eval("data.subjects within {employees}"), "T");
  EXPECT_EQ(Eval("data.subjects within {employees, job_applicants}"), "T");
  EXPECT_EQ(Eval("not data.subjects within {employees}"), "F");
  Set(kDataSubjects, bits({"employees", "customers"}));
  EXPECT_EQ(Eval("data.subjects within {employees}"), "F");
  EXPECT_EQ(Eval("employees in data.subjects and data.subjects within {employees}"), "F");
  // Partly known: certainly has employees, may have customers.
  facts_[kDataSubjects] = {bits({"employees"}), bits({"employees", "customers"})};
  EXPECT_EQ(Eval("data.subjects within {employees}"), "U");
  EXPECT_EQ(Eval("data.subjects within {employees, customers}"), "T");
  // The empty set is within anything; "in" tests membership.
  Set(kDataSubjects, 0);
  EXPECT_EQ(Eval("data.subjects within {employees}"), "T");
  EXPECT_EQ(Eval("employees in data.subjects"), "F");
  EXPECT_NE(CompileError("purpose within {emergency}").find("set fact"), std::string::npos);
  EXPECT_NE(CompileError("data.subjects within {employes}").find("did you mean 'employees'"),
            std::string::npos);
  EXPECT_NE(CompileError("data.subjects within employees").find("'{'"), std::string::npos);
}

TEST_F(ConditionTest, FactMaskNamesWhatItReads) {
  auto c = Condition::Compile("exporter.ciio and data.individuals >= 1", model_);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->fact_mask(), (uint64_t{1} << kExporterCiio) | (uint64_t{1} << kDataIndividuals));
}

struct BadCase {
  const char* text;
  const char* message_part;
};

TEST_F(ConditionTest, RejectsWithColumnAndHint) {
  const BadCase cases[] = {
      {"exporter.ciio and data.important_data or purpose == emergency", "ambiguous"},
      {"exporter.cio", "did you mean 'exporter.ciio'"},
      {"purpose == hr_managment", "did you mean 'hr_management'"},
      {"data.individuals >= ", "ends where a value was expected"},
      {"data.individuals = 5", "'=='"},
      {"data.individuals >= 1 >= 0", "chained"},
      {"exporter.ciio && true", "'and'"},
      {"purpose + 1 > 2", "only counts can be added"},
      {"purpose < emergency", "orders numbers and dates"},
      {"recipient.country == germany", "ISO 3166-1"},
      {"data.individuals", "not a condition"},
      {"(exporter.ciio", "expected ')'"},
      {"", "empty condition"},
      {"decision.outcome == exempt", "known only after the decision"},
      {"data.categories == health", "set"},
      {"as_of >= 2024-02-30", "not a date"},
      {"data.individuals >= 1234567890123456789", "too large"},
      {"((((((((((((((((((exporter.ciio))))))))))))))))))", "nested too deeply"},
      {"exporter.ciio and ; true", "unexpected character"},
  };
  for (const auto& c : cases) {
    std::string err = CompileError(c.text);
    EXPECT_NE(err.find(c.message_part), std::string::npos) << c.text << " → " << err;
    if (*c.text) {
      EXPECT_NE(err.find("at column"), std::string::npos) << c.text << " → " << err;
    }
  }
}

TEST_F(ConditionTest, ColumnPointsAtTheProblem) {
  EXPECT_NE(CompileError("exporter.ciio and exporter.cio").find("at column 19"), std::string::npos);
}

}  // namespace
}  // namespace xb::rules

namespace xb::rules {
namespace {

TEST(ConditionCountBounds, ReadsSumsComparedWithConstants) {
  FactModel model;
  auto c = Condition::Compile(
      "not exporter.ciio and (history.individuals_ytd + data.individuals >= 1_000_000 or "
      "10_000 <= history.sensitive_individuals_ytd + data.sensitive_individuals) and "
      "data.individuals + 5 > 7 and purpose in {hr_management, emergency}",
      model);
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  auto bounds = c->CountBounds();
  ASSERT_EQ(bounds.size(), 2u);
  EXPECT_EQ(bounds[0].facts,
            (uint64_t{1} << kHistoryIndividualsYtd) | (uint64_t{1} << kDataIndividuals));
  EXPECT_EQ(bounds[0].op, Condition::Op::kGe);
  EXPECT_EQ(bounds[0].value, 1000000);
  EXPECT_EQ(bounds[1].facts, (uint64_t{1} << kHistorySensitiveIndividualsYtd) |
                                 (uint64_t{1} << kDataSensitiveIndividuals));
  EXPECT_EQ(bounds[1].op, Condition::Op::kGe);  // turned round
  EXPECT_EQ(bounds[1].value, 10000);
  EXPECT_TRUE(Condition().CountBounds().empty());
}

}  // namespace
}  // namespace xb::rules
